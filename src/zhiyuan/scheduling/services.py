"""Enqueuing periodic jobs that are due (``zhiyuan scheduler``).

For each declared job the due slot is the latest one at or before now. It is enqueued at most once:
inserting its :class:`ScheduledRun` row and enqueuing the task happen in one transaction, and the unique
(job, slot) constraint lets only one of any number of schedulers (or restarts) insert it. A slot missed
while no scheduler ran is made up once when one starts; older missed slots are not replayed."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.utils import timezone

from zhiyuan.scheduling.models import Heartbeat, ScheduledRun
from zhiyuan.scheduling.registry import Job, jobs

logger = logging.getLogger("zhiyuan.scheduling")

#: runs older than this are deleted (the latest run of each job is always kept)
KEEP = dt.timedelta(days=35)
ENQUEUED, ALREADY, FAILED = "enqueued", "already_enqueued", "failed"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one job's due slot."""

    job: str
    slot: dt.datetime
    status: str
    task_id: str = ""
    error: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "job": self.job,
            "slot": timezone.localtime(self.slot).isoformat(),
            "status": self.status,
            "task_id": self.task_id,
            "error": self.error,
        }


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def _taken(job: Job, slot: dt.datetime) -> bool:
    """Was this slot, or a later one, enqueued already? (A cheap look first; the unique constraint is what
    decides when two schedulers look at the same moment.)"""
    return ScheduledRun.objects.filter(job=job.name, slot__gte=slot).exists()


def enqueue_slot(job: Job, slot: dt.datetime) -> Outcome:
    """Enqueue ``job`` for ``slot`` unless that slot, or a later one, was enqueued already."""
    if _taken(job, slot):
        return Outcome(job.name, slot, ALREADY)
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(
                job=job.name, slot=slot, enqueued_at=timezone.now(), scheduler=_me()
            )
            result = job.task.enqueue(**job.kwargs_for(slot))
            run.task_id = str(result.id)[:64]
            run.save(update_fields=["task_id"])
            ScheduledRun.objects.filter(job=job.name, slot__lt=slot - KEEP).delete()
    except IntegrityError:
        return Outcome(job.name, slot, ALREADY)  # another scheduler took this slot
    except Exception as exc:  # one job that cannot be enqueued must not stop the others (logged)
        logger.exception("periodic job %s (slot %s) could not be enqueued", job.name, slot.isoformat())
        return Outcome(job.name, slot, FAILED, error=f"{type(exc).__name__}: {exc}")
    return Outcome(job.name, slot, ENQUEUED, run.task_id)


def run_due(now: dt.datetime | None = None) -> list[Outcome]:
    """Enqueue every job whose latest slot at ``now`` (default: the clock) is not enqueued yet."""
    moment = now or timezone.now()
    return [enqueue_slot(job, job.schedule.latest(moment)) for job in jobs()]


def last_runs() -> dict[str, ScheduledRun]:
    """The latest recorded run of each job."""
    latest: dict[str, ScheduledRun] = {}
    for run in ScheduledRun.objects.order_by("job", "-slot"):
        latest.setdefault(run.job, run)
    return latest


def _renew_connections() -> None:
    """Drop database connections that are broken or past their age, as Django does between requests
    (never one inside a transaction: a caller's, or a test's)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def beat(name: str) -> dt.datetime:
    """Record that the process ``name`` (scheduler, worker) is alive now; returns the moment."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"at": now, "host": _me()})
    return now


def heartbeats() -> dict[str, Heartbeat]:
    """The last heartbeat of each process."""
    return {h.name: h for h in Heartbeat.objects.all()}


def _fire(job: Job | None, clock: Callable[[], dt.datetime], report: Callable[[Outcome], None]) -> None:
    """Enqueue ``job``'s due slot (None: every job's, the sweep) and report what was not already done. A
    database that is down is logged; the next sweep tries again."""
    _renew_connections()
    try:
        now = clock()
        if job is None:
            beat("scheduler")
        outcomes = run_due(now) if job is None else [enqueue_slot(job, job.schedule.latest(now))]
    except DatabaseError:
        logger.exception("the scheduler could not reach the database; the next sweep tries again")
        connections.close_all()
        return
    for outcome in outcomes:
        if outcome.status != ALREADY:
            report(outcome)


def serve(
    interval: float,
    stop: threading.Event,
    report: Callable[[Outcome], None],
    clock: Callable[[], dt.datetime] = timezone.now,
) -> None:
    """Run until ``stop`` is set: APScheduler fires each job at its slots (its cron or interval trigger),
    and a sweep every ``interval`` seconds — the first at once — enqueues whatever is due and not yet
    enqueued (a slot missed while the process or the database was down). Jobs run one at a time in this
    thread (APScheduler's direct executor), so the scheduler holds one database connection."""
    scheduler = BlockingScheduler(
        executors={"default": DebugExecutor()},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=dt.UTC,
    )
    for job in jobs():
        scheduler.add_job(_fire, job.schedule.trigger(), args=[job, clock, report], id=job.name)
    scheduler.add_job(
        _fire,
        IntervalTrigger(seconds=interval, timezone=dt.UTC),
        args=[None, clock, report],
        id="zhiyuan.sweep",
        next_run_time=timezone.now(),
    )

    finished = threading.Event()

    def watch() -> None:  # shut the loop down once ``stop`` is set, even if it had not started yet then
        stop.wait()
        while not finished.is_set():
            if scheduler.running:
                scheduler.shutdown(wait=False)
                return
            finished.wait(0.05)

    watcher = threading.Thread(target=watch, name="scheduler-stop", daemon=True)
    watcher.start()
    try:
        if not stop.is_set():
            scheduler.start()  # blocks until the watcher shuts it down
    finally:
        finished.set()
        stop.set()
        watcher.join(timeout=5)
