"""The platform's CSP middleware: the header of a plain response is the library's, built once; a response a
decorator changed, or one after a nonce was asked for, is built by the library as before; a changed setting
is seen."""

from __future__ import annotations

from csp.constants import HEADER
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware as Library
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from zhiyuan.operations.csp import CSPMiddleware


def _through(middleware_class: type, view: object) -> HttpResponse:
    request = RequestFactory().get("/somewhere")
    return middleware_class(view)(request)  # type: ignore[no-any-return]


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("x")


@csp_update({"img-src": ["https://maps.example"]})
def widened(request: HttpRequest) -> HttpResponse:
    return HttpResponse("x")


def with_nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(request.csp_nonce))  # type: ignore[attr-defined]


def test_the_same_headers_as_the_library() -> None:
    for view in (plain, plain, widened, with_nonce):
        ours, theirs = _through(CSPMiddleware, view), _through(Library, view)
        assert sorted(ours[HEADER].split("; ")) == sorted(theirs[HEADER].split("; "))
    assert "maps.example" in _through(CSPMiddleware, widened)[HEADER]
    assert "maps.example" not in _through(CSPMiddleware, plain)[HEADER]


def test_a_changed_policy_is_built_again() -> None:
    before = _through(CSPMiddleware, plain)[HEADER]
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        assert _through(CSPMiddleware, plain)[HEADER] == "default-src 'none'"
    assert _through(CSPMiddleware, plain)[HEADER] == before
