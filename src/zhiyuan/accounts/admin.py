"""Admin pages for the three administrators: accounts (system), roles and tokens (security)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhiyuan.accounts import services, throttling
from zhiyuan.accounts.models import ApiToken, Lockout, User, UserRole
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

    list_display = ("username", "full_name", "court", "organization", "is_active", "last_login")
    list_filter = ("is_active", "court__level")
    search_fields = ("username", "full_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("信息", {"fields": ("full_name", "court", "organization", "is_active")}),
        ("安全", {"fields": ("password_changed_at", "last_login")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "court", "organization", "password1", "password2")}),
    )
    readonly_fields = ("password_changed_at", "last_login")
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


@admin.register(Lockout)
class LockoutAdmin(admin.ModelAdmin[Lockout]):
    """Failed sign-ins per account and address (django-axes); a lock is lifted by the audited service."""

    list_display = ("username", "ip_address", "failures_since_start", "attempt_time", "locked")
    list_filter = ("attempt_time",)
    search_fields = ("username", "ip_address")
    fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time")
    readonly_fields = fields
    actions = ["unlock"]

    @admin.display(description=_("锁定至"))
    def locked(self, obj: Lockout) -> Any:
        return throttling.locked_until(obj.username or "", obj.ip_address) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="解锁所选账号 Unlock")
    def unlock(self, request: HttpRequest, queryset: Any) -> None:
        names = set(queryset.values_list("username", flat=True))
        for user in User.objects.filter(username__in=names):
            services.unlock(request.user, user, request=request)


def _sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin has no password form of its own: its sign-in is /accounts/login/, with the throttling
    and the second factor of every other sign-in."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), "accounts:login")


admin.site.login = _sign_in  # type: ignore[method-assign]
