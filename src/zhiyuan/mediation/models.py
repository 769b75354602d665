"""Delegated mediation (诉调对接): one record per pre-litigation mediation case, with the organization and
mediator it went to, the intake description and the focus type the clerk confirmed; its extensions (each
with every party's consent), sessions, the agreement and the partner API's idempotent submissions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Mediator, PartnerOrganization


class MediationStatus(models.TextChoices):
    """Where a delegated mediation stands."""

    MEDIATING = "mediating", _("调解中")
    SUCCEEDED = "succeeded", _("调解成功")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("撤回")


class Mediation(models.Model):
    """A dispute delegated to a mediation organization, on its pre-litigation mediation case (民诉前调)."""

    case = models.OneToOneField(
        Case, models.PROTECT, related_name="mediation", verbose_name=_("诉前调解案件")
    )
    organization = models.ForeignKey(
        PartnerOrganization, models.PROTECT, related_name="mediations", verbose_name=_("调解组织")
    )
    mediator = models.ForeignKey(
        Mediator, models.PROTECT, null=True, blank=True, related_name="mediations", verbose_name=_("调解员")
    )
    #: the clerk's free-text account of the dispute (the suggester reads it; training reads it back)
    description = models.TextField(_("纠纷简述"), blank=True)
    #: focus-type id confirmed by the clerk (a label for training the suggester)
    focus_type = models.CharField(_("纠纷类型"), max_length=32, db_index=True)
    #: administrative division code of where the dispute arose (6 digits), if given
    region = models.CharField(_("纠纷发生地"), max_length=6, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=MediationStatus.choices, default=MediationStatus.MEDIATING
    )
    opened_on = models.DateField(_("委派日期"))
    deadline = models.DateField(_("调解期限"))
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    #: why the clerk chose another organization or mediator than the recommended one
    override_reason = models.TextField(_("未采纳推荐的理由"), blank=True)
    #: what the suggester and the recommender proposed at intake (kept to measure and retrain them)
    suggestion = models.JSONField(_("系统建议"), default=dict, blank=True)
    outcome_note = models.TextField(_("结果说明"), blank=True)
    #: the case this mediation led to: the confirmation / mediation-document case, or the 民初 case
    follow_up = models.OneToOneField(
        Case,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="mediation_origin",
        verbose_name=_("后续案件"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("委派调解")
        verbose_name_plural = _("委派调解")
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["mediator", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.case.case_number} → {self.organization.name}"


class Extension(models.Model):
    """An extension of the mediation period, granted only with every party's consent."""

    mediation = models.ForeignKey(
        Mediation, models.CASCADE, related_name="extensions", verbose_name=_("委派调解")
    )
    consented_on = models.DateField(_("同意日期"))
    previous_deadline = models.DateField(_("原期限"))
    new_deadline = models.DateField(_("新期限"))
    #: [{"party_id", "name", "side"}] — each party who consented
    consents = models.JSONField(_("同意延长的当事人"), default=list)
    recorded_by = models.CharField(_("记录人"), max_length=150)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["mediation", "consented_on", "id"]
        verbose_name = _("延长调解期限")
        verbose_name_plural = _("延长调解期限")

    def __str__(self) -> str:
        return f"{self.mediation_id} → {self.new_deadline}"


class SessionMode(models.TextChoices):
    """How a mediation session was held."""

    IN_PERSON = "in_person", _("现场")
    ONLINE = "online", _("在线")
    PHONE = "phone", _("电话")


class Session(models.Model):
    """A mediation session: when, where or how, who attended, what happened."""

    mediation = models.ForeignKey(
        Mediation, models.CASCADE, related_name="sessions", verbose_name=_("委派调解")
    )
    held_on = models.DateField(_("调解日期"))
    mode = models.CharField(_("方式"), max_length=12, choices=SessionMode.choices)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    notes = models.TextField(_("调解情况"), blank=True)
    #: names of the parties who attended
    attendance = models.JSONField(_("到场当事人"), default=list, blank=True)
    recorded_by = models.CharField(_("记录人"), max_length=150)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["mediation", "held_on", "id"]
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.held_on}"


class AgreementStatus(models.TextChoices):
    """A draft can be replaced; a final agreement is what the parties signed."""

    DRAFT = "draft", _("草稿")
    FINAL = "final", _("已签署")


class Agreement(models.Model):
    """The mediation agreement: structured obligations in the executability contract's format, with the
    findings of ``zhiyuan.law.executability`` on them."""

    mediation = models.OneToOneField(
        Mediation, models.CASCADE, related_name="agreement", verbose_name=_("委派调解")
    )
    #: [{"ref", "name", "id_type", "role", "party_id", "side"}] — the case's parties with their roles in the
    #: agreement, as references to the party records: identity numbers stay encrypted there, never here
    parties = models.JSONField(_("当事人"), default=list)
    #: the operative items (obligors, obligee, liability, type, amount, due, instalments, act, object, interest)
    items = models.JSONField(_("给付事项"), default=list)
    findings = models.JSONField(_("审查意见"), default=list, blank=True)
    executable = models.BooleanField(_("可执行"), default=False)
    status = models.CharField(
        _("状态"), max_length=8, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("签署日期"), null=True, blank=True)
    #: id of the performance title opened when the confirmation or mediation document took effect
    title_id = models.BigIntegerField(_("履行跟踪编号"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.status}"


class Submission(models.Model):
    """A partner-API submission under an Idempotency-Key: the same key and body return the first result."""

    organization = models.ForeignKey(
        PartnerOrganization, models.CASCADE, related_name="submissions", verbose_name=_("调解组织")
    )
    key = models.CharField(_("幂等键"), max_length=100)
    endpoint = models.CharField(_("接口"), max_length=200)
    body_hash = models.CharField(_("请求摘要"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("响应状态"))
    response = models.JSONField(_("响应"), default=dict)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接口提交")
        verbose_name_plural = _("接口提交")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="mediation_submission_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.key}"
