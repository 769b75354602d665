"""The distribution scheme (分配方案) among the creditors of one case's proceeds: made from the rule
``law.distribution``, served on the parties, open to written objection within the period, then final."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiyuan.funds.models import Account


class SchemeStatus(models.TextChoices):
    """Where a scheme stands."""

    MADE = "made", _("已制作")
    SERVED = "served", _("已送达，异议期内")
    OBJECTED = "objected", _("有异议")
    FINAL = "final", _("已确定")


class Scheme(models.Model):
    """One scheme: the facts the rule ran on (creditors by party, with their amounts, priority ranks and
    seal orders), its answer, and the service and objections."""

    account = models.ForeignKey(Account, models.PROTECT, related_name="schemes", verbose_name=_("账户"))
    proceeds = models.DecimalField(_("执行所得"), max_digits=16, decimal_places=2)
    costs = models.DecimalField(_("执行费用"), max_digits=16, decimal_places=2)
    debtor_kind = models.CharField(_("被执行人类型"), max_length=20)
    creditors = models.JSONField(_("债权人"))
    allocations = models.JSONField(_("分配结果"))
    costs_paid = models.DecimalField(_("已付执行费用"), max_digits=16, decimal_places=2)
    remainder = models.DecimalField(_("剩余款项"), max_digits=16, decimal_places=2)
    citations = models.JSONField(_("依据"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.MADE
    )
    made_on = models.DateField(_("制作日期"))
    made_by_name = models.CharField(_("制作人"), max_length=150)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    objection_due = models.DateField(_("异议期限届满日"), null=True, blank=True)
    objections = models.JSONField(_("异议"), default=list, blank=True)
    final_on = models.DateField(_("确定日期"), null=True, blank=True)

    class Meta:
        ordering = ["-made_on", "-pk"]
        verbose_name = _("分配方案")
        verbose_name_plural = _("分配方案")

    def __str__(self) -> str:
        return f"{self.account_id}:{self.made_on}:{self.status}"

    @property
    def rows(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Each creditor with its allocation (the rule answers in the creditors' order)."""
        return list(zip(self.creditors, self.allocations, strict=True))
