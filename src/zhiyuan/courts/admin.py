"""Admin for reference data: administrators correct derived rows and enter later years' calendars."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhiyuan.audit.services import AuditedAdminMixin
from zhiyuan.courts.models import (
    CalendarDay,
    CalendarYear,
    CaseType,
    Cause,
    CauseEdition,
    Court,
    CourtAlias,
    CourtNameAlias,
    Mediator,
    PartnerOrganization,
    Provenance,
)


class CorrectionMixin(AuditedAdminMixin):
    """Editing a shipped row marks it corrected, so a later ``zhiyuan setup`` keeps the correction; every
    change is audited."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and obj.provenance in {Provenance.DERIVED, Provenance.TRANSCRIBED, Provenance.PACKAGE}:
            obj.provenance = Provenance.CORRECTED
        elif not change:
            obj.provenance = Provenance.ADMIN
        super().save_model(request, obj, form, change)


class CourtAliasInline(admin.TabularInline[CourtAlias, Court]):
    model = CourtAlias
    extra = 0


class CourtNameAliasInline(admin.TabularInline[CourtNameAlias, Court]):
    """Former names and short forms; once the court is corrected, ``zhiyuan setup`` adds none back."""

    model = CourtNameAlias
    extra = 0


@admin.register(Court)
class CourtAdmin(CorrectionMixin, admin.ModelAdmin[Court]):
    list_display = ("code", "name", "level", "parent", "division_code", "provenance", "active")
    list_filter = ("level", "provenance", "active")
    search_fields = ("code", "name", "division_code", "division_name", "name_aliases__name")
    readonly_fields = ("provenance",)
    inlines = [CourtAliasInline, CourtNameAliasInline]


@admin.register(CaseType)
class CaseTypeAdmin(CorrectionMixin, admin.ModelAdmin[CaseType]):
    list_display = ("category_code", "name", "type_code", "type_class", "enforcement_kind", "provenance")
    list_filter = ("type_class", "provenance")
    search_fields = ("category_code", "name", "type_code")
    readonly_fields = ("provenance",)


@admin.register(CauseEdition)
class CauseEditionAdmin(AuditedAdminMixin, admin.ModelAdmin[CauseEdition]):
    list_display = ("key", "title", "in_force_from", "verified")


@admin.register(Cause)
class CauseAdmin(AuditedAdminMixin, admin.ModelAdmin[Cause]):
    list_display = ("name", "edition", "level", "number", "parent", "verified")
    list_filter = ("edition", "level", "verified")
    search_fields = ("name",)
    raw_id_fields = ("parent",)


@admin.register(CalendarDay)
class CalendarDayAdmin(CorrectionMixin, admin.ModelAdmin[CalendarDay]):
    list_display = ("date", "kind", "name", "provenance")
    list_filter = ("kind", "provenance")
    date_hierarchy = "date"
    readonly_fields = ("provenance",)


@admin.register(CalendarYear)
class CalendarYearAdmin(CorrectionMixin, admin.ModelAdmin[CalendarYear]):
    list_display = ("year", "notice", "provenance")
    readonly_fields = ("provenance",)


class MediatorInline(admin.TabularInline[Mediator, PartnerOrganization]):
    model = Mediator
    extra = 0
    fields = ("code", "name", "focus_types", "capacity", "active")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # mediators are deactivated, never deleted (mediations point at them)


class AuditedInlinesMixin(AuditedAdminMixin):
    """Audits the rows saved through inlines too (``AuditedAdminMixin`` covers the parent row)."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in instances:
            self.save_model(request, obj, None, bool(obj.pk))
        formset.save_m2m()


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(AuditedInlinesMixin, admin.ModelAdmin[PartnerOrganization]):
    list_display = ("code", "name", "kind", "court", "parent", "capacity", "active")
    list_filter = ("kind", "active", "court__level")
    search_fields = ("code", "name", "court__code", "court__name")
    autocomplete_fields = ("court", "parent")
    list_select_related = ("court", "parent")
    inlines = [MediatorInline]


@admin.register(Mediator)
class MediatorAdmin(AuditedAdminMixin, admin.ModelAdmin[Mediator]):
    list_display = ("code", "name", "organization", "capacity", "active")
    list_filter = ("active", "organization__kind")
    search_fields = ("code", "name", "organization__code", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)
