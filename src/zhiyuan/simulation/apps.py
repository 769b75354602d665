"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationConfig(AppConfig):
    """The synthetic province: disputes generated and driven through the real import path."""

    name = "zhiyuan.simulation"
    verbose_name = _("模拟数据")
