"""The sign-in throttle as the first authentication backend (django-axes); the password itself is checked
by Django's ``ModelBackend`` after it."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class ThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]  # django-axes ships no types
    """Refuses a locked (account, address) pair before the password is looked at (``accounts.throttling``).

    Every sign-in of the platform passes its request. Authentication without one has no client address
    and so no pair to count — only programmatic calls do that (Django's test client ``login()``) — and is
    left to the next backend instead of failing."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None:
            super().authenticate(request, username, password, **kwargs)
