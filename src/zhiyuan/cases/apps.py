"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Cases and disputes."""

    name = "zhiyuan.cases"
    verbose_name = _("案件")
