"""Admin pages for the three administrators: accounts (system), roles and tokens (security)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from zhiyuan.accounts import services
from zhiyuan.accounts.models import ApiToken, User, UserRole
from zhiyuan.audit.services import AuditedAdminMixin


class UserRoleInline(admin.TabularInline[UserRole, User]):
    model = UserRole
    extra = 0
    fields = ("role", "granted_by", "granted_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin[User]):
    """The system administrator manages accounts; roles are granted by the security administrator."""

    list_display = ("username", "full_name", "court", "organization", "is_active", "locked_until")
    list_filter = ("is_active", "court__level")
    search_fields = ("username", "full_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("信息", {"fields": ("full_name", "court", "organization", "is_active")}),
        ("安全", {"fields": ("password_changed_at", "failed_logins", "locked_until", "last_login")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "court", "organization", "password1", "password2")}),
    )
    readonly_fields = ("password_changed_at", "failed_logins", "locked_until", "last_login")
    inlines = [UserRoleInline]
    autocomplete_fields = ("court",)
    ordering = ("username",)


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin[UserRole]):
    """Grants go through the service: conflicts, affiliations and self-grants are refused and audited."""

    list_display = ("user", "role", "granted_by", "granted_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name")
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user", "role", "granted_by") if obj else ("granted_by",)

    def save_model(self, request: HttpRequest, obj: UserRole, form: Any, change: bool) -> None:
        if not change:
            saved = services.grant_role(request.user, obj.user, obj.role, request=request)
            obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: UserRole) -> None:
        services.revoke_role(request.user, obj.user, obj.role, request=request)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are issued by command or API (the raw value is shown once); here they are listed and revoked."""

    list_display = ("prefix", "name", "user", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "scopes",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="吊销所选令牌 Revoke")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(request.user, token, request=request)
