"""The affairs center's tables: tasks in team queues and what was done to them, batches over many tasks or
cases and their per-item results, and the durable jobs that run them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court


class TaskStatus(models.TextChoices):
    """Where a task stands: open in its team's queue, claimed by one person, done, returned (with a
    reason) or cancelled (its case closed)."""

    OPEN = "open", _("待领取")
    CLAIMED = "claimed", _("办理中")
    DONE = "done", _("已完成")
    RETURNED = "returned", _("已退回")
    CANCELLED = "cancelled", _("已撤销")


#: statuses in which a task still waits for someone
ACTIVE = (TaskStatus.OPEN, TaskStatus.CLAIMED)


class Task(models.Model):
    """One piece of routine work of a kind (``affairs.registry``) in one court's team queue, usually
    for one case. ``source_key`` names what spawned it (``case:123:notice``) and is unique, so spawning
    twice gives the same task."""

    kind = models.CharField(_("任务类型"), max_length=48, db_index=True)
    team = models.CharField(_("小组"), max_length=16)
    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("法院"))
    case = models.ForeignKey(
        Case, models.CASCADE, null=True, blank=True, related_name="affairs_tasks", verbose_name=_("案件")
    )
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    due = models.DateField(_("办理期限"), null=True, blank=True)
    due_rule = models.CharField(_("期限依据"), max_length=48, blank=True)
    source_key = models.CharField(_("来源"), max_length=120, unique=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    claimed_by_id = models.BigIntegerField(_("领取人编号"), null=True, blank=True)
    claimed_by_name = models.CharField(_("领取人"), max_length=150, blank=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    result_note = models.TextField(_("办理结果"), blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("事务任务")
        verbose_name_plural = _("事务任务")
        indexes = [models.Index(fields=["court", "team", "status", "due"], name="affairs_queue_idx")]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}"


class TaskEvent(models.Model):
    """Who did what to a task, and when (spawned, claimed, released, done, returned, cancelled)."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="events", verbose_name=_("任务"))
    what = models.CharField(_("操作"), max_length=16)
    who_id = models.BigIntegerField(_("操作人编号"), null=True, blank=True)
    who_name = models.CharField(_("操作人"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("任务记录")
        verbose_name_plural = _("任务记录")

    def __str__(self) -> str:
        return f"{self.task_id}:{self.what}"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")


class Batch(models.Model):
    """One run of a batch action over the tasks or cases of a court: who asked, with which parameters,
    and how far it got (the counts are the progress bar)."""

    action = models.CharField(_("批量操作"), max_length=48)
    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("法院"))
    requested_by_id = models.BigIntegerField(_("发起人编号"))
    requested_by_name = models.CharField(_("发起人"), max_length=150)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("成功"), default=0)
    failed = models.PositiveIntegerField(_("失败"), default=0)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("批量处理")
        verbose_name_plural = _("批量处理")

    def __str__(self) -> str:
        return f"{self.action}#{self.pk}"

    @property
    def finished(self) -> int:
        """Items done or failed."""
        return self.done + self.failed

    @property
    def percent(self) -> int:
        """How far the batch got, 0–100."""
        return 100 if not self.total else int(100 * self.finished / self.total)


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    DONE = "done", _("成功")
    FAILED = "failed", _("失败")


class BatchItem(models.Model):
    """One task or case of a batch and what became of it: done with a note, or failed with the reason
    (and then nothing of it was written)."""

    batch = models.ForeignKey(Batch, models.CASCADE, related_name="items", verbose_name=_("批量处理"))
    position = models.PositiveIntegerField(_("序号"))
    target_id = models.BigIntegerField(_("对象编号"))
    label = models.CharField(_("对象"), max_length=120, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    message = models.TextField(_("结果"), blank=True)
    finished_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        verbose_name = _("批量处理明细")
        verbose_name_plural = _("批量处理明细")
        constraints = [models.UniqueConstraint(fields=["batch", "target_id"], name="affairs_item_once")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.target_id}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    RETRYING = "retrying", _("等待重试")
    DONE = "done", _("已完成")
    DEAD = "dead", _("失败（死信）")


class Job(models.Model):
    """A durable background job of the affairs center's runner (``affairs.jobs``): a registered handler
    and its arguments, run by the worker (django-tasks), retried with backoff, a dead letter after its
    last attempt. ``key`` makes enqueuing idempotent; ``result_id`` is the django-tasks result of the
    latest attempt (its record holds the traceback)."""

    handler = models.CharField(_("处理程序"), max_length=64)
    args = models.JSONField(_("参数"), default=dict, blank=True)
    key = models.CharField(_("幂等键"), max_length=120, unique=True)
    court = models.ForeignKey(
        Court, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("法院")
    )
    status = models.CharField(_("状态"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("最多尝试次数"), default=5)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    result_id = models.CharField(_("队列任务编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("后台作业")
        verbose_name_plural = _("后台作业")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="affairs_job_due_idx")]

    def __str__(self) -> str:
        return f"{self.handler}#{self.pk}"
