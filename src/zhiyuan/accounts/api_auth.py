"""API authentication: bearer tokens (partners and integrations) or the signed-in session (pages' HTMX)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from zhiyuan.accounts.middleware import attach_context
from zhiyuan.accounts.models import ApiToken
from zhiyuan.accounts.services import token_hash


class TokenAuth(HttpBearer):
    """``Authorization: Bearer zy_…``; the token's scopes narrow its user's permissions."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        now = timezone.now()
        found = (
            ApiToken.objects.select_related("user", "user__court")
            .filter(key_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        attach_context(request)
        return found


class SessionAuth(APIKeyCookie):
    """The page session (CSRF-checked for unsafe methods), for HTMX calls from signed-in pages."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.requires_second_factor and not user.is_verified():
                return None
            return user
        return None


API_AUTH = [TokenAuth(), SessionAuth()]
