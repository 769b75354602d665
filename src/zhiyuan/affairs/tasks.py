"""The affairs center's django-tasks: one attempt of a job (:func:`zhiyuan.affairs.jobs.run`) and the
periodic sweep of lost and due retries, declared to the scheduler."""

from __future__ import annotations

from django_tasks import task

from zhiyuan.affairs import jobs
from zhiyuan.scheduling.registry import Every, Job, register

SWEEP_MINUTES = 5


@task()
def run_job(job_id: int, attempt: int) -> str:
    """Attempt ``attempt`` of the job ``job_id``."""
    return jobs.run(job_id, attempt)


@task()
def sweep_jobs() -> dict[str, int]:
    """Count vanished attempts as failed, submit due retries."""
    return jobs.sweep()


register(
    Job(
        "affairs.sweep",
        Every(SWEEP_MINUTES),
        sweep_jobs,
        description="事务中心作业：重试到期与中断的作业 the affairs center's lost and due retries",
    )
)
