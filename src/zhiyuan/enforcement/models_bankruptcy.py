"""Transfer to bankruptcy review (执转破, 法发〔2017〕2号): the written consents recorded on an enforcement case,
the transfer (proposed, decided with an approval, then accepted or rejected by the receiving court) and every
enforcement case against the debtor that the decision touches. The rules live in
:mod:`zhiyuan.enforcement.bankruptcy`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.parties.models import Party


class ConsentBy(models.TextChoices):
    """Who consented in writing (指导意见 item 2(2))."""

    DEBTOR = "debtor", _("被执行人")
    APPLICANT = "applicant", _("申请执行人")


class Consent(models.Model):
    """A written consent to transfer the debtor's enforcement to bankruptcy review, recorded on an
    enforcement case: who (the debtor, or an applicant of the case), on which day, and the evidence."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="bankruptcy_consents", verbose_name=_("案件"))
    debtor = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name=_("被执行人"))
    by = models.CharField(_("同意人身份"), max_length=10, choices=ConsentBy.choices)
    party = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name=_("同意人"))
    given_on = models.DateField(_("书面同意日期"))
    evidence = models.TextField(_("证明材料"))
    recorded_by_id = models.BigIntegerField(_("记录人编号"), null=True, blank=True)
    recorded_by_name = models.CharField(_("记录人"), max_length=150)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("移送破产审查书面同意")
        verbose_name_plural = _("移送破产审查书面同意")

    def __str__(self) -> str:
        return f"{self.debtor_id}:{self.by}:{self.given_on}"


class TransferState(models.TextChoices):
    """Where a transfer stands."""

    PROPOSED = "proposed", _("待审批")
    REFUSED = "refused", _("不予批准")
    DECIDED = "decided", _("已决定移送")
    ACCEPTED = "accepted", _("受移送法院已受理")
    REJECTED = "rejected", _("受移送法院不予受理")


#: a transfer that still binds the debtor's enforcement (one at a time per debtor)
OPEN_STATES = (TransferState.PROPOSED, TransferState.DECIDED)


class Transfer(models.Model):
    """A transfer of the enforcement against one enterprise debtor to bankruptcy review: proposed on an
    enforcement case of the proposing court, decided (移送决定) by an approver of that court, then accepted
    (受理) or rejected (不予受理) by the receiving court on its 破申 case."""

    case = models.ForeignKey(
        Case, models.PROTECT, related_name="bankruptcy_transfers", verbose_name=_("案件")
    )
    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("执行法院"))
    debtor = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name=_("被执行人"))
    receiving_court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("受移送法院"))
    state = models.CharField(
        _("状态"), max_length=10, choices=TransferState.choices, default=TransferState.PROPOSED, db_index=True
    )
    facts = models.JSONField(_("移送条件事实"), default=dict)
    result = models.JSONField(_("规则结论"), default=dict)
    basis = models.TextField(_("不能清偿到期债务的事实与证据"))
    proposed_on = models.DateField(_("提请日期"))
    proposed_by_id = models.BigIntegerField(_("提请人编号"))
    proposed_by_name = models.CharField(_("提请人"), max_length=150)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by_id = models.BigIntegerField(_("审批人编号"), null=True, blank=True)
    decided_by_name = models.CharField(_("审批人"), max_length=150, blank=True)
    refusal_reason = models.TextField(_("不予批准理由"), blank=True)
    bankruptcy_case = models.OneToOneField(
        Case,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="bankruptcy_transfer_from",
        verbose_name=_("破产审查案件"),
    )
    outcome_on = models.DateField(_("受理或不予受理日期"), null=True, blank=True)
    outcome_by_name = models.CharField(_("登记人"), max_length=150, blank=True)
    outcome_note = models.TextField(_("裁定情况"), blank=True)
    created_at = models.DateTimeField(_("提请时间"), auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("执行案件移送破产审查")
        verbose_name_plural = _("执行案件移送破产审查")
        constraints = [
            models.UniqueConstraint(
                fields=["debtor"],
                condition=Q(state__in=["proposed", "decided"]),
                name="bankruptcy_one_open_transfer_per_debtor",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["proposed", "refused"]) | Q(bankruptcy_case__isnull=False),
                name="bankruptcy_decided_has_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.debtor_id}:{self.state}"


class LinkRole(models.TextChoices):
    """How an enforcement case against the debtor stands to a transfer."""

    OWN = "own", _("本院执行案件")
    OTHER = "other", _("他院执行案件")


class LinkState(models.TextChoices):
    """What became of one enforcement case."""

    NOTIFIED = "notified", _("已通知，待中止")
    SUSPENDED = "suspended", _("已中止执行")
    CLOSED = "closed", _("已结案（终本等），仅告知")
    TO_TERMINATE = "to_terminate", _("已受理破产，待宣告破产后终结执行")
    RESUMED = "resumed", _("已恢复执行")


class TransferCase(models.Model):
    """One enforcement case against the debtor touched by a transfer decision: this court's are suspended at
    once, other courts' are notified (a task) and suspended by their officer; closed ones (终本) are told."""

    transfer = models.ForeignKey(Transfer, models.CASCADE, related_name="links", verbose_name=_("移送"))
    case = models.ForeignKey(Case, models.PROTECT, related_name="bankruptcy_links", verbose_name=_("案件"))
    role = models.CharField(_("关系"), max_length=6, choices=LinkRole.choices)
    state = models.CharField(_("状态"), max_length=13, choices=LinkState.choices)
    suspended_on = models.DateField(_("中止日期"), null=True, blank=True)
    resumed_on = models.DateField(_("恢复日期"), null=True, blank=True)

    class Meta:
        ordering = ["transfer", "role", "id"]
        verbose_name = _("移送破产涉及的执行案件")
        verbose_name_plural = _("移送破产涉及的执行案件")
        constraints = [
            models.UniqueConstraint(fields=["transfer", "case"], name="bankruptcy_case_once_per_transfer")
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}:{self.case_id}:{self.state}"
