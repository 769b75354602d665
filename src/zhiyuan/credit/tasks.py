"""Background job: the daily credit sweep — publication after the grace period, deletion of listings of
cases closed by an Art 10 trigger, and of listings whose period expired — enqueued by ``zhiyuan
scheduler`` each day at 01:30 and run by ``zhiyuan db_worker``. Idempotent. And every ten minutes the
public query's ended rate-limit windows are forgotten."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import task

from zhiyuan.credit.public import prune_windows
from zhiyuan.credit.services import sweep as run_sweep
from zhiyuan.scheduling.registry import Daily, Every, Job, local_date, register


@task()
def sweep(today: str | None = None) -> dict[str, Any]:
    """Publish and delete what is due on ``today`` (ISO date; default: today)."""
    on = dt.date.fromisoformat(today) if today else timezone.localdate()
    return run_sweep(on)


register(
    Job(
        "credit.sweep",
        Daily(dt.time(1, 30)),
        sweep,
        arguments=lambda slot: {"today": local_date(slot).isoformat()},
        description="失信名单每日公布与删除 daily publication and deletion of dishonest-debtor listings",
    )
)


@task()
def prune_query_windows() -> dict[str, Any]:
    """Forget the public query's counts of windows that have ended."""
    return {"deleted": prune_windows()}


register(
    Job(
        "credit.prune_query_windows",
        Every(10),
        prune_query_windows,
        description="公开查询计数清理 forget the public query's ended rate-limit windows",
    )
)
