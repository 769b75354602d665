"""App config."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _case_saved(sender: Any, **kwargs: Any) -> None:
    from zhiyuan.governance.tasks import request_refresh

    request_refresh()


class GovernanceConfig(AppConfig):
    """Indicators (version 1) and source analysis, computed from case data."""

    name = "zhiyuan.governance"
    verbose_name = _("指标分析")

    def ready(self) -> None:
        """Case writes ask for a refresh of the indicator rollups (after their commit)."""
        post_save.connect(_case_saved, sender="cases.Case", dispatch_uid="governance.rollups")
