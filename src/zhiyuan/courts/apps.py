"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourtsConfig(AppConfig):
    """Courts and code tables."""

    name = "zhiyuan.courts"
    verbose_name = _("参考数据")
