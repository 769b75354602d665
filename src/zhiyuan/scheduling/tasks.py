"""The scheduler's own periodic jobs: the worker's heartbeat — enqueued every five minutes and run by
``zhiyuan db_worker``, so a recent ``worker`` heartbeat shows both that jobs are enqueued and that they are
run — and the nightly pruning of finished job results (kept :data:`KEEP_RESULTS_DAYS` days)."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.core.management import call_command
from django_tasks import task

from zhiyuan.scheduling.registry import Daily, Every, Job, register
from zhiyuan.scheduling.services import beat

#: finished (and failed) job results older than this are deleted by the nightly pruning
KEEP_RESULTS_DAYS = 35
HEARTBEAT_MINUTES = 5


@task()
def heartbeat() -> str:
    """Record that a worker ran a job now."""
    return beat("worker").isoformat()


@task()
def prune_results() -> str:
    """Delete finished job results older than :data:`KEEP_RESULTS_DAYS` days (django-tasks-db's command)."""
    if not str(settings.TASKS["default"]["BACKEND"]).endswith("DatabaseBackend"):
        return "no stored task results (the task backend keeps none)"
    out = io.StringIO()
    call_command("prune_db_task_results", min_age_days=KEEP_RESULTS_DAYS, stdout=out, stderr=out)
    return f"finished task results older than {KEEP_RESULTS_DAYS} days pruned"


register(
    Job(
        "scheduling.heartbeat",
        Every(HEARTBEAT_MINUTES),
        heartbeat,
        description="工作进程心跳 the worker's heartbeat",
    )
)
register(
    Job(
        "scheduling.prune",
        Daily(dt.time(3, 30)),
        prune_results,
        description="清理已完成的后台任务记录 prune finished job results",
    )
)
