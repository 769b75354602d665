"""Mediation API: the clerk's workflow endpoints (mounted by zhiyuan.mediation.api): the scoped list,
bulk intake from a CSV file, and the overview figures."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.inputs.files import decode_text
from zhiyuan.inputs.pages import Pages
from zhiyuan.inputs.text import Criterion
from zhiyuan.mediation import intake, selectors
from zhiyuan.mediation.models import Mediation

router = Router(tags=["mediation"])


class MediationRow(Schema):
    id: int
    case_number: str
    court: str
    cause: str
    focus_type: str
    organization: str
    mediator: str | None
    claim_amount: Decimal | None
    status: str
    opened_on: dt.date
    deadline: dt.date
    closed_on: dt.date | None
    follow_up: str | None


class Figures(Schema):
    mediation_success_rate: float | None
    mean_mediation_days: float | None
    delegated: int
    succeeded: int
    failed: int
    withdrawn: int
    pending: int


def _row(m: Mediation) -> dict[str, Any]:
    return {
        "id": m.pk,
        "case_number": m.case.case_number,
        "court": m.case.court.code,
        "cause": m.case.cause_text,
        "focus_type": m.focus_type,
        "organization": m.organization.code,
        "mediator": m.mediator.code if m.mediator else None,
        "claim_amount": m.case.claim_amount,
        "status": m.status,
        "opened_on": m.opened_on,
        "deadline": m.deadline,
        "closed_on": m.closed_on,
        "follow_up": m.follow_up.case_number if m.follow_up else None,
    }


@router.get(
    "/mediations",
    response=list[MediationRow],
    summary="委派调解列表 Delegated mediations in scope (paginated)",
    description="分页：page（从 1 起）与 page_size（默认 50，最多 100）；count 为总数。· Paginated: `page` "
    "(from 1) and `page_size` (default 50, at most 100); the answer is `{items, count}` with `count` the "
    "total. An invalid page parameter is a 422 problem (`invalid_input`); a page past the end is empty.",
)
@paginate(Pages, page_size=50)
def mediations(request: HttpRequest, status: Criterion = "", organization: Criterion = "") -> Any:
    authorize(request.user, "case:view", request)
    rows = selectors.listing(request.user, status=status, organization=organization)
    return selectors.Shaped(rows.select_related("follow_up"), _row)


@router.get("/figures", response=Figures, summary="诉前调解指标 Mediation figures over the user's courts")
def figures(
    request: HttpRequest, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    authorize(request.user, "governance:view", request)
    return selectors.figures(sorted(scope_of(request.user).court_ids), date_from, date_to)


@router.post("/intake/bulk", summary="批量登记并委派（CSV） Bulk intake from a CSV file; all rows or none")
def bulk(request: HttpRequest, court: Criterion, on: dt.date, file: File[UploadedFile]) -> dict[str, Any]:
    decoded = decode_text(file.read())  # UTF-8 (with or without BOM) or GB18030/GBK, else encoding_invalid
    result = intake.bulk_delegate(
        request.user, court_code=court, on=on, content=decoded.text, request=request
    )
    return {**result, "encoding": decoded.encoding}
