"""Background jobs: the daily lapse check, enqueued by ``zhiyuan performance tick --enqueue`` (or a
scheduler) and run by ``zhiyuan db_worker``. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import task

from zhiyuan.performance.ticking import tick as run_tick


@task()
def tick(today: str | None = None) -> dict[str, Any]:
    """Sanction warnings and automatic enforcement filing for ``today`` (ISO date; default: today)."""
    on = dt.date.fromisoformat(today) if today else timezone.localdate()
    return run_tick(on).as_dict()
