"""Users, their roles and API tokens. Permissions come from the matrix (``roles.yaml``), not from
Django groups; ``User.has_perm`` maps Django's admin permissions onto it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhiyuan.accounts.matrix import ADMINISTRATOR, matrix
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.privacy.fields import EncryptedTextField

#: Django "app_label.action_model" permissions (used by the admin) → matrix permission; None = nobody
DJANGO_PERMISSIONS: dict[str, str | None] = {
    "audit.view_auditentry": "audit:read",
    "audit.view_auditcheckpoint": "audit:read",
    "accounts.view_user": "admin:users",
    "accounts.add_user": "admin:users",
    "accounts.change_user": "admin:users",
    "accounts.delete_user": None,  # accounts are deactivated, never deleted (the audit log names them)
    "accounts.view_userrole": "security:roles",
    "accounts.add_userrole": "security:roles",
    "accounts.delete_userrole": "security:roles",
    "accounts.view_apitoken": "security:tokens",
    "accounts.change_apitoken": "security:tokens",
    "otp_totp.view_totpdevice": "security:accounts",
    "otp_totp.delete_totpdevice": "security:accounts",
    "accounts.view_lockout": "security:accounts",
}
REFERENCE_APPS = {"courts"}


class User(AbstractUser):
    """A person using the platform: court staff, partner-organization staff, a party, or an administrator."""

    full_name = models.CharField(_("姓名"), max_length=100, blank=True)
    court = models.ForeignKey(
        Court, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("所属法院")
    )
    organization = models.ForeignKey(
        PartnerOrganization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属调解组织"),
    )
    id_number = EncryptedTextField(_("身份证号码"), blank=True, default="", hash_field="id_number_hash")
    id_number_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        """The person's name (the account name when none was recorded)."""
        return self.full_name or self.username

    def get_short_name(self) -> str:
        """What the administration pages greet the user with: the person's name, not the account name."""
        return self.get_full_name()

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def password_expired(self, max_age_days: int | None) -> bool:
        """Older than the profile allows (or never set by the user, e.g. after an administrator reset)."""
        if max_age_days is None:
            return False
        if self.password_changed_at is None:
            return True
        return timezone.now() - self.password_changed_at > dt.timedelta(days=max_age_days)

    def is_verified(self) -> bool:
        """Whether a second factor was verified in this session; django-otp's middleware replaces this
        on the request's user. Token-authenticated API calls are not second-factor verified."""
        return False

    @property
    def requires_second_factor(self) -> bool:
        """A role held requires TOTP at sign-in."""
        return any(matrix().roles[r].second_factor for r in self.role_codes if r in matrix().roles)

    @property
    def role_codes(self) -> frozenset[str]:
        """Codes of the roles this user holds (cached per instance)."""
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    @property
    def permissions(self) -> frozenset[str]:
        """Matrix permissions of all roles held; none when inactive."""
        return matrix().permissions_of(self.role_codes) if self.is_active else frozenset()

    @property
    def is_administrator(self) -> bool:
        """Holds one of the three administrator roles (三员)."""
        return any(matrix().roles[r].kind == ADMINISTRATOR for r in self.role_codes if r in matrix().roles)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Django permission → matrix permission; superuser status grants nothing by itself."""
        if perm.split(".", 1)[0] in REFERENCE_APPS:
            return "admin:reference" in self.permissions
        needed = DJANGO_PERMISSIONS.get(perm)
        return needed is not None and needed in self.permissions

    def has_perms(self, perm_list: Any, obj: Any = None) -> bool:
        return all(self.has_perm(p, obj) for p in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        if app_label in REFERENCE_APPS:
            return "admin:reference" in self.permissions
        return any(p.startswith(app_label + ".") and self.has_perm(p) for p in DJANGO_PERMISSIONS)


def role_name(code: str, english: bool | None = None) -> str:
    """A role's name in the active language (or English when ``english``); an unknown code is returned
    as it is, for it names no role a person could recognise."""
    role = matrix().roles.get(code)
    if role is None:
        return code
    en = (get_language() or "").lower().startswith("en") if english is None else english
    return role.en if en else role.zh


class UserRole(models.Model):
    """A role held by a user; granted by the security administrator."""

    user = models.ForeignKey(User, models.CASCADE, related_name="roles", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=40)
    granted_by = models.CharField(_("授权人"), max_length=150, blank=True)
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} {role_name(self.role)}"


class ApiToken(models.Model):
    """A bearer token for the API, scoped to some of its user's permissions. Only a hash is stored."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name=_("用户"))
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("权限范围"), default=list)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}"


class Lockout(AccessAttempt):  # type: ignore[misc]  # django-axes ships no types
    """Failed sign-ins of one account from one address, counted by django-axes (``accounts.throttling``);
    shown to the security administrator, who lifts locks through the audited ``unlock``."""

    class Meta:
        proxy = True
        verbose_name = _("登录锁定")
        verbose_name_plural = _("登录锁定")
