"""The saved definition of a campaign (专项行动): what it selects (the conditions of
:class:`zhiyuan.governance.campaigns.Campaign`), its kind and period, and whether it is still open."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    """What a campaign is about."""

    MIGRANT_WAGES = "migrant_wages", _("农民工工资")
    SMALL_CLAIMS = "small_claims", _("小标的·大民生")
    BUSINESS_ENVIRONMENT = "business_environment", _("优化营商环境")
    CRIMINAL_PROPERTY = "criminal_property", _("刑事涉财")
    REFUSAL = "refusal", _("拒执")
    OTHER = "other", _("其他")


class CampaignStatus(models.TextChoices):
    """Open campaigns are running; a closed one keeps its figures and can no longer be edited."""

    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class CampaignDefinition(models.Model):
    """One campaign. ``code`` is the stable id the rollups and the API use; the conditions (every one
    given must hold) are stored as the governance campaign reads them."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=24, choices=CampaignKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    source = models.CharField(_("依据"), max_length=500, blank=True)
    causes = models.JSONField(_("案由"), default=list, blank=True)
    dispute_causes = models.BooleanField(_("按纠纷首案案由"), default=False)
    claim_min = models.DecimalField(_("标的额下限"), max_digits=16, decimal_places=2, null=True, blank=True)
    claim_max = models.DecimalField(_("标的额上限"), max_digits=16, decimal_places=2, null=True, blank=True)
    type_codes = models.JSONField(_("案件类型"), default=list, blank=True)
    origin_types = models.JSONField(_("执行依据类型"), default=list, blank=True)
    derived_kinds = models.JSONField(_("衍生案件种类"), default=list, blank=True)
    courts = models.JSONField(_("法院"), default=list, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by_name = models.CharField(_("创建人"), max_length=150, blank=True)
    updated_by_name = models.CharField(_("最后修改人"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "code"]
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(claim_min__isnull=True)
                | models.Q(claim_max__isnull=True)
                | models.Q(claim_max__gte=models.F("claim_min")),
                name="campaign_claim_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"
