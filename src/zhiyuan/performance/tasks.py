"""Background jobs: the daily lapse check, enqueued by ``zhiyuan scheduler`` each day at 01:00 (declared
below) or by ``zhiyuan performance tick --enqueue``, and run by ``zhiyuan db_worker``. Idempotent: running
it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import task

from zhiyuan.performance.ticking import tick as run_tick
from zhiyuan.scheduling.registry import Daily, Job, local_date, register


@task()
def tick(today: str | None = None) -> dict[str, Any]:
    """Sanction warnings and automatic enforcement filing for ``today`` (ISO date; default: today)."""
    on = dt.date.fromisoformat(today) if today else timezone.localdate()
    return run_tick(on).as_dict()


register(
    Job(
        "performance.tick",
        Daily(dt.time(1, 0)),
        tick,
        arguments=lambda slot: {"today": local_date(slot).isoformat()},
        description="履行期每日检查 daily lapse check of voluntary performance",
    )
)
