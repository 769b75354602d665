"""The REST API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Body, NinjaAPI

from zhiyuan import __version__
from zhiyuan.accounts.api import router as accounts_router
from zhiyuan.accounts.api_auth import API_AUTH
from zhiyuan.audit.api import router as audit_router
from zhiyuan.cases.api import router as cases_router
from zhiyuan.command.api import router as command_router
from zhiyuan.courts import selectors
from zhiyuan.courts.api import router as courts_router
from zhiyuan.governance.api import router as governance_router
from zhiyuan.law.errors import LawError
from zhiyuan.law.rules import RULES
from zhiyuan.mediation.api import router as mediation_router
from zhiyuan.performance.api import router as performance_router
from zhiyuan.problems import problem

api = NinjaAPI(
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


api.add_router("/", courts_router)
api.add_router("/accounts", accounts_router, auth=API_AUTH)
api.add_router("/audit", audit_router, auth=API_AUTH)
api.add_router("/", cases_router, auth=API_AUTH)
api.add_router("/mediation", mediation_router, auth=API_AUTH)
api.add_router("/performance", performance_router, auth=API_AUTH)
api.add_router("/", governance_router, auth=API_AUTH)
api.add_router("/command", command_router, auth=API_AUTH)


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
