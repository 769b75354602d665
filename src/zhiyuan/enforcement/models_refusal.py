"""Refusal to execute (拒执): the referral of a debtor's refusal to the public security organ (移送公安) with
the police's answer, the court's follow-ups, the private-prosecution case (自诉, a 刑初 case linked into the
dispute) and the outcome; and the lesser sanctions, fines and detention (罚款、拘留). The rules live in
:mod:`zhiyuan.law.refusal`, the services in :mod:`zhiyuan.enforcement.refusal`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.courts.models import Court


class ReferralState(models.TextChoices):
    """pending → approved → referred → filed (立案) | declined (不予立案); refused at approval; closed with
    an outcome."""

    PENDING = "pending", _("待审批")
    REFUSED = "refused", _("不予批准")
    APPROVED = "approved", _("已批准待移送")
    REFERRED = "referred", _("已移送公安机关")
    FILED = "filed", _("公安机关已立案")
    DECLINED = "declined", _("公安机关不予立案")
    CLOSED = "closed", _("已结案")


class ReferralOutcome(models.TextChoices):
    """How the criminal proceedings ended."""

    CONVICTED = "convicted", _("有罪判决")
    ACQUITTED = "acquitted", _("无罪判决")
    WITHDRAWN = "withdrawn", _("撤案、不起诉或者撤诉")


class Referral(models.Model):
    """One referral of a debtor (``suspect``, a party of the case) for refusing to execute. The proposer and
    the approver are kept by id and name (as the audit keeps actors); ``decide_by`` is the police's last
    day as ``refusal-deadlines`` computed it; ``private_case`` is the 自诉 刑初 case once filed."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="refusal_referrals", verbose_name=_("案件"))
    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("法院"))
    suspect = models.ForeignKey(CaseParty, models.PROTECT, related_name="+", verbose_name=_("涉嫌拒执人"))
    police = models.CharField(_("公安机关"), max_length=200)
    situation = models.TextField(_("执行情况说明"))
    evidence = models.JSONField(_("证据材料清单"), default=list)
    state = models.CharField(
        _("状态"), max_length=12, choices=ReferralState.choices, default=ReferralState.PENDING, db_index=True
    )
    proposed_on = models.DateField(_("提请日期"))
    proposed_by_id = models.BigIntegerField(_("提请人编号"))
    proposed_by_name = models.CharField(_("提请人"), max_length=150)
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decided_by_id = models.BigIntegerField(_("审批人编号"), null=True, blank=True)
    decided_by_name = models.CharField(_("审批人"), max_length=150, blank=True)
    refusal_reason = models.TextField(_("不予批准理由"), blank=True)
    referred_on = models.DateField(_("移送日期"), null=True, blank=True, db_index=True)
    letter_number = models.CharField(_("移送函文号"), max_length=100, blank=True)
    complex_case = models.BooleanField(_("重大疑难复杂（延长审查）"), default=False)
    decide_by = models.DateField(_("公安机关决定期限"), null=True, blank=True, db_index=True)
    answered_on = models.DateField(_("公安机关答复日期"), null=True, blank=True)
    police_case_number = models.CharField(_("公安立案编号"), max_length=100, blank=True)
    decline_reasons = models.TextField(_("不予立案理由"), blank=True)
    supervision_on = models.DateField(_("提请检察监督日期"), null=True, blank=True)
    supervision_note = models.TextField(_("检察监督情况"), blank=True)
    private_case = models.OneToOneField(
        Case,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="refusal_private_of",
        verbose_name=_("自诉案件"),
    )
    outcome = models.CharField(_("结果"), max_length=12, choices=ReferralOutcome.choices, blank=True)
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    recovered_amount = models.DecimalField(_("因移送追回金额"), max_digits=16, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("拒执移送")
        verbose_name_plural = _("拒执移送")
        indexes = [models.Index(fields=["court", "referred_on"], name="refusal_court_referred")]
        constraints = [
            models.CheckConstraint(
                condition=Q(recovered_amount__gte=0), name="refusal_recovered_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(state="closed", outcome__gt="") | ~Q(state="closed"),
                name="refusal_closed_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.state}"


class SanctionKind(models.TextChoices):
    """The lesser sanctions of 民事诉讼法 Art 114 / 118."""

    FINE = "fine", _("罚款")
    DETENTION = "detention", _("拘留")


class SanctionSubject(models.TextChoices):
    """Who is sanctioned (a unit only by fine; its principal in person)."""

    INDIVIDUAL = "individual", _("个人")
    UNIT = "unit", _("单位")


class SanctionState(models.TextChoices):
    """pending → approved (the decision issued) | refused."""

    PENDING = "pending", _("待院长批准")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")


class Sanction(models.Model):
    """A fine or detention proposed by the officer and approved by the court president (or a delegate
    holding ``enforcement:sanction_approve``), never the proposer; ``limits`` is ``sanction-check``'s
    answer on the decision day."""

    case = models.ForeignKey(Case, models.PROTECT, related_name="refusal_sanctions", verbose_name=_("案件"))
    court = models.ForeignKey(Court, models.PROTECT, related_name="+", verbose_name=_("法院"))
    case_party = models.ForeignKey(
        CaseParty, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("当事人")
    )
    target_name = models.CharField(_("被处罚人"), max_length=200)
    kind = models.CharField(_("种类"), max_length=10, choices=SanctionKind.choices)
    subject = models.CharField(_("对象"), max_length=10, choices=SanctionSubject.choices)
    amount = models.DecimalField(_("罚款金额"), max_digits=16, decimal_places=2, null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("拘留日数"), null=True, blank=True)
    grounds = models.TextField(_("事实和理由"))
    state = models.CharField(
        _("状态"), max_length=10, choices=SanctionState.choices, default=SanctionState.PENDING, db_index=True
    )
    proposed_on = models.DateField(_("提请日期"))
    proposed_by_id = models.BigIntegerField(_("提请人编号"))
    proposed_by_name = models.CharField(_("提请人"), max_length=150)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by_id = models.BigIntegerField(_("批准人编号"), null=True, blank=True)
    decided_by_name = models.CharField(_("批准人"), max_length=150, blank=True)
    refusal_reason = models.TextField(_("不予批准理由"), blank=True)
    decision_number = models.CharField(_("决定书文号"), max_length=100, blank=True)
    limits = models.JSONField(_("限额核查"), default=dict, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = _("罚款、拘留")
        verbose_name_plural = _("罚款、拘留")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="fine", amount__gt=0, days__isnull=True)
                | Q(kind="detention", days__gt=0, amount__isnull=True),
                name="sanction_amount_or_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.kind}:{self.state}"
