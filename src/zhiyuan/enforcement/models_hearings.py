"""Enforcement hearings (执行听证): a hearing on a review case (执异/执复) or an enforcement case, its
participants with their service, statements and the record (笔录), and its outcome.

The matters come from ``zhiyuan.law.hearings`` (dated parameters); the services live in
:mod:`zhiyuan.enforcement.hearings`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.courts.models import Court


class HearingMode(models.TextChoices):
    """Where a hearing sits."""

    ROOM = "room", _("听证室")
    ONLINE = "online", _("在线听证")


class HearingState(models.TextChoices):
    """scheduled → held (the record kept) → decided (the outcome) → closed; or cancelled."""

    SCHEDULED = "scheduled", _("已排期")
    HELD = "held", _("已听证")
    DECIDED = "decided", _("已形成听证结论")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class HearingOutcome(models.TextChoices):
    """What the hearing found on the objection or request."""

    SUSTAINED = "sustained", _("异议（请求）成立")
    DISMISSED = "dismissed", _("异议（请求）不成立")
    PARTLY = "partly", _("部分成立")
    WITHDRAWN = "withdrawn", _("撤回")


class RequestedBy(models.TextChoices):
    """Who asked for the hearing."""

    COURT = "court", _("法院依职权")
    OFFICER = "officer", _("承办人申请")
    APPLICANT = "applicant", _("申请执行人申请")
    PARTY = "party", _("异议人或其他当事人申请")


class Hearing(models.Model):
    """One hearing. ``case`` is the case it decides (a review case, or an enforcement case); ``linked`` the
    enforcement case it concerns (the review case's origin, or the case itself). The presiding reviewer
    is kept by id and name (as the audit keeps actors) and never the linked case's officer."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="hearings", verbose_name=_("案件"))
    linked = models.ForeignKey(
        Case, models.PROTECT, related_name="linked_hearings", verbose_name=_("关联执行案件")
    )
    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("法院"))
    matter = models.CharField(_("听证事项"), max_length=32, db_index=True)
    requested_by = models.CharField(
        _("申请人"), max_length=12, choices=RequestedBy.choices, default=RequestedBy.COURT
    )
    requested_on = models.DateField(_("申请或决定听证日期"))
    mode = models.CharField(_("听证方式"), max_length=8, choices=HearingMode.choices)
    place = models.CharField(_("听证室或在线链接"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("预计结束时间"))
    presiding_id = models.BigIntegerField(_("主持人编号"), db_index=True)
    presiding_name = models.CharField(_("主持人"), max_length=150)
    public = models.BooleanField(_("公开听证"), default=False)
    state = models.CharField(
        _("状态"), max_length=12, choices=HearingState.choices, default=HearingState.SCHEDULED, db_index=True
    )
    record = models.TextField(_("听证笔录"), blank=True)
    held_on = models.DateField(_("听证日期"), null=True, blank=True)
    outcome = models.CharField(_("听证结论"), max_length=12, choices=HearingOutcome.choices, blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    decided_on = models.DateField(_("结论日期"), null=True, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    cancel_reason = models.TextField(_("取消理由"), blank=True)
    reschedules = models.JSONField(_("改期记录"), default=list, blank=True)
    created_by = models.CharField(_("排期人"), max_length=150)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("执行听证")
        verbose_name_plural = _("执行听证")
        indexes = [models.Index(fields=["court", "starts_at"], name="hearing_court_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="hearing_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.matter}:{self.starts_at:%Y-%m-%d}"


class Participant(models.Model):
    """Someone heard: a party of the case (``case_party``) or another person by name (a witness, an
    agent, the officer of the enforcement case), with their service and their statement."""

    hearing = models.ForeignKey(Hearing, models.CASCADE, related_name="participants", verbose_name=_("听证"))
    case_party = models.ForeignKey(
        CaseParty, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("当事人")
    )
    name = models.CharField(_("姓名或名称"), max_length=200)
    capacity = models.CharField(_("身份"), max_length=40)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(_("送达方式"), max_length=40, blank=True)
    statement = models.TextField(_("陈述意见"), blank=True)

    class Meta:
        ordering = ["hearing", "id"]
        verbose_name = _("听证参加人")
        verbose_name_plural = _("听证参加人")
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "case_party"],
                condition=models.Q(case_party__isnull=False),
                name="hearing_party_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id}:{self.name}"
