"""Admin: delegated mediations, their sessions, extensions and agreements, read-only (every change goes
through the workflow services so it is in the node log and the audit chain)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhiyuan.mediation.models import Agreement, Extension, Mediation, Session, Submission


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Viewing only: the services are the one way to write."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SessionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Session
    extra = 0
    can_delete = False
    readonly_fields = ("held_on", "mode", "place", "notes", "attendance", "recorded_by")


class ExtensionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Extension
    extra = 0
    can_delete = False
    readonly_fields = ("consented_on", "previous_deadline", "new_deadline", "consents", "recorded_by")


@admin.register(Mediation)
class MediationAdmin(ReadOnly):
    list_display = ("case", "organization", "mediator", "focus_type", "status", "opened_on", "deadline")
    list_filter = ("status", "focus_type")
    search_fields = ("case__case_number", "organization__name", "organization__code")
    inlines = (SessionInline, ExtensionInline)


@admin.register(Agreement)
class AgreementAdmin(ReadOnly):
    list_display = ("mediation", "status", "executable", "signed_on", "title_id")
    list_filter = ("status", "executable")


@admin.register(Submission)
class SubmissionAdmin(ReadOnly):
    list_display = ("organization", "key", "endpoint", "status_code", "created_at")
