"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    """The command-center overview: indicators, the court tree and drill-down."""

    name = "zhiyuan.command"
    verbose_name = _("指挥中心")
