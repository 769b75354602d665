"""Admin pages for the three administrators: accounts (system), roles and tokens (security)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhiyuan.accounts import services, throttling
from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.models import ApiToken, Lockout, User, UserRole, role_name
from zhiyuan.audit.services import AuditedAdminMixin


def boolean_icon(value: bool | None) -> SafeString:
    """Django's yes/no icon with its text in the reader's language (upstream's is ``True``/``False`` in
    every language, read aloud as such); installed below for every boolean column of the admin."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("是"), False: gettext("否"), None: gettext("未知")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


# django.contrib.admin.utils imports it from here at each call, so both list and detail pages use ours
admin_list._boolean_icon = boolean_icon  # type: ignore[attr-defined]


def account_name(value: str) -> SafeString:
    """An account name (Latin letters by design) marked as not to be translated."""
    return format_html('<span class="audit-code" translate="no">{}</span>', value)


def person(name: str) -> str:
    """The person behind an account name recorded as text (a grant's author): their name, or 系统 for a
    command or job acting on its own account."""
    found = User.objects.filter(username=name).first() if name else None
    if found is not None:
        return found.get_full_name()
    return gettext("系统") if name else "—"


class RoleFilter(admin.SimpleListFilter):
    """Roles by their names, in the matrix's order."""

    title = _("角色")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(code, role_name(code)) for code in matrix().roles]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(role=self.value()) if self.value() else queryset


class UserRoleInline(admin.TabularInline[UserRole, User]):
    model = UserRole
    extra = 0
    fields = ("role_label", "granted_by_name", "granted_at")
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("角色"))
    def role_label(self, obj: UserRole) -> str:
        return role_name(obj.role)

    @admin.display(description=_("授权人"))
    def granted_by_name(self, obj: UserRole) -> str:
        return person(obj.granted_by)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin[User]):
    """The system administrator manages accounts; roles are granted by the security administrator."""

    list_display = (
        "full_name",
        "login_name",
        "role_names",
        "court",
        "organization",
        "is_active",
        "last_login",
    )
    list_display_links = ("full_name", "login_name")
    list_filter = ("is_active", "court__level")
    search_fields = ("username", "full_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("信息"), {"fields": ("full_name", "court", "organization", "is_active")}),
        (_("安全"), {"fields": ("password_changed_at", "last_login")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "court", "organization", "password1", "password2")}),
    )
    readonly_fields = ("password_changed_at", "last_login")
    inlines = [UserRoleInline]
    autocomplete_fields = ("court",)
    ordering = ("username",)

    class Media:
        css = {"all": ("zhiyuan/admin.css",)}

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("roles")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        password = form.base_fields.get("password")
        if password is not None and obj is not None:
            # the hash's algorithm, salt and digest marked as codes (Django's widget shows them as words)
            password.widget.template_name = "zhiyuan/admin/password_hash.html"
        return form

    @admin.display(description=_("账号"), ordering="username")
    def login_name(self, obj: User) -> SafeString:
        return account_name(obj.username)

    @admin.display(description=_("角色"))
    def role_names(self, obj: User) -> str:
        return "、".join(role_name(r.role) for r in obj.roles.all()) or "—"


@admin.register(UserRole)
class UserRoleAdmin(admin.ModelAdmin[UserRole]):
    """Grants go through the service: conflicts, affiliations and self-grants are refused and audited."""

    list_display = ("user", "role_label", "granted_by_name", "granted_at")
    list_filter = (RoleFilter,)
    search_fields = ("user__username", "user__full_name")
    raw_id_fields = ("user",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user", "role_label", "granted_by_name") if obj else ("granted_by_name",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return ["user", "role_label", "granted_by_name"] if obj else ["user", "role"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role":
            from django import forms

            choices = [("", "---------"), *((c, role_name(c)) for c in matrix().roles)]
            return forms.ChoiceField(choices=choices, label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("角色"), ordering="role")
    def role_label(self, obj: UserRole) -> str:
        return role_name(obj.role)

    @admin.display(description=_("授权人"))
    def granted_by_name(self, obj: UserRole) -> str:
        return person(obj.granted_by)

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

    list_display = ("token_prefix", "name", "user", "created_at", "expires_at", "revoked_at", "last_used_at")
    fields = readonly_fields = (
        "user",
        "name",
        "token_prefix",
        "scope_names",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    actions = ["revoke"]

    @admin.display(description=_("前缀"), ordering="prefix")
    def token_prefix(self, obj: ApiToken) -> SafeString:
        return account_name(obj.prefix)

    @admin.display(description=_("权限范围"))
    def scope_names(self, obj: ApiToken) -> str:
        """The permissions by their names in the reader's language (a code the matrix no longer knows as
        it is)."""
        catalogue = matrix().permissions
        en = (translation.get_language() or "").startswith("en")
        names = [catalogue.get(c, {}).get("en" if en else "zh") or c for c in obj.scopes or ()]
        return "、".join(names) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(request.user, token, request=request)


@admin.register(Lockout)
class LockoutAdmin(admin.ModelAdmin[Lockout]):
    """Failed sign-ins per account and address (django-axes); a lock is lifted by the audited service."""

    list_display = ("account", "ip_address", "failures_since_start", "attempt_time", "locked")
    list_filter = ("attempt_time",)
    search_fields = ("username", "ip_address")
    fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time")
    readonly_fields = fields
    actions = ["unlock"]

    @admin.display(description=_("账号"), ordering="username")
    def account(self, obj: Lockout) -> SafeString:
        return account_name(obj.username or "")

    @admin.display(description=_("锁定至"))
    def locked(self, obj: Lockout) -> Any:
        return throttling.locked_until(obj.username or "", obj.ip_address) or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("解锁所选账号"))
    def unlock(self, request: HttpRequest, queryset: Any) -> None:
        names = set(queryset.values_list("username", flat=True))
        for user in User.objects.filter(username__in=names):
            services.unlock(request.user, user, request=request)


def _sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin has no password form of its own: its sign-in is /accounts/login/, with the throttling
    and the second factor of every other sign-in."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), "accounts:login")


admin.site.login = _sign_in  # type: ignore[method-assign]
