"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log."""

    name = "zhiyuan.audit"
    verbose_name = _("审计日志")
