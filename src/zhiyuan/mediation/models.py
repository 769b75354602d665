"""Delegated mediation (诉调对接): one record per pre-litigation mediation case, with the organization and
mediator it went to, the intake description and the focus type the clerk confirmed."""

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
    status = models.CharField(
        _("状态"), max_length=16, choices=MediationStatus.choices, default=MediationStatus.MEDIATING
    )
    opened_on = models.DateField(_("委派日期"))
    deadline = models.DateField(_("调解期限"))
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    #: why the clerk chose another organization or mediator than the recommended one
    override_reason = models.TextField(_("未采纳推荐的理由"), blank=True)
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
