"""Background job: rebuild the indicator rollups. Enqueued after the transaction of a case write commits
(a ``post_save`` hook, see :mod:`zhiyuan.governance.apps`) and by a read that found them stale (a bulk
import writes without signals), at most once per ``DEBOUNCE_SECONDS`` per process and, where the task
backend can defer, run that long after the first request so a burst of writes costs one refresh.
Idempotent: a refresh of unchanged data does nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from zhiyuan.governance.refresh import refresh

DEBOUNCE_SECONDS = 30
_KEY = "zhiyuan.governance.refresh-requested"


@task()
def refresh_rollups(force: bool = False) -> dict[str, Any]:
    """Rebuild the rollups if the data changed since the last refresh (or when ``force``)."""
    return refresh(force=force).as_dict()


def _enqueue() -> None:
    if not cache.add(_KEY, True, timeout=DEBOUNCE_SECONDS):
        return
    job = refresh_rollups
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + dt.timedelta(seconds=DEBOUNCE_SECONDS))
    job.enqueue()


def request_refresh() -> None:
    """Ask for a refresh once the current transaction commits (debounced). A failure to enqueue is logged,
    never raised into the write that asked (``robust``): the next stale read asks again."""
    transaction.on_commit(_enqueue, robust=True)
