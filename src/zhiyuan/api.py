"""The REST API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.db import OperationalError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from ninja import Body, NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.operation import PathView

from zhiyuan import __version__
from zhiyuan.accounts.api import router as accounts_router
from zhiyuan.accounts.api_auth import API_AUTH
from zhiyuan.affairs.api import router as affairs_router
from zhiyuan.audit.api import router as audit_router
from zhiyuan.busy import RETRY_AFTER, busy_error, is_busy
from zhiyuan.cases.api import router as cases_router
from zhiyuan.command.api import router as command_router
from zhiyuan.courts import selectors
from zhiyuan.courts.api import router as courts_router
from zhiyuan.credit.api import public_router as credit_public_router
from zhiyuan.credit.api import router as credit_router
from zhiyuan.dispatch.api import router as dispatch_router
from zhiyuan.enforcement.api import router as enforcement_router
from zhiyuan.funds.api import router as funds_router
from zhiyuan.governance.api import router as governance_router
from zhiyuan.law.errors import LawError
from zhiyuan.law.rules import RULES
from zhiyuan.mediation.api import router as mediation_router
from zhiyuan.performance.api import router as performance_router
from zhiyuan.problems import framework_error, problem


class _API(NinjaAPI):
    """django-ninja's API, where an operation marked with Django's ``transaction.non_atomic_requests``
    manages its own transactions, as a plain Django view so marked would: ``ATOMIC_REQUESTS`` does not wrap
    it (the case import checks a whole file before it writes in one short transaction of its own; inside
    the request's transaction it would hold SQLite's write lock all along)."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for url in urls:
            if isinstance(url, URLPattern):
                _own_transactions(url.callback)
        return urls


def _own_transactions(view: Any) -> None:
    """Exempt ``view`` (a path's view, which dispatches to its operations) from ``ATOMIC_REQUESTS`` for the
    databases every one of its operations is marked non-atomic for."""
    for cell in getattr(view, "__closure__", None) or ():
        target = cell.cell_contents
        if isinstance(target, PathView) and target.operations:
            marks: list[set[str]] = [
                set(getattr(op.view_func, "_non_atomic_requests", ())) for op in target.operations
            ]
            common = set.intersection(*marks)
            if common:
                view._non_atomic_requests = common


api = _API(
    title="执源 zhiyuan API",
    version=__version__,
    description="执源治理平台接口。Enforcement source governance platform. Errors are problem+json "
    "with a stable `code` and messages in zh-Hans and English.",
    urls_namespace="api",
)


@api.exception_handler(LawError)
def law_error(request: HttpRequest, exc: LawError) -> HttpResponse:
    """Every domain error becomes problem+json with its stable code."""
    status, body = problem(exc)
    return api.create_response(request, body, status=status)


# The web layer's own errors get the same problem body (type, title, status, code, message_zh, message_en,
# details) instead of django-ninja's {"detail": ...}: every router, the partner API's included.
@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter or body that fails its schema: 422 ``invalid_input``, each error with its location."""
    errors = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return law_error(request, framework_error(422, errors=errors))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Malformed body (400), missing credentials (401), refusals (403), throttling (429), ..."""
    response = law_error(request, framework_error(exc.status_code))
    if isinstance(exc, AuthenticationError):
        response["WWW-Authenticate"] = 'Bearer realm="zhiyuan"'
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return law_error(request, framework_error(404))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return law_error(request, framework_error(403))


@api.exception_handler(OperationalError)
def database_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """A busy database (a lock not obtained in time) is 503 ``database_busy`` with ``Retry-After``, rolled
    back; any other database error is an internal error."""
    if not is_busy(exc):
        return internal_error(request, exc)
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)
    response = law_error(request, busy_error())
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@api.exception_handler(Exception)
def internal_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unexpected: rolled back, logged and signalled as Django does for a view (the test client
    re-raises it), answered with a 500 problem that carries no traceback."""
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)
    logging.getLogger("django.request").error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    got_request_exception.send(sender=None, request=request)
    return law_error(request, framework_error(500))


api.add_router("/", courts_router)
api.add_router("/accounts", accounts_router, auth=API_AUTH)
api.add_router("/audit", audit_router, auth=API_AUTH)
api.add_router("/", cases_router, auth=API_AUTH)
api.add_router("/mediation", mediation_router, auth=API_AUTH)
api.add_router("/performance", performance_router, auth=API_AUTH)
api.add_router("/enforcement", enforcement_router, auth=API_AUTH)
api.add_router("/credit", credit_router, auth=API_AUTH)
api.add_router("/funds", funds_router, auth=API_AUTH)
api.add_router("/public", credit_public_router)  # no sign-in: the public credit query
api.add_router("/affairs", affairs_router, auth=API_AUTH)
api.add_router("/", governance_router, auth=API_AUTH)
api.add_router("/command", command_router, auth=API_AUTH)
api.add_router("/dispatch", dispatch_router, auth=API_AUTH)


@api.get("/law", tags=["law"], summary="规则列表 List the rules")
def law_list(request: HttpRequest) -> dict[str, Any]:
    ref = selectors.reference()
    return {"rules": [r.describe(ref) for r in RULES.values()]}


@api.post(
    "/law/{rule}", tags=["law"], summary="运行规则 Run a rule on facts (same contract as `zhiyuan law`)"
)
def law_run(request: HttpRequest, rule: str, facts: Body[dict[str, Any]]) -> dict[str, Any]:
    spec = RULES.get(rule)
    if spec is None:
        raise LawError("unknown_rule", f"未知规则“{rule}”。", f"Unknown rule '{rule}'.")
    return spec.run(spec.with_today(facts, timezone.localdate()), selectors.reference())
