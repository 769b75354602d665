"""The audit log in the admin: readable by the audit administrator, changeable by nobody."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from zhiyuan.audit.models import AuditCheckpoint, AuditEntry
from zhiyuan.audit.services import Actor, record_read


class ReadOnlyForAuditors:
    """View only (Django's view permission, which the user model maps to ``audit:read``); no add, change
    or delete for anyone, whatever their role."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedReads:
    """Reading the log in the admin is audited like reading it through the API (``audit.read``): the list
    with its filter, search, ordering and page, and how many rows it showed of how many matched; a detail
    page with the entry it showed."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response: HttpResponse = super().changelist_view(request, extra_context)  # type: ignore[misc]
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            record_read(
                _who(request),
                "list",
                via="admin",
                filters={k: ",".join(v) for k, v in request.GET.lists()},
                rows=len(changelist.result_list),
                matched=changelist.result_count,
                object_type=self.model._meta.label_lower,  # type: ignore[attr-defined]
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response: HttpResponse = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        shown = (getattr(response, "context_data", None) or {}).get("original")
        if shown is not None:
            record_read(
                _who(request),
                "detail",
                via="admin",
                filters={},
                rows=1,
                object_type=self.model._meta.label_lower,  # type: ignore[attr-defined]
                object_id=str(getattr(shown, "seq", None) or getattr(shown, "size", None) or shown.pk),
            )
        return response


def _who(request: HttpRequest) -> Actor:
    return getattr(request, "actor", None) or Actor(None, "admin")


@admin.register(AuditEntry)
class AuditEntryAdmin(AuditedReads, ReadOnlyForAuditors, admin.ModelAdmin[AuditEntry]):
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
class AuditCheckpointAdmin(AuditedReads, ReadOnlyForAuditors, admin.ModelAdmin[AuditCheckpoint]):
    list_display = ("size", "root", "at", "key_id")
    actions = None
