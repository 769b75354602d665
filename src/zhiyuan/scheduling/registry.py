"""The one declaration of periodic jobs (ARCHITECTURE.md §2). An app declares its jobs in its ``tasks``
module, next to the task they enqueue::

    register(Job("performance.tick", Daily(dt.time(1, 0)), tick,
                 arguments=lambda slot: {"today": local_date(slot).isoformat()}))

and ``zhiyuan scheduler`` enqueues each job once per *slot*: the moment it falls due (a day at HH:MM in
Asia/Shanghai, or every N minutes). The slots are APScheduler's triggers (cron and interval); the
scheduler process is APScheduler's timer loop (:mod:`zhiyuan.scheduling.services`). This module imports no app: the apps import it, so it sits below all
of them, and the scheduler finds the declarations by importing every installed app's ``tasks`` module."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

#: the courts' time zone: daily jobs are declared in local time
DEFAULT_TZ = "Asia/Shanghai"
NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def local_date(slot: dt.datetime, tz: str = DEFAULT_TZ) -> dt.date:
    """The calendar day a slot falls on in ``tz`` (the day a daily job is for)."""
    return slot.astimezone(ZoneInfo(tz)).date()


#: how far back :func:`_latest` looks for a trigger's most recent fire time, beyond one period
_LOOKBACK_SLACK = dt.timedelta(hours=2)


def _latest(trigger: BaseTrigger, period: dt.timedelta, now: dt.datetime) -> dt.datetime:
    """The most recent fire time of ``trigger`` at or before ``now`` (UTC). APScheduler's triggers answer
    only "next at or after"; stepping forward from one period (plus slack for a daylight-saving shift)
    before ``now`` finds it."""
    moment = now.astimezone(dt.UTC)
    fire: dt.datetime | None = trigger.get_next_fire_time(None, moment - period - _LOOKBACK_SLACK)
    latest: dt.datetime | None = None
    while fire is not None and fire <= moment:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + dt.timedelta(microseconds=1))
    if latest is None:  # pragma: no cover - every schedule fires at least once per period
        raise ValueError(f"{trigger} does not fire within {period} before {moment}")
    return latest.astimezone(dt.UTC)


def _following(trigger: BaseTrigger, slot: dt.datetime) -> dt.datetime:
    fire: dt.datetime | None = trigger.get_next_fire_time(slot, slot + dt.timedelta(microseconds=1))
    if fire is None:  # pragma: no cover - our triggers never end
        raise ValueError(f"{trigger} does not fire after {slot}")
    return fire.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Daily:
    """Once a day at ``at`` (local time in ``tz``): APScheduler's cron trigger, so a local time that a
    daylight-saving change skips or repeats is handled as APScheduler documents."""

    at: dt.time
    tz: str = DEFAULT_TZ

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ValueError("Daily(at=...) is a local time of day without a time zone; pass tz=...")
        ZoneInfo(self.tz)  # an unknown zone fails at declaration, not at 2 a.m.

    def trigger(self) -> BaseTrigger:
        """The APScheduler trigger firing at each slot."""
        at = self.at
        return CronTrigger(hour=at.hour, minute=at.minute, second=at.second, timezone=ZoneInfo(self.tz))

    def latest(self, now: dt.datetime) -> dt.datetime:
        """The most recent slot at or before ``now`` (UTC)."""
        return _latest(self.trigger(), dt.timedelta(days=1), now)

    def following(self, slot: dt.datetime) -> dt.datetime:
        """The slot after ``slot`` (UTC)."""
        return _following(self.trigger(), slot)

    def describe(self) -> str:
        """Human form, both languages."""
        return f"每日 daily {self.at:%H:%M} {self.tz}"


#: the origin of interval slots: they fall on the multiples of the interval since this moment
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Every:
    """Every ``minutes`` minutes, on the multiples of that interval since 1970-01-01 00:00 UTC
    (APScheduler's interval trigger started at :data:`EPOCH`)."""

    minutes: int

    def __post_init__(self) -> None:
        if not isinstance(self.minutes, int) or self.minutes < 1:
            raise ValueError("Every(minutes=...) needs a whole number of minutes, at least 1")

    def trigger(self) -> BaseTrigger:
        """The APScheduler trigger firing at each slot."""
        return IntervalTrigger(minutes=self.minutes, start_date=EPOCH, timezone=dt.UTC)

    def latest(self, now: dt.datetime) -> dt.datetime:
        """The most recent slot at or before ``now`` (UTC)."""
        return _latest(self.trigger(), dt.timedelta(minutes=self.minutes), now)

    def following(self, slot: dt.datetime) -> dt.datetime:
        """The slot after ``slot`` (UTC)."""
        return _following(self.trigger(), slot)

    def describe(self) -> str:
        """Human form, both languages."""
        return f"每 {self.minutes} 分钟 every {self.minutes} min"


Schedule = Daily | Every


@dataclass(frozen=True, slots=True)
class Job:
    """A periodic job: a stable ``name`` (``app.job``; it keys the record of runs, so never rename it
    lightly), when it runs, the django-tasks task it enqueues, and the task's keyword arguments for a slot.
    The task must be idempotent: a slot missed while no scheduler ran is made up once, not once per
    missed slot."""

    name: str
    schedule: Schedule
    task: Task[..., Any]
    arguments: Callable[[dt.datetime], Mapping[str, Any]] | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if not NAME.match(self.name) or len(self.name) > 100:
            raise ValueError(f"job name {self.name!r}: use app.job in lower case (at most 100 characters)")

    def kwargs_for(self, slot: dt.datetime) -> dict[str, Any]:
        """The task's keyword arguments for ``slot``."""
        return dict(self.arguments(slot)) if self.arguments is not None else {}


_JOBS: dict[str, Job] = {}
_discovered = False


def register(job: Job) -> Job:
    """Declare ``job``. Declaring the same name again for the same task replaces it (a module imported
    twice); for another task it is an error."""
    existing = _JOBS.get(job.name)
    if existing is not None and existing.task.module_path != job.task.module_path:
        raise ValueError(
            f"periodic job {job.name!r} is already declared for {existing.task.module_path}, "
            f"not {job.task.module_path}"
        )
    _JOBS[job.name] = job
    return job


def jobs() -> list[Job]:
    """Every declared job, by name (importing each installed app's ``tasks`` module the first time)."""
    global _discovered
    if not _discovered:
        autodiscover_modules("tasks")
        _discovered = True
    return [_JOBS[name] for name in sorted(_JOBS)]
