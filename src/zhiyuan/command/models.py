"""The command center's tables, one sub-package per concept (campaigns, reports)."""

from zhiyuan.command.campaigns.models import CampaignDefinition, CampaignKind, CampaignStatus
from zhiyuan.command.reports.models import MonthlyReport, ReportStatus, ReportTemplate

__all__ = [
    "CampaignDefinition",
    "CampaignKind",
    "CampaignStatus",
    "MonthlyReport",
    "ReportStatus",
    "ReportTemplate",
]
