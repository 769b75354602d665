"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """Periodic jobs (``zhiyuan scheduler``)."""

    name = "zhiyuan.scheduling"
    verbose_name = _("定时任务")
