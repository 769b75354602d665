"""django-csp's middleware, building the policy once instead of on every response.

django-csp builds the ``Content-Security-Policy`` header (and its report-only twin) anew for each response
— two deep copies of the configuration and two string builds, the largest cost of answering the public
credit query after its own two statements (benchmarks/credit_query.py). Without a nonce, a decorator's
change or an exemption the header is the same for every response until the settings change, so
:class:`CSPMiddleware` keeps what the library built for the first such response and sets that; every
other response goes through the library as before."""

from __future__ import annotations

from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

#: what a view or decorator may set on a response to change or drop its policy (django-csp)
_CHANGES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
_POLICIES = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
_SETTINGS = (*_POLICIES, "DEBUG")
#: the headers of a response nothing changed, as the library built them (None: not built yet)
_built: dict[str, str] | None = None
#: the policies' excluded path prefixes (None: not read yet); read with the settings, forgotten with them
_prefixes: tuple[str, ...] | None = None


def _excluded_prefixes() -> tuple[str, ...]:
    global _prefixes
    if _prefixes is None:
        found: list[str] = []
        for name in _POLICIES:
            found.extend((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
        _prefixes = tuple(found)
    return _prefixes


def _plain(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the library would give this response the same headers as any other: no nonce, no change
    by a decorator, no header set already, no excluded prefix, not a debug page."""
    if getattr(request, "_csp_nonce", None) is not None or settings.DEBUG:
        return False
    if any(hasattr(response, name) for name in _CHANGES):
        return False
    if HEADER in response or HEADER_REPORT_ONLY in response:
        return False
    prefixes = _excluded_prefixes()
    return not (prefixes and request.path_info.startswith(prefixes))


class CSPMiddleware(LibraryCSPMiddleware):
    """The library's middleware, with the headers of a plain response built once (see the module)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        global _built
        if not _plain(request, response):
            return super().process_response(request, response)
        if _built is None:
            built = super().process_response(request, HttpResponse())
            _built = {h: built[h] for h in (HEADER, HEADER_REPORT_ONLY) if h in built}
            return self.process_response(request, response)
        for header, value in _built.items():
            response[header] = value
        # as the library does: a nonce asked for after the header is written is an error, not a silent miss
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    """A changed policy (in tests) is built again."""
    global _built, _prefixes
    if setting in _SETTINGS:
        _built = _prefixes = None
