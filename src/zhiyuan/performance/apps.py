"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """Voluntary performance: effective titles, the three-notice chain, pre-enforcement urging, the good-faith list."""

    name = "zhiyuan.performance"
    verbose_name = _("自动履行")
