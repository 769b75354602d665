"""A generated monthly enforcement report (执行工作月报): which court and month, its progress while the
background job builds it, and the two files it keeps for download."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """Where the report's job is."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class MonthlyReport(models.Model):
    """The report of ``court``'s district (the province for the high court) for ``month`` (its first day)."""

    court = models.ForeignKey("courts.Court", models.PROTECT, related_name="+", verbose_name=_("法院"))
    month = models.DateField(_("月份"))
    status = models.CharField(
        _("状态"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    steps_done = models.PositiveSmallIntegerField(_("已完成步骤"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("总步骤"), default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    xlsx = models.BinaryField(_("表格文件"), null=True, blank=True)
    docx = models.BinaryField(_("文书文件"), null=True, blank=True)
    requested_by_id = models.BigIntegerField(_("申请人编号"), null=True, blank=True)
    requested_by_name = models.CharField(_("申请人"), max_length=150)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("执行工作月报")
        verbose_name_plural = _("执行工作月报")
        indexes = [models.Index(fields=["court", "month"], name="command_report_court_month")]

    def __str__(self) -> str:
        return f"{self.court_id} {self.month:%Y-%m}"


class ReportTemplate(models.Model):
    """A court's own DOCX template of the monthly report, with ``{placeholder}`` fields (``{tables}`` and
    ``{charts}`` mark where the tables and charts go); without one the built-in template is used."""

    court = models.OneToOneField("courts.Court", models.CASCADE, related_name="+", verbose_name=_("法院"))
    content = models.BinaryField(_("模板"))
    uploaded_by = models.CharField(_("上传人"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)

    class Meta:
        verbose_name = _("执行工作月报模板")
        verbose_name_plural = _("执行工作月报模板")

    def __str__(self) -> str:
        return f"{self.court_id}"
