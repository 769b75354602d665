"""App config."""

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _case_saved(sender: Any, **kwargs: Any) -> None:
    from zhiyuan.governance.tasks import request_refresh

    request_refresh()


def _migrated(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from zhiyuan.governance.dirty import install

    install(connections[using])  # SQLite loses a table's triggers when a migration rebuilds it


class GovernanceConfig(AppConfig):
    """Indicators (version 1) and source analysis, computed from case data."""

    name = "zhiyuan.governance"
    verbose_name = _("指标分析")

    def ready(self) -> None:
        """Case writes ask for a refresh of the indicator rollups (after their commit); every migrate leaves
        the case table's dirty-log triggers in place."""
        post_save.connect(_case_saved, sender="cases.Case", dispatch_uid="governance.rollups")
        post_migrate.connect(_migrated, sender=self, dispatch_uid="governance.dirty_triggers")
