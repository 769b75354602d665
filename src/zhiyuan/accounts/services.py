"""Account use cases; each is one transaction with its audit record. ``actor_user`` None means the
operating-system operator acting through the ``zhiyuan accounts`` command (bootstrap)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts import throttling
from zhiyuan.accounts.matrix import ADMINISTRATOR, matrix
from zhiyuan.accounts.models import ApiToken, User, UserRole
from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.services import Actor, record
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import is_valid_number, normalize
from zhiyuan.rulebook.bundled import reference

TOKEN_PREFIX = "zy_"
T = TypeVar("T")


def _who(actor_user: Any, request: Any = None) -> Actor:
    return (
        actor(actor_user, request) if actor_user is not None else Actor.system("zhiyuan accounts (operator)")
    )


def use_case(permission: str | None) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """One use case = one transaction. ``permission`` is checked BEFORE the transaction opens, so the audit
    record of a refusal survives the refusal; ``actor_user`` None is the operator's command line."""

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def inner(actor_user: Any, *args: Any, request: Any = None, **kwargs: Any) -> T:
            if permission is not None and actor_user is not None:
                authorize(actor_user, permission, request)
            with transaction.atomic():
                return fn(actor_user, *args, request=request, **kwargs)

        return inner

    return wrap


def _password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise LawError("password_policy", "；".join(exc.messages), "; ".join(exc.messages)) from None


@use_case("admin:users")
def create_user(
    actor_user: Any,
    *,
    username: str,
    password: str,
    full_name: str = "",
    court_code: str = "",
    organization_code: str = "",
    id_number: str = "",
    id_type: str = "",
    request: Any = None,
) -> User:
    """Create an account (``admin:users``) attached to a court or a partner organization, or a party."""
    if User.objects.filter(username=username).exists():
        raise LawError("username_taken", f"用户名“{username}”已存在。", f"Username '{username}' is taken.")
    user = User(username=username, full_name=full_name)
    if court_code:
        user.court = Court.objects.filter(code=court_code).first()
        if user.court is None:
            raise LawError(
                "unknown_court", f"未知法院代字“{court_code}”。", f"Unknown court code '{court_code}'."
            )
    if organization_code:
        user.organization = PartnerOrganization.objects.filter(code=organization_code).first()
        if user.organization is None:
            raise LawError(
                "unknown_organization",
                f"未知调解组织“{organization_code}”。",
                f"Unknown organization '{organization_code}'.",
            )
    if id_number:  # the one definition of validity (law.identity); id_type: a passport, a permit …
        if not is_valid_number(id_number, id_type, on=timezone.localdate(), params=reference().params):
            raise LawError("id_number_invalid", "证件号码无效。", "The identity number is not valid.")
        user.id_number = normalize(id_number)
    _password(password, user)
    user.set_password(password)
    user.save()
    record(
        _who(actor_user, request),
        "accounts.user.create",
        obj=user,
        after={
            "username": username,
            "court": court_code,
            "organization": organization_code,
            "id_number": user.id_number,
        },
    )
    return user


@use_case("admin:users")
def set_active(actor_user: Any, user: User, active: bool, request: Any = None) -> None:
    """Deactivate or reactivate an account (``admin:users``); accounts are never deleted."""
    before = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        _who(actor_user, request),
        "accounts.user.activate" if active else "accounts.user.deactivate",
        obj=user,
        before={"is_active": before},
        after={"is_active": active},
    )


