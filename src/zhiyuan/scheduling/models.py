"""Which slot of which periodic job was enqueued. The unique (job, slot) pair is what makes enqueuing
idempotent: two scheduler processes, or one restarted, can try the same slot; only one insert succeeds,
and the job is enqueued in the same transaction as that insert."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """One slot of one job, enqueued."""

    job = models.CharField(_("任务"), max_length=100)
    slot = models.DateTimeField(_("时段"))
    enqueued_at = models.DateTimeField(_("入队时间"))
    task_id = models.CharField(_("队列任务编号"), max_length=64, blank=True)
    scheduler = models.CharField(_("调度进程"), max_length=100, blank=True)

    class Meta:
        ordering = ["-slot"]
        verbose_name = _("定时任务运行")
        verbose_name_plural = _("定时任务运行")
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduling_one_run_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """The last moment a long-running process showed it is alive: ``scheduler`` (each sweep) and ``worker``
    (a periodic job the scheduler enqueues and the worker runs). Readiness checks read them."""

    name = models.CharField(_("进程"), max_length=40, unique=True)
    at = models.DateTimeField(_("时间"))
    host = models.CharField(_("主机与进程号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("进程心跳")
        verbose_name_plural = _("进程心跳")

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"
