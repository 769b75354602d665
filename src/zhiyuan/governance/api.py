"""指标分析 over HTTP: ``GET /api/indicators`` (permission ``governance:view``), the same JSON as
``zhiyuan indicators --json``."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.courts.models import Court
from zhiyuan.governance import selectors
from zhiyuan.inputs.text import Line, column_length
from zhiyuan.law.errors import LawError

router = Router(tags=["governance"])
COURT_CODE_MAX = column_length(Court, "code")


class IndicatorQuery(Schema):
    court: Line = Field(
        "", description="court code (法院代字); the user's own court by default", max_length=COURT_CODE_MAX
    )
    subtree: bool = Field(False, description="include every court below it")
    date_from: dt.date | None = Field(None, alias="from", description="first day; 1 January of `to`'s year")
    date_to: dt.date | None = Field(None, alias="to", description="last day; today by default")


@router.get(
    "/indicators",
    summary="指标（第一版） Indicators v1 for a court in your scope (governance:view)",
)
def indicators(request: HttpRequest, params: Query[IndicatorQuery]) -> dict[str, Any]:
    user = request.user
    authorize(user, "governance:view", request)
    code = params.court or (user.court.code if getattr(user, "court", None) else "")  # type: ignore[union-attr]
    if not code:
        raise LawError("court_required", "请指定法院代字。", "Name a court (court=CODE).")
    ids = selectors.courts_for(code, False)
    if not ids:
        raise LawError("unknown_court", f"未知法院代字：{code}", f"Unknown court code '{code}'.")
    if not set(ids) <= scope_of(user).court_ids:
        raise refuse(
            user,
            "court_out_of_scope",
            f"法院 {code} 不在您的权限范围内。",
            f"Court {code} is outside your scope.",
            request,
        )
    date_to = params.date_to or timezone.localdate()
    date_from = params.date_from or date_to.replace(month=1, day=1)
    return selectors.report(court_code=code, subtree=params.subtree, date_from=date_from, date_to=date_to)
