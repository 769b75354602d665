"""Reads about users: permissions in force (role ∩ token scopes), the audit actor of a request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

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
    """The client address (REMOTE_ADDR; a reverse proxy is expected to set it)."""
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "")[:45]


def actor(user: Any, request: HttpRequest | None = None) -> Actor:
    """The audit actor for ``user`` acting through ``request``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(None, "anonymous", ip=client_ip(request))
    court = user.court.code if getattr(user, "court_id", None) else ""
    return Actor(user.pk, user.get_username(), ",".join(sorted(user.role_codes)), court, client_ip(request))
