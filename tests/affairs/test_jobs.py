"""The durable job runner on django-tasks' database queue, run by the worker's own code (the
``db_worker`` command's ``Worker.run_task``): a failing attempt is retried after an exponential backoff
(``run_after``), the last failure makes a dead letter staff see and retry (audited), a duplicated delivery
runs nothing, an attempt whose worker vanished counts as failed, and enqueuing is idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from zhiyuan.affairs import jobs
from zhiyuan.affairs.models import Job, JobStatus
from zhiyuan.affairs.tasks import run_job
from zhiyuan.audit.models import AuditEntry
from zhiyuan.law.errors import Denied

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RUN_JOB = "zhiyuan.affairs.tasks.run_job"
CALLS: list[dict[str, Any]] = []


def flaky(n: int, fail_first: int) -> str:
    """Fails its first ``fail_first`` calls, then succeeds."""
    CALLS.append({"n": n})
    if len(CALLS) <= fail_first:
        raise ConnectionError(f"network down (call {len(CALLS)})")
    return f"ok {n}"


@pytest.fixture
def queue() -> Iterator[None]:
    """Jobs go to the database queue, as in production; backoff starts at 60 s."""
    CALLS.clear()
    jobs.register_handler("tests.flaky", flaky)
    with override_settings(TASKS=DATABASE_TASKS, ZHIYUAN_AFFAIRS_BACKOFF_SECONDS=60):
        yield


def work() -> int:
    """Run every task of the queue that is due now, as ``zhiyuan db_worker`` does; how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().filter(task_path=RUN_JOB).first()) is not None:
        result.claim("test")
        worker.run_task(result)
        ran += 1
    return ran


def time_passes() -> None:
    """Every deferred attempt falls due."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - dt.timedelta(seconds=1))


def test_backoff_doubles_up_to_an_hour() -> None:
    with override_settings(ZHIYUAN_AFFAIRS_BACKOFF_SECONDS=30):
        assert [jobs.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
        assert jobs.backoff(20) == dt.timedelta(hours=1)


def test_a_failing_job_is_retried_with_backoff_until_it_succeeds(queue: None) -> None:
    with transaction.atomic():
        job = jobs.enqueue("tests.flaky", key="t:1", args={"n": 7, "fail_first": 2})
    assert DBTaskResult.objects.filter(task_path=RUN_JOB).count() == 1  # committed with the job's row
    assert work() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RETRYING, 1)
    assert job.last_error == "ConnectionError: network down (call 1)"
    retry = DBTaskResult.objects.get(pk=job.result_id)
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 50 < wait <= 60
    assert retry.status == "READY"
    assert work() == 0  # not due yet
    time_passes()
    assert work() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RETRYING, 2)
    wait = (DBTaskResult.objects.get(pk=job.result_id).run_after - timezone.now()).total_seconds()
    assert 110 < wait <= 120  # doubled
    time_passes()
    assert work() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, job.last_error) == (JobStatus.DONE, 3, "")
    results = list(DBTaskResult.objects.filter(task_path=RUN_JOB).order_by("enqueued_at"))
    assert [r.status for r in results] == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert "ConnectionError" in results[0].traceback  # django-tasks keeps each attempt's traceback
    assert results[2].return_value == "ok 7"
    assert len(CALLS) == 3


def test_the_last_failure_is_a_dead_letter_staff_retry(queue: None, people: dict[str, Any]) -> None:
    with transaction.atomic():
        job = jobs.enqueue("tests.flaky", key="t:2", args={"n": 1, "fail_first": 99}, max_attempts=2)
    work()
    time_passes()
    work()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DEAD, 2)
    assert DBTaskResult.objects.filter(task_path=RUN_JOB, status="READY").count() == 0  # no more attempts
    assert list(jobs.dead_letters(people["staff"])) == [job]
    with pytest.raises(Denied):
        jobs.retry(people["officer"], job)  # officers do not run the center's jobs
    jobs.retry(people["staff"], job)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 0)
    assert AuditEntry.objects.filter(action="affairs.job.retry", object_id=str(job.pk)).exists()
    CALLS.clear()
    jobs.register_handler("tests.flaky", lambda n, fail_first: "fixed")
    assert work() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_enqueuing_is_idempotent_and_a_duplicate_delivery_runs_nothing(queue: None) -> None:
    with transaction.atomic():
        job = jobs.enqueue("tests.flaky", key="t:3", args={"n": 3, "fail_first": 0})
        again = jobs.enqueue("tests.flaky", key="t:3", args={"n": 4, "fail_first": 0})
    assert again.pk == job.pk
    assert Job.objects.filter(key="t:3").count() == 1
    assert DBTaskResult.objects.filter(task_path=RUN_JOB).count() == 1
    assert run_job.call(job.pk, 1) == "ok 3"
    assert "duplicate" in run_job.call(job.pk, 1)  # delivered twice: the second finds it done
    assert len(CALLS) == 1


def test_an_attempt_whose_worker_vanished_counts_as_failed(queue: None) -> None:
    with transaction.atomic():
        job = jobs.enqueue("tests.flaky", key="t:4", args={"n": 4, "fail_first": 0})
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=1, started_at=timezone.now() - jobs.LEASE - dt.timedelta(minutes=1)
    )
    DBTaskResult.objects.all().delete()  # the worker died with it
    assert jobs.sweep() == {"lost": 1, "resubmitted": 0}
    job.refresh_from_db()
    assert job.status == JobStatus.RETRYING
    assert "WorkerLost" in job.last_error
    time_passes()
    assert work() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def test_an_unknown_handler_fails_as_its_job() -> None:
    with pytest.raises(ValueError, match="no job handler"):
        jobs.enqueue("tests.nothing", key="t:5")


def test_on_a_queue_that_runs_at_once_the_sweep_submits_due_retries(
    django_capture_on_commit_callbacks: Any,
) -> None:
    CALLS.clear()
    jobs.register_handler("tests.flaky", flaky)
    job = Job.objects.create(handler="tests.flaky", key="t:6", args={"n": 6, "fail_first": 1})
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue("tests.flaky", key="t:7", args={"n": 7, "fail_first": 1})
    failed = Job.objects.get(key="t:7")
    assert failed.status == JobStatus.RETRYING  # the immediate backend keeps nothing for later
    Job.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.sweep() == {"lost": 0, "resubmitted": 1}
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (JobStatus.DONE, 2)
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # never submitted: untouched
