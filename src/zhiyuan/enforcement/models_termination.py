"""Termination of the current procedure (终本): the officer's findings on the checklist items the platform
cannot know, the applicant's opinion (约谈申请执行人), and the 终本 library (终本案件库) — one entry per
terminated case with its unpaid amount, its ruling, the last re-query's answer and, once resumed, the
执恢 case. The rules live in :mod:`zhiyuan.enforcement.termination`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case


class FindingItem(models.TextChoices):
    """The tcp-check inputs an officer records (the platform cannot know them)."""

    LEADS_CHECKED = "leads_checked", _("已核查申请执行人提供的财产线索")
    ONSITE = "onsite_inquiry_done_or_unneeded", _("已进行必要的现场调查（或无须调查）")
    SEARCH = "search_done_or_unneeded", _("已依法搜查（或无须搜查）")
    OBSTRUCTION = "obstruction_sanctioned_or_none", _("妨害执行行为已依法处理（或无此行为）")
    DISHONESTY_INELIGIBLE = "dishonesty_ineligible", _("被执行人不符合纳入失信名单的条件")
    WHEREABOUTS_SEARCHED = "whereabouts_searched", _("已查找下落不明的被执行人")


class Finding(models.Model):
    """What the officer recorded about one checklist item, with a note; the latest per item counts and the
    earlier ones stay as history."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="tcp_findings", verbose_name=_("案件"))
    item = models.CharField(_("事项"), max_length=40, choices=FindingItem.choices)
    holds = models.BooleanField(_("成立"))
    note = models.TextField(_("说明"))
    recorded_on = models.DateField(_("记录日期"))
    recorded_by_id = models.BigIntegerField(_("记录人编号"), null=True, blank=True)
    recorded_by_name = models.CharField(_("记录人"), max_length=150)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["case", "item", "-created_at", "-id"]
        verbose_name = _("终本核查事项")
        verbose_name_plural = _("终本核查事项")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.item}:{self.holds}"


class Opinion(models.Model):
    """The applicant heard before 终本 (约谈、告知): when, and what they said."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="tcp_opinions", verbose_name=_("案件"))
    heard_on = models.DateField(_("约谈日期"))
    text = models.TextField(_("申请执行人意见"))
    recorded_by_id = models.BigIntegerField(_("记录人编号"), null=True, blank=True)
    recorded_by_name = models.CharField(_("记录人"), max_length=150)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["case", "-heard_on", "-id"]
        verbose_name = _("申请执行人意见")
        verbose_name_plural = _("申请执行人意见")

    def __str__(self) -> str:
        return f"{self.case_id}:{self.heard_on}"


class LibraryState(models.TextChoices):
    """Where a 终本 case stands in the library."""

    TERMINATED = "terminated", _("终本")
    RESUMED = "resumed", _("已恢复执行")


class ResumedBy(models.TextChoices):
    """Who asked for resumption (终本规定 Art 9)."""

    APPLICANT = "applicant", _("申请执行人申请")
    COURT = "court", _("法院依职权")


class LibraryEntry(models.Model):
    """A terminated case in the 终本 library: the amounts at termination (unpaid = claim − recovered), the
    ruling as issued (DOCX), the tcp-check it passed, the re-queries' last answer, and its resumption."""

    case = models.OneToOneField(Case, models.PROTECT, related_name="tcp_entry", verbose_name=_("案件"))
    terminated_on = models.DateField(_("终本日期"), db_index=True)
    claim_amount = models.DecimalField(_("申请执行标的"), max_digits=16, decimal_places=2)
    recovered_amount = models.DecimalField(_("已执行到位"), max_digits=16, decimal_places=2)
    unpaid_amount = models.DecimalField(_("未履行金额"), max_digits=16, decimal_places=2)
    ruling_number = models.CharField(_("裁定书文号"), max_length=100)
    ruling = models.BinaryField(_("终本裁定书"))
    ruling_template = models.CharField(_("文书模板"), max_length=10)
    tcp_check = models.JSONField(_("终本条件核查"), default=dict)
    state = models.CharField(
        _("状态"), max_length=12, choices=LibraryState.choices, default=LibraryState.TERMINATED, db_index=True
    )
    last_requery_on = models.DateField(_("最近复查日期"), null=True, blank=True)
    last_requery_found = models.PositiveIntegerField(_("最近复查发现财产数"), null=True, blank=True)
    property_found_on = models.DateField(_("发现财产日期"), null=True, blank=True)
    terminated_by_name = models.CharField(_("办理人"), max_length=150)
    resumed_case = models.OneToOneField(
        Case,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="tcp_resumed_from",
        verbose_name=_("恢复执行案件"),
    )
    resumed_on = models.DateField(_("恢复执行日期"), null=True, blank=True)
    resumed_by = models.CharField(_("恢复执行方式"), max_length=10, choices=ResumedBy.choices, blank=True)
    resume_reason = models.TextField(_("恢复执行理由"), blank=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    class Meta:
        ordering = ["-terminated_on", "-id"]
        verbose_name = _("终本案件库")
        verbose_name_plural = _("终本案件库")
        constraints = [
            models.CheckConstraint(condition=Q(unpaid_amount__gte=0), name="tcp_unpaid_not_negative"),
            models.CheckConstraint(
                condition=Q(state="terminated", resumed_case__isnull=True)
                | Q(state="resumed", resumed_case__isnull=False),
                name="tcp_resumed_has_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.state}"
