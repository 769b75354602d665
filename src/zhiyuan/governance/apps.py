"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Indicators (version 1) and source analysis, computed from case data."""

    name = "zhiyuan.governance"
    verbose_name = _("指标分析")
