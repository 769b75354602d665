"""Password authentication with lockout by the profile in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from zhiyuan.accounts import profiles
from zhiyuan.accounts.models import User
from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.models import Outcome
from zhiyuan.audit.services import record


class LockoutBackend(ModelBackend):
    """Refuses a locked account; counts failures and locks at the threshold; everything is audited."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = User.objects.filter(username=username).first()
        now = timezone.now()
        if user is not None and user.locked_until is not None and user.locked_until > now:
            if request is not None:
                request.login_failure = "locked"  # type: ignore[attr-defined]
                request.locked_until = user.locked_until  # type: ignore[attr-defined]
            record(
                actor(None, request),
                "auth.login_locked",
                obj=user,
                outcome=Outcome.DENIED,
                after={"username": username},
            )
            return None
        result = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            return result
        if result is not None:
            if user.failed_logins:
                User.objects.filter(pk=user.pk).update(failed_logins=0)
            return result
        profile = profiles.current()
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins"])
        if user.failed_logins >= profile.lockout_threshold:
            until = now + dt.timedelta(minutes=profile.lockout_minutes)
            User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
            if request is not None:
                request.login_failure = "locked"  # type: ignore[attr-defined]
                request.locked_until = until  # type: ignore[attr-defined]
            record(
                actor(None, request),
                "auth.lockout",
                obj=user,
                outcome=Outcome.DENIED,
                after={
                    "username": username,
                    "locked_until": until.isoformat(),
                    "failures": profile.lockout_threshold,
                },
            )
        return None
