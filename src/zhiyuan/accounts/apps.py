"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, roles, authentication."""

    name = "zhiyuan.accounts"
    verbose_name = _("账号与权限")

    def ready(self) -> None:
        from zhiyuan.accounts import signals  # noqa: F401 - connects the authentication audit handlers
        from zhiyuan.accounts.models import role_name
        from zhiyuan.audit.actions import register_role_names

        register_role_names(role_name)
