"""Read-only admin views of titles, notices and court templates (changes go through the pages and
services, which validate and audit them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhiyuan.performance.models import Notice, NoticeTemplate, Title, Urging


class ReadOnly(admin.ModelAdmin[Any]):
    """Browse only."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Title)
class TitleAdmin(ReadOnly):
    list_display = ("case", "kind", "effective_on", "status", "total_amount", "performed_on", "on_time")
    list_filter = ("status", "kind")
    search_fields = ("case__case_number",)


@admin.register(Notice)
class NoticeAdmin(ReadOnly):
    list_display = ("number", "kind", "issued_on", "template")
    list_filter = ("kind",)
    exclude = ("content", "verification_code")


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(ReadOnly):
    list_display = ("court", "kind", "filename", "active", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "active")
    exclude = ("content",)


@admin.register(Urging)
class UrgingAdmin(ReadOnly):
    list_display = ("title", "applied_on", "ends_on", "status", "enforcement_case")
    list_filter = ("status",)
