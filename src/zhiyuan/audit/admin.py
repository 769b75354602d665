"""The audit log in the admin: readable by the audit administrator, changeable by nobody."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhiyuan.audit.models import AuditCheckpoint, AuditEntry


class ReadOnlyForAuditors:
    """View only (Django's view permission, which the user model maps to ``audit:read``); no add, change
    or delete for anyone, whatever their role."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyForAuditors, admin.ModelAdmin[AuditEntry]):
    list_display = (
        "seq",
        "at",
        "actor_name",
        "actor_roles",
        "court_code",
        "action",
        "outcome",
        "object_type",
        "object_id",
        "ip",
    )
    list_filter = ("outcome", "action", "court_code")
    search_fields = ("actor_name", "action", "object_id")
    date_hierarchy = "at"
    actions = None


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyForAuditors, admin.ModelAdmin[AuditCheckpoint]):
    list_display = ("size", "root", "at", "key_id")
    actions = None
