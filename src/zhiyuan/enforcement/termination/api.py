"""The 终本 workflow over HTTP (mounted at ``/api/enforcement/termination``): a case's checklist with the
rule's answer, the officer's findings, the applicant's opinion, the termination, resumption, and the 终本
library. Writes go through the same services as the pages; errors leave as application/problem+json with
the services' codes (``tcp_not_allowed`` carries the missing codes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhiyuan.cases.models import Case
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.models import FindingItem, LibraryEntry
from zhiyuan.enforcement.selectors import enforcement_case
from zhiyuan.enforcement.termination import exporting, names, resumption, selectors, services
from zhiyuan.inputs.amounts import OptionalAmount
from zhiyuan.inputs.pages import RowId
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, ONE_LINE, column_length
from zhiyuan.problems import english

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
Note = Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE]
router = Router(tags=["enforcement"])


class ItemOut(Schema):
    code: str
    value: bool
    holds: bool
    source: str = Field(description="case (from what the case holds) or officer (recorded by the officer)")
    why_zh: str
    why_en: str


class ChecklistOut(Schema):
    case_number: str
    on: dt.date
    allowed: bool
    missing: list[str]
    missing_words: list[str]
    earliest_on: dt.date
    items: list[ItemOut]
    citations: list[dict[str, Any]]


class FindingIn(Schema):
    case_number: CaseNumber
    item: Literal[tuple(FindingItem.values)]  # type: ignore[valid-type]
    holds: bool
    note: Note
    on: dt.date


class OpinionIn(Schema):
    case_number: CaseNumber
    heard_on: dt.date
    text: Note


class TerminateIn(Schema):
    case_number: CaseNumber
    on: dt.date
    other_recovered: OptionalAmount = None
    note: Annotated[str, Field(max_length=NOTE_MAX), ONE_LINE] = ""


class ResumeIn(Schema):
    case_number: CaseNumber
    on: dt.date
    by: Literal["applicant", "court"]
    reason: Note


class LibraryEntryOut(Schema):
    case_number: str
    court: str
    terminated_on: dt.date
    claim_amount: Decimal
    recovered_amount: Decimal
    unpaid_amount: Decimal
    ruling_number: str
    state: str
    next_requery: dt.date | None
    last_requery_on: dt.date | None
    last_requery_found: int | None
    property_found_on: dt.date | None
    resumed_case: str | None
    resumed_on: dt.date | None
    resumed_by: str


class ResumedOut(Schema):
    case_number: str = Field(description="the new 执恢 case")
    origin: str


def _checklist(case: Case, on: dt.date) -> dict[str, Any]:
    listed = selectors.checklist(case, on)
    return {
        "case_number": case.case_number,
        "on": on,
        "allowed": listed.allowed,
        "missing": listed.missing,
        "missing_words": names.words(listed.missing, english()),
        "earliest_on": listed.result["earliest_on"],
        "items": [
            {
                "code": i.code,
                "value": i.value,
                "holds": i.holds,
                "source": i.source,
                "why_zh": i.why_zh,
                "why_en": i.why_en,
            }
            for i in listed.items
        ],
        "citations": listed.result.get("citations", []),
    }


def _entry(e: LibraryEntry) -> dict[str, Any]:
    return {
        "case_number": e.case.case_number,
        "court": e.case.court.name,
        **{
            n: getattr(e, n)
            for n in (
                "terminated_on",
                "claim_amount",
                "recovered_amount",
                "unpaid_amount",
                "ruling_number",
                "state",
                "last_requery_on",
                "last_requery_found",
                "property_found_on",
                "resumed_on",
                "resumed_by",
            )
        },
        "next_requery": getattr(e, "next_due", None),
        "resumed_case": e.resumed_case.case_number if e.resumed_case else None,
    }


def _viewed(request: HttpRequest, number: str) -> Case:
    readers.authorize(request.user, request)
    return enforcement_case(request.user, number)


@router.get(
    "/termination/checklist",
    response=ChecklistOut,
    summary="终本条件核查（案件记录与承办人记录）A case's 终本 checklist and tcp-check's answer (case:view)",
)
def checklist(request: HttpRequest, case_number: CaseNumber, on: dt.date | None = None) -> dict[str, Any]:
    case = _viewed(request, case_number)
    return _checklist(case, on or timezone.localdate())


@router.post(
    "/termination/findings",
    response={201: ChecklistOut},
    summary="记录核查事项 Record a checklist item (enforcement:terminate)",
)
def finding(request: HttpRequest, body: FindingIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    services.record_finding(request.user, case, body.item, body.holds, body.note, body.on, request)
    return Status(201, _checklist(case, body.on))


@router.post(
    "/termination/opinions",
    response={201: ChecklistOut},
    summary="记录申请执行人意见 Record the applicant's opinion (enforcement:terminate)",
)
def opinion(request: HttpRequest, body: OpinionIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    services.record_opinion(request.user, case, body.heard_on, body.text, request)
    return Status(201, _checklist(case, body.heard_on))


@router.post(
    "/termination/terminate",
    response={201: LibraryEntryOut},
    summary="终结本次执行程序（裁定、结案、入库、定期复查）Terminate the current procedure (enforcement:terminate)",
)
def terminate(request: HttpRequest, body: TerminateIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    entry = services.terminate(
        request.user, case, body.on, other_recovered=body.other_recovered, note=body.note, request=request
    )
    row = selectors.library(request.user).get(pk=entry.pk)
    return Status(201, _entry(row))


@router.post(
    "/termination/resume",
    response={201: ResumedOut},
    summary="恢复执行（立执恢案件）Resume enforcement as a 执恢 case (enforcement:terminate)",
)
def resume(request: HttpRequest, body: ResumeIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    new = resumption.resume(request.user, case, body.on, body.by, body.reason, request)
    return Status(201, {"case_number": new.case_number, "origin": case.case_number})


def _library_rows(request: HttpRequest, court: RowId | None, state: str) -> Any:
    readers.authorize(request.user, request)
    return selectors.library(request.user, court, state)


@router.get(
    "/termination/library",
    response=list[LibraryEntryOut],
    summary="终本案件库 The terminated-case library in scope (case:view)",
)
def library(
    request: HttpRequest,
    court: RowId | None = None,
    state: Literal["", "terminated", "resumed"] = "",
    limit: Annotated[int, Field(ge=1, le=1000)] = 200,
    offset: Annotated[int, Field(ge=0, le=1_000_000)] = 0,
) -> list[dict[str, Any]]:
    rows = _library_rows(request, court, state)
    return [_entry(e) for e in rows[offset : offset + limit]]


@router.get(
    "/termination/library.xlsx",
    summary="导出终本案件库 XLSX Export the library (case:view)",
    response={200: None},
)
def library_export(
    request: HttpRequest, court: RowId | None = None, state: Literal["", "terminated", "resumed"] = ""
) -> HttpResponse:
    rows = _library_rows(request, court, state)
    content = exporting.library_xlsx(
        request.user, rows, f"court={court or 'all'};state={state or 'all'}", request
    )
    response = HttpResponse(content, content_type=exporting.XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''tcp_library.xlsx"
    return response
