"""Background job: the daily signed checkpoint of the audit log (declared with the scheduler below, run by
``zhiyuan db_worker``). It verifies the whole chain first, so a broken chain fails the job (and is
audited) instead of being signed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django_tasks import task

from zhiyuan.audit.services import Actor, write_checkpoint
from zhiyuan.scheduling.registry import Daily, Job, register


@task()
def checkpoint() -> dict[str, Any]:
    """Verify, sign and store a checkpoint; file a copy in ``ZHIYUAN_AUDIT_CHECKPOINT_DIR`` when set."""
    cp, files = write_checkpoint(Actor.system("zhiyuan scheduler: audit.checkpoint"))
    return {"size": cp["size"], "root": cp["root"], "at": cp["at"], "files": [str(p) for p in files]}


register(
    Job(
        "audit.checkpoint",
        Daily(dt.time(2, 0)),
        checkpoint,
        description="审计日志每日签名检查点 daily signed checkpoint of the audit log",
    )
)
