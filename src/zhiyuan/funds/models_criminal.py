"""The order of payment of a criminal judgment's property parts (``law.criminal_priority``, Art 13 of
《最高人民法院关于刑事裁判涉财产部分执行的若干规定》): the officer's proposal over the case's money, approved
by another person, and the disbursements that follow it."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.funds.models import Account


class AllocationStatus(models.TextChoices):
    """Where an allocation stands."""

    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")
    SUPERSEDED = "superseded", _("已被新方案取代")


class CriminalAllocation(models.Model):
    """One allocation: the money it shares (``available``, the account's balance when proposed), the claims
    (one per item of the transfer, with what is still owed and who is paid: a victim or the treasury), the
    rule's answer and the approval. Disbursements name it in ``scheme`` as ``criminal:<pk>:<claim id>``."""

    account = models.ForeignKey(
        Account, models.PROTECT, related_name="criminal_allocations", verbose_name=_("账户")
    )
    available = models.DecimalField(_("可分配款项"), max_digits=16, decimal_places=2)
    claims = models.JSONField(_("受偿事项"))
    allocations = models.JSONField(_("分配结果"))
    remainder = models.DecimalField(_("剩余款项"), max_digits=16, decimal_places=2)
    citations = models.JSONField(_("依据"), default=list)
    status = models.CharField(
        _("状态"), max_length=12, choices=AllocationStatus.choices, default=AllocationStatus.PROPOSED
    )
    proposed_on = models.DateField(_("提出日期"))
    proposed_by_id = models.BigIntegerField(_("提出人编号"))
    proposed_by_name = models.CharField(_("提出人"), max_length=150)
    decided_by_id = models.BigIntegerField(_("审批人编号"), null=True, blank=True)
    decided_by_name = models.CharField(_("审批人"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    refusal_reason = models.CharField(_("不予批准理由"), max_length=500, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("刑事涉财受偿顺序分配")
        verbose_name_plural = _("刑事涉财受偿顺序分配")

    def __str__(self) -> str:
        return f"{self.account_id}:{self.status}"

    @property
    def rows(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Each claim with its allocation (the rule answers in the claims' order)."""
        return list(zip(self.claims, self.allocations, strict=True))
