"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    """Parties."""

    name = "zhiyuan.parties"
    verbose_name = _("当事人")
