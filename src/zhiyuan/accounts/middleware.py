"""Session policy: second factor where required, password expiry, idle and absolute timeouts.

Both session clocks start at sign-in (:func:`start_session`, called on ``user_logged_in``): the idle
timeout slides with each request after that, the absolute limit never moves, and the session (its cookie
and its stored row) never outlives either."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from zhiyuan.accounts import profiles
from zhiyuan.accounts.selectors import actor, permissions_for

SIGN_IN_PATHS = ("/accounts/", "/static/", "/i18n/")
SESSION_STARTED = "zhiyuan_session_started"


def _now() -> float:
    return timezone.now().timestamp()


def _renew(request: HttpRequest, started: float) -> bool:
    """Slide the idle timeout, capped by what is left of the absolute limit; False when that is spent."""
    profile = profiles.current()
    left = profile.absolute_hours * 3600 - (_now() - started)
    if left <= 0:
        return False
    request.session.set_expiry(max(1, int(min(profile.idle_minutes * 60, left))))
    return True


def start_session(request: HttpRequest) -> None:
    """At sign-in: the absolute limit and the idle timeout count from now."""
    if hasattr(request, "session"):
        started = _now()
        request.session[SESSION_STARTED] = started
        _renew(request, started)


class SessionPolicyMiddleware:
    """After authentication and django-otp: enforce what the profile and the roles require."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_STARTED)
            # a session without its start (signed in some other way) is over, as is one past its limit
            if not isinstance(started, int | float) or not _renew(request, started):
                logout(request)
                return self._signed_out(request)
            if not request.path.startswith(SIGN_IN_PATHS):
                if user.requires_second_factor and not user.is_verified():
                    logout(request)
                    return self._signed_out(request)
                profile = profiles.current()
                if not request.path.startswith("/api/") and user.password_expired(profile.max_age_days):
                    return redirect("accounts:password")
        return self.get_response(request)

    def _signed_out(self, request: HttpRequest) -> HttpResponse:
        """Pages go to the sign-in page; the API answers as to anyone without credentials (401)."""
        if request.path.startswith("/api/"):
            return self.get_response(request)
        return redirect("accounts:login")


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
