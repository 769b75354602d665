"""Reads about users: permissions in force (role ∩ token scopes), the audit actor of a request."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from zhiyuan.accounts.models import ApiToken, User, UserRole
from zhiyuan.audit.services import Actor


def permissions_for(user: Any, request: HttpRequest | None = None) -> frozenset[str]:
    """What ``user`` may do now: the role permissions, narrowed to the API token's scopes if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    granted: frozenset[str] = user.permissions
    token = getattr(request, "api_token", None) if request is not None else None
    if token is not None:
        granted = granted & frozenset(token.scopes)
    return granted


def can(user: Any, permission: str, request: HttpRequest | None = None) -> bool:
    """Does ``user`` hold ``permission`` (through a role, within the token's scopes)?"""
    return permission in permissions_for(user, request)


def client_ip(request: HttpRequest | None) -> str:
    """The client address: REMOTE_ADDR, or — when that is a reverse proxy named in
    ``ZHIYUAN_TRUSTED_PROXIES`` — the last address in X-Forwarded-For that is not one of those proxies
    (what the nearest trusted proxy saw; anything to its left is the client's own claim)."""
    if request is None:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.ZHIYUAN_TRUSTED_PROXIES
    if proxies and remote in proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for address in reversed(forwarded):
            if address not in proxies:
                if _is_address(address):
                    remote = address
                break
    return remote[:45]


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def actor(user: Any, request: HttpRequest | None = None) -> Actor:
    """The audit actor for ``user`` acting through ``request`` (with the API token it carried, if any)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(None, "anonymous", ip=client_ip(request))
    court = user.court.code if getattr(user, "court_id", None) else ""
    token = getattr(request, "api_token", None) if request is not None else None
    used = f"{token.prefix}… {token.name}".strip()[:120] if token is not None else ""
    return Actor(
        user.pk, user.get_username(), ",".join(sorted(user.role_codes)), court, client_ip(request), used
    )


def active_holders(permission: str) -> QuerySet[User]:
    """Active accounts holding ``permission`` through one of their roles (the shipped matrix)."""
    from zhiyuan.accounts.matrix import matrix

    roles = [code for code, role in matrix().roles.items() if permission in role.permissions]
    return User.objects.filter(is_active=True, roles__role__in=roles).distinct()


# ------------------------------------------------------------------------------------------ workbench


def accounts_without_role() -> QuerySet[User]:
    """Active accounts that hold no role yet (they can sign in to nothing), the newest first."""
    return User.objects.filter(is_active=True, roles__isnull=True).order_by("-date_joined", "-pk")


def locked_accounts(now: dt.datetime | None = None) -> list[tuple[str, str, dt.datetime]]:
    """(user name, address, locked until) of every account locked from some address now, the lock
    ending last first (``accounts.throttling``: a pair is locked after the profile's failures)."""
    from zhiyuan.accounts import throttling  # it reads this module's client_ip

    since = (now or timezone.now()) - throttling.cool_off()
    pairs = set(AccessAttempt.objects.filter(attempt_time__gte=since).values_list("username", "ip_address"))
    found = [(u or "", a or "", throttling.locked_until(u or "", a)) for u, a in sorted(pairs, key=str)]
    return sorted(((u, a, t) for u, a, t in found if t is not None), key=lambda r: r[2], reverse=True)


def tokens_expiring(within_days: int, now: dt.datetime | None = None) -> QuerySet[ApiToken]:
    """API tokens in force (not revoked, not expired) that expire within ``within_days`` days, the
    soonest first."""
    at = now or timezone.now()
    return (
        ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=at)
        .filter(expires_at__lte=at + dt.timedelta(days=within_days))
        .select_related("user")
        .order_by("expires_at", "pk")
    )


def person_names(*, ids: Iterable[int | None] = (), usernames: Iterable[str] = ()) -> dict[Any, str]:
    """The names to show for users recorded by id or by user name (a node log's actor, an assignment's
    user): the person's full name, else the user name; keys are the ids and user names asked for that
    exist."""
    wanted_ids = {i for i in ids if i}
    wanted_names = {n for n in usernames if n}
    if not wanted_ids and not wanted_names:
        return {}
    rows = User.objects.filter(Q(pk__in=wanted_ids) | Q(username__in=wanted_names)).values_list(
        "pk", "username", "full_name"
    )
    out: dict[Any, str] = {}
    for pk, username, full_name in rows:
        out[pk] = out[username] = full_name or username
    return out


# ------------------------------------------------------------------------------- the command center


@dataclass(frozen=True)
class Member:
    """An active court staff member holding some of the roles asked for."""

    id: int
    username: str
    name: str
    court_id: int
    roles: tuple[str, ...]


def staff(
    court_ids: Iterable[int], roles: Iterable[str], user_ids: Iterable[int] | None = None
) -> list[Member]:
    """Active users of these courts holding any of ``roles`` (only ``user_ids`` when given), by court
    then user name (one query)."""
    qs = UserRole.objects.filter(
        role__in=list(roles), user__is_active=True, user__court_id__in=list(court_ids)
    )
    if user_ids is not None:
        qs = qs.filter(user_id__in=list(user_ids))
    rows = qs.values_list("user_id", "user__username", "user__full_name", "user__court_id", "role").order_by(
        "user__court_id", "user__username", "role"
    )
    found: dict[int, Member] = {}
    for pk, username, full_name, court_id, role in rows:
        held = found.get(pk)
        found[pk] = Member(
            pk, username, full_name or username, court_id, (*(held.roles if held else ()), role)
        )
    return list(found.values())
