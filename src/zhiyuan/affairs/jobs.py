"""The affairs center's durable jobs: a small runner over django-tasks (the worker is ``zhiyuan
db_worker``).

An app registers a *handler* — a function of JSON arguments that is idempotent (run twice, it does its
work once: it looks at what is already done) — and enqueues a :class:`Job` for it inside the
transaction of the change that causes it. The job row is the durable record: its status, attempts and
last error; django-tasks' result row of each attempt keeps that attempt's traceback.

- An attempt that raises is retried after an exponential backoff (:func:`backoff`): the next attempt is
  enqueued with ``run_after`` on the database queue.
- After ``max_attempts`` attempts the job is a *dead letter*: staff see it on the dead-letter page and
  may retry it (audited, :func:`retry`).
- Each attempt claims the job by its attempt number, so a duplicated delivery runs nothing.
- The periodic sweep (:func:`sweep`, every few minutes) counts a job whose worker vanished mid-run (no
  end after :data:`LEASE`) as a failed attempt, and submits retries that are due but were never queued
  (a queue that runs tasks at once, as tests and development use, has no ``run_after``)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.affairs.models import Job, JobStatus
from zhiyuan.audit.services import record
from zhiyuan.law.errors import LawError

logger = logging.getLogger("zhiyuan.affairs")

Handler = Callable[..., Any]
_HANDLERS: dict[str, Handler] = {}

MAX_ATTEMPTS = 5
#: the backoff before the second attempt (seconds; doubled for each later one); settings may override
BACKOFF_SECONDS = 30
BACKOFF_MAX = dt.timedelta(hours=1)
#: a running attempt that has not ended after this long counts as failed (its worker vanished)
LEASE = dt.timedelta(minutes=30)
#: a retry this far past due and not started is submitted again by the sweep
GRACE = dt.timedelta(minutes=5)
PERMISSION = "affairs:batch"


def register_handler(name: str, handler: Handler) -> Handler:
    """Declare the handler ``name`` (``app.job``)."""
    _HANDLERS[name] = handler
    return handler


def handler(name: str) -> Handler | None:
    """The handler declared under ``name``."""
    return _HANDLERS.get(name)


def backoff(attempt: int) -> dt.timedelta:
    """The wait after failed attempt number ``attempt`` (1, 2, …): base × 2^(attempt-1), at most an hour."""
    base = float(getattr(settings, "ZHIYUAN_AFFAIRS_BACKOFF_SECONDS", BACKOFF_SECONDS))
    return min(dt.timedelta(seconds=base * 2 ** max(attempt - 1, 0)), BACKOFF_MAX)


def _defers() -> bool:
    """Does the task backend keep jobs for later (the database queue) rather than run them at once?"""
    return bool(task_backends[DEFAULT_TASK_BACKEND_ALIAS].supports_defer)


def _submit(job: Job, attempt: int, at: dt.datetime | None = None) -> None:
    """Hand attempt ``attempt`` of ``job`` to django-tasks: on the database queue in the caller's
    transaction (it commits with the job's row); on a queue that runs at once, after the caller commits
    — and a retry for later is left to the sweep."""
    from zhiyuan.affairs.tasks import run_job

    if _defers():
        queued = (run_job.using(run_after=at) if at is not None else run_job).enqueue(job.pk, attempt)
        Job.objects.filter(pk=job.pk).update(result_id=str(queued.id)[:64])
    elif at is None or at <= timezone.now():
        transaction.on_commit(lambda: run_job.enqueue(job.pk, attempt))


def enqueue(
    name: str,
    *,
    key: str,
    args: dict[str, Any] | None = None,
    court_id: int | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> Job:
    """Enqueue a job of handler ``name`` inside the caller's transaction. Idempotent on ``key``: a job
    with that key already enqueued is returned as it is."""
    if name not in _HANDLERS:
        raise ValueError(f"no job handler {name!r} is registered")
    with transaction.atomic():
        job, created = Job.objects.get_or_create(
            key=key,
            defaults={
                "handler": name,
                "args": args or {},
                "court_id": court_id,
                "max_attempts": max_attempts,
            },
        )
        if created:
            _submit(job, 1)
    return job


def run(job_id: int, attempt: int) -> str:
    """Attempt ``attempt`` of a job (what the worker runs). Raises the handler's error after recording it,
    so django-tasks' result of the attempt keeps the traceback."""
    claimed = Job.objects.filter(
        pk=job_id, attempts=attempt - 1, status__in=(JobStatus.QUEUED, JobStatus.RETRYING)
    ).update(status=JobStatus.RUNNING, attempts=attempt, started_at=timezone.now(), next_attempt_at=None)
    if not claimed:
        return f"job {job_id} attempt {attempt}: already run or not due (a duplicate delivery)"
    job = Job.objects.get(pk=job_id)
    function = _HANDLERS.get(job.handler)
    try:
        if function is None:
            raise LookupError(f"no job handler {job.handler!r} is registered")
        out = function(**job.args)
    except Exception as exc:  # any error of a handler is recorded on the job, then raised for the result
        fail(job, f"{type(exc).__name__}: {exc}")
        raise
    Job.objects.filter(pk=job_id, attempts=attempt).update(
        status=JobStatus.DONE, finished_at=timezone.now(), last_error=""
    )
    return str(out if out is not None else "done")[:500]


def fail(job: Job, error: str) -> None:
    """Record a failed attempt: retry after the backoff, or a dead letter after the last attempt."""
    now = timezone.now()
    with transaction.atomic():
        if job.attempts >= job.max_attempts:
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.DEAD, finished_at=now, last_error=error[:4000]
            )
            logger.error(
                "job %s (%s) is a dead letter after %s attempts: %s", job.pk, job.handler, job.attempts, error
            )
            return
        at = now + backoff(job.attempts)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.RETRYING, next_attempt_at=at, last_error=error[:4000]
        )
        _submit(job, job.attempts + 1, at)


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Count vanished attempts as failed and submit retries that are due but were not queued."""
    moment = now or timezone.now()
    lost = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=moment - LEASE):
        lost += 1
        fail(job, "WorkerLost: the attempt did not end (its worker stopped)")
    due = Job.objects.filter(
        status=JobStatus.RETRYING, next_attempt_at__lte=moment - (GRACE if _defers() else dt.timedelta())
    )
    resubmitted = 0
    for job in due:
        with transaction.atomic():
            _submit(job, job.attempts + 1)
        resubmitted += 1
    return {"lost": lost, "resubmitted": resubmitted}


# ------------------------------------------------------------------------------------------- dead letters


def dead_letters(user: Any) -> Any:
    """The dead jobs ``user`` may see: of the courts in their scope (and those of no court)."""
    from django.db.models import Q

    courts = scope_of(user).court_ids
    return Job.objects.filter(status=JobStatus.DEAD).filter(Q(court_id__in=courts) | Q(court__isnull=True))


def retry(user: Any, job: Job, request: Any = None) -> Job:
    """Staff send a dead letter back to the queue for a fresh set of attempts (audited)."""
    authorize(user, PERMISSION, request, obj=job)
    if job.court_id is not None and job.court_id not in scope_of(user).court_ids:
        raise refuse(
            user,
            "job_out_of_scope",
            "该作业不在您的权限范围内。",
            "The job is outside your scope.",
            request,
            obj=job,
        )
    with transaction.atomic():
        changed = Job.objects.filter(pk=job.pk, status=JobStatus.DEAD).update(
            status=JobStatus.QUEUED, attempts=0, finished_at=None, next_attempt_at=None
        )
        if not changed:
            raise LawError("job_not_dead", "只有失败的作业可以重试。", "Only a dead job can be retried.")
        job.refresh_from_db()
        record(
            actor_of(user, request),
            "affairs.job.retry",
            obj=job,
            after={"handler": job.handler, "last_error": job.last_error[:200]},
        )
        _submit(job, 1)
    return job
