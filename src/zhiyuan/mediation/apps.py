"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    """Front-end governance: delegated mediation, intake suggestions, agreements, the partner API."""

    name = "zhiyuan.mediation"
    verbose_name = _("诉调对接")

    def ready(self) -> None:
        """Claim the cases of delegated mediations for this app's workflow."""
        from zhiyuan.cases import workflows
        from zhiyuan.mediation.workflow import WORKFLOW

        workflows.register(WORKFLOW)
