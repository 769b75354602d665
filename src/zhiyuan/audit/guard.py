"""Permission checks for the audit app's own endpoints, using what the authentication layer put on the
request (``request.permissions``, ``request.actor``) so that this layer never imports accounts."""

from __future__ import annotations

from django.http import HttpRequest

from zhiyuan.audit.models import Outcome
from zhiyuan.audit.services import Actor, record
from zhiyuan.law.errors import Denied


def require(request: HttpRequest, permission: str) -> None:
    """Raise :class:`Denied` (after auditing it) unless the request carries ``permission``."""
    if permission in getattr(request, "permissions", frozenset()):
        return
    who = getattr(request, "actor", None) or Actor(None, "anonymous")
    record(who, "auth.denied", outcome=Outcome.DENIED, after={"attempted": permission})
    raise Denied(
        "permission_denied",
        f"无权执行此操作（需要 {permission}）。",
        f"Not permitted (requires {permission}).",
    )
