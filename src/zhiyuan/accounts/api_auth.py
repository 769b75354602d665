"""API authentication: bearer tokens (partners and integrations) or the signed-in session (pages' HTMX)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from zhiyuan.accounts.middleware import attach_context
from zhiyuan.accounts.models import ApiToken
from zhiyuan.accounts.services import token_hash
from zhiyuan.law.errors import LawError


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
    """The page session (CSRF-checked for unsafe methods), for HTMX calls from signed-in pages.

    Without a signed-in session this scheme does not apply, so a caller without credentials gets 401
    (``not_authenticated``), never a CSRF refusal; a signed-in page that omits the CSRF token gets 403
    ``csrf_failed``."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = self.authenticate(request, request.COOKIES.get(self.param_name))
        if user is not None and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise LawError(
                "csrf_failed",
                "缺少或无效的 CSRF 令牌：从页面调用接口须带 X-CSRFToken 请求头，其他客户端请使用接口令牌。",
                "CSRF token missing or invalid: calls from a page send the X-CSRFToken header; other "
                "clients use a bearer token.",
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if key and user is not None and user.is_authenticated:
            if user.requires_second_factor and not user.is_verified():
                return None
            return user
        return None


API_AUTH = [TokenAuth(), SessionAuth()]