@use_case("security:roles")
def grant_role(actor_user: Any, user: User, role: str, request: Any = None) -> UserRole:
    """Grant ``role`` (``security:roles``), refusing combinations the matrix forbids."""
    if actor_user is not None and actor_user.pk == user.pk:
        raise LawError("self_grant", "不得为本人授权。", "Nobody may grant roles to themselves.")
    m = matrix()
    if role not in m.roles:
        raise LawError("unknown_role", f"未知角色“{role}”。", f"Unknown role '{role}'.")
    conflicts = m.conflicts({*user.role_codes, role})
    if conflicts:
        raise LawError(
            "role_conflict", "角色冲突：" + "；".join(conflicts), "Role conflict: " + "; ".join(conflicts)
        )
    kind = m.roles[role].kind
    needs = {
        "court_staff": ("court_id", "须先指定所属法院", "the user must belong to a court"),
        "partner": (
            "organization_id",
            "须先指定所属调解组织",
            "the user must belong to a partner organization",
        ),
        "party": ("id_number_hash", "须先登记身份证号码", "the party's identity number must be recorded"),
    }
    if kind in needs and not getattr(user, needs[kind][0]):
        raise LawError(
            "role_affiliation", f"授予“{role}”{needs[kind][1]}。", f"To hold '{role}' {needs[kind][2]}."
        )
    granted = UserRole.objects.create(user=user, role=role, granted_by=_who(actor_user, request).name)
    if kind == ADMINISTRATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_codes", None)
    record(_who(actor_user, request), "accounts.role.grant", obj=user, after={"role": role})
    return granted


@use_case("security:roles")
def revoke_role(actor_user: Any, user: User, role: str, request: Any = None) -> None:
    """Revoke ``role`` (``security:roles``)."""
    deleted, _ = UserRole.objects.filter(user=user, role=role).delete()
    if not deleted:
        raise LawError("role_not_held", f"用户未持有角色“{role}”。", f"The user does not hold '{role}'.")
    user.__dict__.pop("_role_codes", None)
    if user.is_staff and not user.is_administrator:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    record(_who(actor_user, request), "accounts.role.revoke", obj=user, before={"role": role})


@use_case("security:accounts")
def unlock(actor_user: Any, user: User, request: Any = None) -> list[str]:
    """Lift the user's sign-in locks from every address (``security:accounts``); the addresses that were
    locked."""
    addresses = throttling.locked_addresses(user.username)
    cleared = throttling.reset(user.username)
    record(
        _who(actor_user, request),
        "accounts.user.unlock",
        obj=user,
        before={"locked_addresses": addresses, "failure_records": cleared},
    )
    return addresses


@use_case("security:accounts")
def reset_second_factor(actor_user: Any, user: User, request: Any = None) -> int:
    """Remove the user's TOTP devices (``security:accounts``); they enrol again at next sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    record(
        _who(actor_user, request),
        "accounts.second_factor.reset",
        obj=user,
        after={"devices_removed": deleted},
    )
    return int(deleted)


def token_hash(raw: str) -> str:
    """SHA-256 of a raw token (tokens are random, so a plain hash suffices)."""
    return hashlib.sha256(raw.encode()).hexdigest()


@use_case("security:tokens")
def issue_token(
    actor_user: Any, user: User, name: str, scopes: list[str], days: int = 365, request: Any = None
) -> tuple[ApiToken, str]:
    """Issue an API token (``security:tokens``) with scopes within the user's permissions; the raw value
    is returned once and never stored."""
    excess = sorted(set(scopes) - user.permissions)
    if excess or not scopes:
        raise LawError(
            "token_scope",
            f"令牌权限超出用户权限：{', '.join(excess) or '（空）'}。",
            f"Scopes outside the user's permissions: {', '.join(excess) or '(none)'}.",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:10],
        key_hash=token_hash(raw),
        scopes=sorted(scopes),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    record(
        _who(actor_user, request),
        "accounts.token.issue",
        obj=token,
        after={"user": user.username, "scopes": sorted(scopes), "days": days},
    )
    return token, raw


@use_case("security:tokens")
def revoke_token(actor_user: Any, token: ApiToken, request: Any = None) -> None:
    """Revoke an API token (``security:tokens``)."""
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(_who(actor_user, request), "accounts.token.revoke", obj=token)


@use_case(None)
def change_password(user: User, old: str, new: str, request: Any = None) -> None:
    """The user changes their own password under the profile's rules."""
    if not user.check_password(old):
        raise LawError("password_wrong", "原密码不正确。", "The current password is wrong.")
    if old == new:
        raise LawError(
            "password_reused", "新密码不得与原密码相同。", "The new password must differ from the old."
        )
    _password(new, user)
    user.set_password(new)
    user.save()
    record(actor(user, request), "auth.password_change", obj=user)
