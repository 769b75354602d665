"""Property parts of criminal judgments (刑事裁判涉财产部分): the criminal trial division's transfer for
enforcement (移送执行, 《最高人民法院关于刑事裁判涉财产部分执行的若干规定》 Arts 6–8) with its items and the
property already seized in the criminal proceedings. The rules live in :mod:`zhiyuan.enforcement.criminal`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.models import Case
from zhiyuan.parties.models import Party


class ItemKind(models.TextChoices):
    """What a property item of the judgment orders (Art 1): a fine, confiscation, restitution to a victim
    (责令退赔), recovery of unlawful gains (追缴: to a victim when one is named, else to the treasury), and
    the medical expenses and other civil debts the Art 13 order also ranks."""

    FINE = "fine", _("罚金")
    CONFISCATION = "confiscation", _("没收财产")
    RESTITUTION = "restitution", _("责令退赔")
    RECOVERY = "recovery", _("追缴")
    MEDICAL = "medical", _("人身损害赔偿医疗费用")
    CIVIL = "civil", _("其他民事债务")


class CriminalTransfer(models.Model):
    """One criminal case's transfer for enforcement (移送执行表, Art 7): the effective judgment, the
    defendant (the judgment debtor), the property leads, and the enforcement case it filed. One per criminal
    case (a second transfer of the same case is refused; the unique key settles a race)."""

    criminal_case = models.OneToOneField(
        Case, models.PROTECT, related_name="criminal_transfer", verbose_name=_("刑事案件")
    )
    enforcement_case = models.OneToOneField(
        Case, models.PROTECT, related_name="criminal_title", verbose_name=_("执行案件")
    )
    defendant = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name=_("被执行人"))
    effective_on = models.DateField(_("裁判生效日期"))
    transferred_on = models.DateField(_("移送执行日期"), db_index=True)
    property_leads = models.TextField(_("已查明的财产状况或财产线索"), blank=True)
    note = models.TextField(_("其他需要说明的情况"), blank=True)
    total = models.DecimalField(_("移送执行金额"), max_digits=16, decimal_places=2)
    seized = models.JSONField(_("已查封、扣押、冻结的财产"), default=list, blank=True)
    citations = models.JSONField(_("依据"), default=list, blank=True)
    transferred_by_id = models.BigIntegerField(_("移送人编号"))
    transferred_by_name = models.CharField(_("移送人"), max_length=150)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-transferred_on", "-pk"]
        verbose_name = _("刑事裁判涉财产部分移送执行")
        verbose_name_plural = _("刑事裁判涉财产部分移送执行")
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gt=0), name="criminal_transfer_total_positive")
        ]

    def __str__(self) -> str:
        return f"{self.criminal_case_id}->{self.enforcement_case_id}"


class TransferItem(models.Model):
    """One property item of the judgment: its kind, the amount (in yuan; property named in kind is listed
    with its value, Art 6), the victim it is owed to (restitution, medical expenses, civil debts; recovery
    when returned to a victim), and whether a creditor's right to be paid first is claimed (Art 13 para 2)."""

    transfer = models.ForeignKey(
        CriminalTransfer, models.CASCADE, related_name="items", verbose_name=_("移送执行")
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("执行事项"), max_length=16, choices=ItemKind.choices)
    amount = models.DecimalField(_("金额"), max_digits=16, decimal_places=2)
    description = models.CharField(_("裁判主文所定内容"), max_length=200, blank=True)
    victim = models.ForeignKey(
        Party, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("被害人")
    )
    secured = models.BooleanField(_("主张优先受偿"), default=False)

    class Meta:
        ordering = ["transfer", "position"]
        verbose_name = _("移送执行事项")
        verbose_name_plural = _("移送执行事项")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="criminal_item_amount_positive"),
            models.UniqueConstraint(fields=["transfer", "position"], name="criminal_item_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}:{self.kind}:{self.amount}"
