"""Authentication events into the audit log: sign-in, sign-out, failures, lockouts; a session's clocks
start at sign-in."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from zhiyuan.accounts import throttling
from zhiyuan.accounts.middleware import start_session
from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.models import Outcome
from zhiyuan.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    start_session(request)
    record(actor(user, request), "auth.login", obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(actor(user, request), "auth.logout", obj=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if credentials.get("second_factor"):
        return  # the second-factor step records its own failure, naming the account
    record(
        actor(None, request),
        "auth.login_failed",
        outcome=Outcome.FAILURE,
        after={"username": str(credentials.get("username", ""))[:150]},
    )


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """django-axes locked (account, address) — ``auth.lockout`` — or refused an attempt while it is locked —
    ``auth.login_locked``. The user name is recorded as typed: an unknown one is locked like a real one."""
    newly = getattr(request, "axes_failures_since_start", None) is not None
    until = throttling.locked_until(username or "", ip_address)
    after: dict[str, Any] = {
        "username": str(username or "")[:150],
        "address": ip_address or "",
        "locked_until": until.isoformat() if until else None,
    }
    if newly:
        after["failures"] = request.axes_failures_since_start  # type: ignore[attr-defined]
    record(
        actor(None, request),
        "auth.lockout" if newly else "auth.login_locked",
        outcome=Outcome.DENIED,
        after=after,
    )
