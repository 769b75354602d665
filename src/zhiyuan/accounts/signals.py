"""Authentication events into the audit log: sign-in, sign-out, failures."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.models import Outcome
from zhiyuan.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(actor(user, request), "auth.login", obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(actor(user, request), "auth.logout", obj=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    record(
        actor(None, request),
        "auth.login_failed",
        outcome=Outcome.FAILURE,
        after={"username": str(credentials.get("username", ""))[:150]},
    )
