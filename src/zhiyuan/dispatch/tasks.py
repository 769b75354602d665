"""Background job: the daily check of dispatch deadlines and overdue orders, enqueued by ``zhiyuan
scheduler`` each day at 02:10 (declared below) and run by ``zhiyuan db_worker``. Idempotent: a dispatch or
an order is noted overdue once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import task

from zhiyuan.dispatch import services
from zhiyuan.dispatch.orders import services as orders
from zhiyuan.scheduling.registry import Daily, Job, local_date, register


@task()
def daily_check(today: str | None = None) -> dict[str, Any]:
    """Note overdue dispatches and escalate overdue orders for ``today`` (ISO date; default: today)."""
    on = dt.date.fromisoformat(today) if today else timezone.localdate()
    return {"dispatches_overdue": services.note_overdue(on), "orders_escalated": orders.escalate_overdue(on)}


register(
    Job(
        "dispatch.daily_check",
        Daily(dt.time(2, 10)),
        daily_check,
        arguments=lambda slot: {"today": local_date(slot).isoformat()},
        description="调度期限与交办逾期每日检查 daily check of dispatch deadlines and overdue orders",
    )
)
