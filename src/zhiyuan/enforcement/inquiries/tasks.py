"""The network's background jobs (run by ``zhiyuan db_worker``): the pump that sends inquiries and orders and
collects results, and the periodic jobs declared here — the sweep that resumes what a crashed worker left
(every minute), the standing re-queries due (daily 06:00) and the rounds of the repeated freezes (daily
07:00). All idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import task

from zhiyuan.enforcement.inquiries import dispatch, requery, teimosinha
from zhiyuan.scheduling.registry import Daily, Every, Job, local_date, register

SWEEP_BUDGET = 50.0


@task()
def network_pump(budget: float = 300.0) -> dict[str, Any]:
    """Send unsent inquiries and orders and collect results until nothing is left (or ``budget`` s)."""
    return dispatch.pump(budget=budget, threaded=True)


@task()
def network_sweep() -> dict[str, Any]:
    """Resume what is left (a worker killed mid-send, results still to come): a pump when work is left."""
    dispatch.prune_orphans()
    if not dispatch.work_left():
        return {"idle": 1}
    return dispatch.pump(budget=SWEEP_BUDGET, threaded=True)


@task()
def standing_requeries(today: str | None = None) -> int:
    """Ask the standing re-queries due by ``today`` (ISO date; default today)."""
    return requery.run_due(dt.date.fromisoformat(today) if today else timezone.localdate())


@task()
def repeated_freezes(today: str | None = None) -> int:
    """Run the day's round of every active repeated freeze."""
    return teimosinha.run_rounds(dt.date.fromisoformat(today) if today else timezone.localdate())


register(
    Job(
        "enforcement.network_sweep",
        Every(1),
        network_sweep,
        description="网络查控续发与结果收取 resume sending and collecting",
    )
)
register(
    Job(
        "enforcement.standing_requeries",
        Daily(dt.time(6, 0)),
        standing_requeries,
        arguments=lambda slot: {"today": local_date(slot).isoformat()},
        description="终本后定期复查 standing re-queries due",
    )
)
register(
    Job(
        "enforcement.repeated_freezes",
        Daily(dt.time(7, 0)),
        repeated_freezes,
        arguments=lambda slot: {"today": local_date(slot).isoformat()},
        description="轮巡冻结每日一轮 daily round of repeated freezes",
    )
)
