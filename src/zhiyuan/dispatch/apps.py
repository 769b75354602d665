"""App config: registers the case-page section, the node names and the cross-court batch action."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    """Dispatch between courts and orders (交办、督办)."""

    name = "zhiyuan.dispatch"
    verbose_name = _("调度与督办")

    def ready(self) -> None:
        from zhiyuan.dispatch import registrations

        registrations.register_all()
