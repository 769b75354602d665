"""Sign-in throttling with django-axes, by account AND client address, with the thresholds of the security
profile in force (``lockout_threshold`` failures lock for ``lockout_minutes``).

Counting by the pair means that failing someone's password from one address locks that address out of
that account only: the user signs in from their own address as usual, and nobody can lock an account
(an administrator's included) from elsewhere. Unknown user names are counted and locked exactly like
real ones, so neither the answer nor its timing tells which accounts exist. The password and the second
factor (TOTP) count towards the same limit; API tokens are 256-bit random values that cannot be guessed
and have no password to lock.

The settings in ``settings.py`` name the functions below (``AXES_FAILURE_LIMIT``, ``AXES_COOLOFF_TIME``,
``AXES_CLIENT_IP_CALLABLE``, ``AXES_LOCKOUT_CALLABLE``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from zhiyuan.accounts import profiles
from zhiyuan.accounts.selectors import client_ip


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    """Failures of one account from one address before that pair is locked (the profile's)."""
    return profiles.current().lockout_threshold


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """How long a locked pair stays locked after its last counted failure (the profile's)."""
    return dt.timedelta(minutes=profiles.current().lockout_minutes)


def client_address(request: HttpRequest) -> str | None:
    """The address failures are counted against: the one the audit log records (``selectors.client_ip``);
    None when it is not an IP address (e.g. a Unix socket)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def is_locked(request: HttpRequest, username: str) -> bool:
    """Is ``username`` locked for the address of ``request``?"""
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def second_factor_failed(request: HttpRequest, username: str) -> bool:
    """Count a wrong (or refused) TOTP code like a wrong password; True when the pair is now locked.

    A pair that is already locked is refused without counting, as the password step does, so the lock
    ends ``lockout_minutes`` after it began."""
    credentials = {"username": username, "second_factor": "totp"}
    if is_locked(request, username):
        request.axes_locked_out = True  # type: ignore[attr-defined]  # as AxesStandaloneBackend marks it
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def locked_until(username: str, address: str | None) -> dt.datetime | None:
    """When the lock of (``username``, ``address``) ends, or None when the pair is not locked."""
    attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
    latest = attempts.aggregate(last=Max("attempt_time"))["last"]
    failures = sum(attempts.values_list("failures_since_start", flat=True))
    if latest is None or failures < failure_limit():
        return None
    until: dt.datetime = latest + cool_off()
    return until if until > timezone.now() else None


def locked_addresses(username: str) -> list[str]:
    """The addresses from which ``username`` is locked now."""
    addresses = AccessAttempt.objects.filter(username=username).values_list("ip_address", flat=True)
    return sorted({a or "" for a in addresses if locked_until(username, a) is not None})


def reset(username: str) -> int:
    """Forget the failures of ``username`` from every address (lifts its locks); the count removed."""
    return int(AxesProxyHandler.reset_attempts(username=username))
