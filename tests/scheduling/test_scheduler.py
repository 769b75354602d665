"""The scheduler: apps declare periodic jobs in one registry; ``zhiyuan scheduler`` enqueues each slot of
each job once — across restarts and parallel schedulers — in the same transaction as the record of it."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.races import skip_on_one_connection
from zhiyuan.scheduling import registry, services
from zhiyuan.scheduling.models import ScheduledRun
from zhiyuan.scheduling.registry import Daily, Every, Job, jobs, local_date, register

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CHECKPOINT = "zhiyuan.audit.tasks.checkpoint"
TICK = "zhiyuan.performance.tasks.tick"
ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


def at(text: str) -> dt.datetime:
    """A moment in Asia/Shanghai."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def once(now: str, *extra: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("scheduler", "--once", "--json", "--now", now, *extra, stdout=out)
    return json.loads(out.getvalue())


def enqueued(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at"))


#: the apps' jobs these tests follow (the scheduler's own heartbeat and pruning are tested apart)
APP_JOBS = ("audit.checkpoint", "performance.tick")


@pytest.fixture
def queued() -> Iterator[None]:
    """Jobs go into the database queue (as in production) instead of running inline; only the apps' jobs
    are declared."""
    jobs()
    saved = dict(registry._JOBS)
    registry._JOBS.clear()
    registry._JOBS.update({name: saved[name] for name in APP_JOBS})
    try:
        with override_settings(TASKS=DATABASE_TASKS):
            yield
    finally:
        registry._JOBS.clear()
        registry._JOBS.update(saved)


@pytest.fixture
def own_registry() -> Iterator[None]:
    """Jobs a test declares disappear after it."""
    jobs()  # discover the apps' jobs first
    saved = dict(registry._JOBS)
    yield
    registry._JOBS.clear()
    registry._JOBS.update(saved)


def test_apps_declare_their_jobs_in_the_one_registry() -> None:
    declared = {job.name: job for job in jobs()}
    assert declared["audit.checkpoint"].task.module_path == CHECKPOINT
    assert declared["performance.tick"].task.module_path == TICK
    assert declared["audit.checkpoint"].schedule == Daily(dt.time(2, 0))
    assert declared["performance.tick"].schedule == Daily(dt.time(1, 0))


def test_daily_slots_are_local_times_in_shanghai() -> None:
    daily = Daily(dt.time(2, 0))
    assert daily.latest(at("2026-05-01T01:59:59")) == at("2026-04-30T02:00")
    assert daily.latest(at("2026-05-01T02:00:00")) == at("2026-05-01T02:00")
    assert daily.latest(at("2026-05-01T23:59:00")) == at("2026-05-01T02:00")
    # 2026-04-30 18:30 UTC is already 1 May in Shanghai
    assert daily.latest(dt.datetime(2026, 4, 30, 18, 30, tzinfo=dt.UTC)) == at("2026-05-01T02:00")
    assert daily.following(at("2026-05-01T02:00")) == at("2026-05-02T02:00")
    assert local_date(at("2026-05-01T01:00")) == dt.date(2026, 5, 1)
    every = Every(15)
    assert every.latest(at("2026-05-01T10:14:59")) == at("2026-05-01T10:00")
    assert every.latest(at("2026-05-01T10:15:00")) == at("2026-05-01T10:15")
    with pytest.raises(ValueError, match="minutes"):
        Every(0)
    with pytest.raises(ValueError, match="time zone"):
        Daily(dt.time(2, 0, tzinfo=dt.UTC))


@pytest.mark.django_db
def test_a_job_name_is_declared_for_one_task_only(own_registry: None) -> None:
    declared = {job.name: job for job in jobs()}
    with pytest.raises(ValueError, match="already declared"):
        register(Job("audit.checkpoint", Daily(dt.time(3, 0)), declared["performance.tick"].task))
    with pytest.raises(ValueError, match=r"app\.job"):
        Job("Bad Name", Every(5), declared["performance.tick"].task)


@pytest.mark.django_db
def test_once_enqueues_each_due_slot_once(queued: None) -> None:
    first = once("2026-05-01T02:30")
    assert {o["job"]: o["status"] for o in first} == {
        "audit.checkpoint": "enqueued",
        "performance.tick": "enqueued",
    }
    assert len(enqueued(CHECKPOINT)) == 1
    [tick] = enqueued(TICK)
    assert tick.args_kwargs == {"args": [], "kwargs": {"today": "2026-05-01"}}
    # a restart later the same day: the same slots, already enqueued
    again = once("2026-05-01T23:00")
    assert {o["status"] for o in again} == {"already_enqueued"}
    # a clock set back does not replay an older slot either
    assert {o["status"] for o in once("2026-04-29T12:00")} == {"already_enqueued"}
    assert len(enqueued(CHECKPOINT)) == 1
    assert len(enqueued(TICK)) == 1
    # the next day brings the next slot
    once("2026-05-02T02:00")
    assert len(enqueued(CHECKPOINT)) == 2
    assert enqueued(TICK)[-1].args_kwargs["kwargs"] == {"today": "2026-05-02"}
    runs = ScheduledRun.objects.filter(job="audit.checkpoint").order_by("slot")
    assert [r.slot for r in runs] == [at("2026-05-01T02:00"), at("2026-05-02T02:00")]
    assert all(r.task_id for r in runs)


@pytest.mark.django_db
def test_the_unique_slot_decides_when_two_schedulers_look_at_once(
    queued: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both saw the slot free: the second insert fails, and nothing more is enqueued."""
    once("2026-05-01T02:30")
    monkeypatch.setattr(services, "_taken", lambda job, slot: False)
    assert {o["status"] for o in once("2026-05-01T02:30")} == {"already_enqueued"}
    assert len(enqueued(CHECKPOINT)) == 1
    assert len(enqueued(TICK)) == 1


@pytest.mark.django_db
def test_before_the_first_slot_of_the_day_the_previous_one_is_due(queued: None) -> None:
    """A scheduler started at 00:30 makes up yesterday's slots once (the jobs are idempotent)."""
    out = once("2026-05-01T00:30")
    assert {o["job"]: o["slot"] for o in out} == {
        "audit.checkpoint": "2026-04-30T02:00:00+08:00",
        "performance.tick": "2026-04-30T01:00:00+08:00",
    }
    assert enqueued(TICK)[0].args_kwargs["kwargs"] == {"today": "2026-04-30"}


@pytest.mark.django_db
def test_old_runs_are_pruned_but_the_latest_kept(queued: None) -> None:
    once("2026-03-01T03:00")
    once("2026-04-01T03:00")
    once("2026-05-01T03:00")
    slots = set(ScheduledRun.objects.filter(job="performance.tick").values_list("slot", flat=True))
    assert slots == {at("2026-05-01T01:00"), at("2026-04-01T01:00")}  # 1 March is > 35 days before


@pytest.mark.django_db
def test_a_job_that_cannot_be_enqueued_fails_alone_and_is_retried(queued: None, own_registry: None) -> None:
    tick = next(j for j in jobs() if j.name == "performance.tick")
    register(Job("test.broken", Every(60), tick.task, arguments=lambda slot: {"today": 1 / 0}))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("scheduler", "--once", "--now", "2026-05-01T03:00", stdout=out)
    assert exited.value.code == 1
    assert "test.broken" in out.getvalue()
    assert "ZeroDivisionError" in out.getvalue()
    assert not ScheduledRun.objects.filter(job="test.broken").exists()  # nothing recorded: tried again
    assert len(enqueued(TICK)) == 1  # the others went ahead


@pytest.mark.django_db
def test_bad_arguments_exit_2() -> None:
    with pytest.raises(CommandError) as err:
        call_command("scheduler", "--once", "--now", "2026-13-01", stdout=io.StringIO())
    assert err.value.returncode == 2
    assert "ISO 8601" in str(err.value)
    with pytest.raises(CommandError) as err:
        call_command("scheduler", "--now", "2026-05-01T02:00", stdout=io.StringIO())
    assert err.value.returncode == 2


@pytest.mark.django_db
def test_list_shows_each_job_with_its_last_and_next_slot(queued: None) -> None:
    once("2026-05-01T02:30")
    out = io.StringIO()
    call_command("scheduler", "--list", "--json", stdout=out)
    rows = {r["job"]: r for r in json.loads(out.getvalue())}
    assert rows["audit.checkpoint"]["task"] == CHECKPOINT
    assert rows["audit.checkpoint"]["last_slot"] == at("2026-05-01T02:00").isoformat()
    assert "02:00 Asia/Shanghai" in rows["audit.checkpoint"]["schedule"]


@pytest.mark.django_db
def test_serve_runs_until_stopped(queued: None) -> None:
    stop = threading.Event()
    seen: list[services.Outcome] = []

    def report(outcome: services.Outcome) -> None:
        seen.append(outcome)
        if len(seen) == 2:
            stop.set()

    watchdog = threading.Timer(20, stop.set)  # a loop that never reports must not hang the suite
    watchdog.start()
    services.serve(0.01, stop, report, clock=lambda: at("2026-05-01T02:30"))
    watchdog.cancel()
    assert sorted(o.job for o in seen) == ["audit.checkpoint", "performance.tick"]
    assert {o.status for o in seen} == {"enqueued"}


@pytest.mark.django_db(transaction=True)
def test_parallel_schedulers_enqueue_a_slot_once(queued: None) -> None:
    skip_on_one_connection()
    rounds, schedulers = 3, 4
    errors: list[BaseException] = []
    results: list[list[dict[str, str]]] = []
    gate = threading.Barrier(schedulers)

    def scheduler(day: int) -> None:
        try:
            gate.wait()
            results.append(once(f"2026-05-0{day}T02:30"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    with override_settings(TASKS=DATABASE_TASKS):
        for day in range(1, rounds + 1):
            threads = [threading.Thread(target=scheduler, args=(day,)) for _ in range(schedulers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    assert errors == []
    assert len(results) == rounds * schedulers
    statuses = [o["status"] for r in results for o in r]
    assert statuses.count("enqueued") == rounds * 2  # two jobs, once per day, whoever won
    assert statuses.count("already_enqueued") == rounds * 2 * (schedulers - 1)
    assert DBTaskResult.objects.filter(task_path=CHECKPOINT).count() == rounds
    assert DBTaskResult.objects.filter(task_path=TICK).count() == rounds
    assert ScheduledRun.objects.count() == rounds * 2


def test_slots_come_from_apschedulers_triggers_across_month_and_year_ends() -> None:
    daily = Daily(dt.time(1, 0))
    assert daily.latest(at("2027-01-01T00:59")) == at("2026-12-31T01:00")
    assert daily.following(at("2028-02-28T01:00")) == at("2028-02-29T01:00")  # a leap day
    every = Every(60)
    assert every.latest(at("2027-01-01T07:59:59")) == at("2027-01-01T07:00")
    assert every.following(at("2027-01-01T07:00")) == at("2027-01-01T08:00")


def test_the_scheduler_process_catches_up_at_start_and_stops_on_sigterm(tmp_path: Path) -> None:
    """The real process: APScheduler's loop enqueues the due slots at once (the sweep), then SIGTERM ends it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_") and k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    subprocess.run([ZHIYUAN, "migrate", "-v0"], env=env, check=True, capture_output=True)
    process = subprocess.Popen(
        [ZHIYUAN, "scheduler", "--interval", "0.5"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        lines: list[str] = []
        # until the last job checked below is enqueued (other jobs may come between, in name order)
        while time.monotonic() < deadline and not any(
            "performance.tick" in ln and "enqueued:" in ln for ln in lines
        ):
            line = process.stdout.readline() if process.stdout else ""
            if not line:
                break
            lines.append(line)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    lines += out.splitlines()
    assert process.returncode == 0, err
    assert any("audit.checkpoint" in line and "enqueued:" in line for line in lines)
    assert any("performance.tick" in line and "enqueued:" in line for line in lines)
    assert "scheduler stopped" in lines[-1]


@pytest.mark.django_db
def test_the_worker_heartbeat_and_the_pruning_are_jobs_of_their_own() -> None:
    declared = {job.name: job for job in jobs()}
    assert declared["scheduling.heartbeat"].schedule == Every(5)
    assert declared["scheduling.prune"].schedule == Daily(dt.time(3, 30))
    declared["scheduling.heartbeat"].task.call()  # what the worker runs
    assert services.heartbeats()["worker"].at <= timezone.now()
    with override_settings(TASKS=DATABASE_TASKS):
        old, recent = (declared["scheduling.heartbeat"].task.enqueue() for _ in range(2))
        long_ago = timezone.now() - dt.timedelta(days=36)
        DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())
        DBTaskResult.objects.filter(id=old.id).update(finished_at=long_ago)
        declared["scheduling.prune"].task.call()
        assert [str(i) for i in DBTaskResult.objects.values_list("id", flat=True)] == [str(recent.id)]
