"""The daily lapse check of measures (declared in the scheduling registry; run by ``zhiyuan db_worker``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from zhiyuan.scheduling.registry import Daily, Job, local_date, register


@task()
def lapse(today: str | None = None) -> list[int]:
    """Measures past their last day lapse on ``today`` (ISO date; default: today). Idempotent."""
    from zhiyuan.enforcement.measures.services import lapse_due

    return lapse_due(dt.date.fromisoformat(today) if today else timezone.localdate())


register(
    Job(
        "enforcement.measures_lapse",
        Daily(dt.time(0, 30)),
        lapse,
        arguments=lambda slot: {"today": local_date(slot).isoformat()},
        description="执行措施到期失效检查 daily lapse of measures past their last day",
    )
)
