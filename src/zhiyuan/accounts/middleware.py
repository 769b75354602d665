"""Session policy: second factor where required, password expiry, idle and absolute timeouts."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from zhiyuan.accounts import profiles
from zhiyuan.accounts.selectors import actor, permissions_for

SIGN_IN_PATHS = ("/accounts/", "/static/", "/i18n/")
SESSION_STARTED = "zhiyuan_session_started"


class SessionPolicyMiddleware:
    """After authentication and django-otp: enforce what the profile and the roles require."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            profile = profiles.current()
            started = request.session.setdefault(SESSION_STARTED, int(time.time()))
            if time.time() - started > profile.absolute_hours * 3600:
                logout(request)
                return redirect("accounts:login")
            request.session.set_expiry(profile.idle_minutes * 60)  # sliding: saved on every request
            if not request.path.startswith(SIGN_IN_PATHS):
                if user.requires_second_factor and not user.is_verified():
                    logout(request)
                    return redirect("accounts:login")
                if not request.path.startswith("/api/") and user.password_expired(profile.max_age_days):
                    return redirect("accounts:password")
        return self.get_response(request)


class RequestContextMiddleware:
    """Sets ``request.permissions`` and ``request.actor`` (lazily) for apps below this layer, which must
    not import accounts: they check ``permission in request.permissions`` and audit ``request.actor``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        attach_context(request)
        return self.get_response(request)


def attach_context(request: HttpRequest) -> None:
    """(Re)compute the lazy permission set and audit actor of ``request`` (after token authentication too)."""
    request.permissions = SimpleLazyObject(lambda: permissions_for(request.user, request))  # type: ignore[attr-defined]
    request.actor = SimpleLazyObject(lambda: actor(request.user, request))  # type: ignore[attr-defined]
