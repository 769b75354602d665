"""Triage (繁简分流) over HTTP: read a case's triage, record its facts, override its track. Cases are named
by their number in the query or the body (full-width brackets travel badly in paths)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhiyuan.accounts.policy import authorize
from zhiyuan.cases.models import Case
from zhiyuan.enforcement import selectors, services
from zhiyuan.enforcement.models import Triage
from zhiyuan.enforcement.selectors import enforcement_case
from zhiyuan.inputs.amounts import OptionalAmount
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, ONE_LINE, column_length
from zhiyuan.law.errors import LawError

#: a case number as the case table holds it: one line, at most its column's length
CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
router = Router(tags=["enforcement"])


class Reason(Schema):
    code: str
    message_zh: str
    message_en: str


class TriageOut(Schema):
    case_number: str
    track: str = Field(description="the track in force: simple, complex, or empty (not triaged)")
    rule_track: str
    reasons: list[Reason]
    citations: list[dict[str, Any]]
    pending: str = Field(description="why there is no track (claim_missing), else empty")
    frozen_amount: Decimal
    deducted_amount: Decimal
    salary_monthly: Decimal
    needs_valuation: bool
    third_party_objection: bool
    debtor_whereabouts_unknown: bool
    is_resumption: bool
    pending_cases_of_debtor: int
    override_track: str
    override_reason: str
    override_by: str
    override_at: dt.datetime | None
    triaged_at: dt.datetime


class FactsIn(Schema):
    case_number: CaseNumber
    frozen_amount: OptionalAmount = None
    deducted_amount: OptionalAmount = None
    salary_monthly: OptionalAmount = None
    needs_valuation: bool = False
    third_party_objection: bool = False
    debtor_whereabouts_unknown: bool = False


class OverrideIn(Schema):
    case_number: CaseNumber
    track: Literal["simple", "complex"]
    reason: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE]


def _out(case: Case, t: Triage) -> dict[str, Any]:
    return {
        "case_number": case.case_number,
        **{
            name: getattr(t, name)
            for name in (
                "track",
                "rule_track",
                "reasons",
                "citations",
                "pending",
                *services.AMOUNT_FIELDS,
                *services.FLAG_FIELDS,
                "is_resumption",
                "pending_cases_of_debtor",
                "override_track",
                "override_reason",
                "override_at",
                "triaged_at",
            )
        },
        "override_by": t.override_by_name,
    }


@router.get("/triage", response=TriageOut, summary="执行案件的繁简分流 A case's triage (case:view)")
def triage(request: HttpRequest, case_number: CaseNumber) -> dict[str, Any]:
    authorize(request.user, "case:view", request)  # court staff: triage is the court's management
    case = enforcement_case(request.user, case_number)
    t = selectors.triage_of(case)
    if t is None:
        raise LawError("not_triaged", "该案件尚未分流。", "The case has not been triaged yet.")
    return _out(case, t)


@router.post(
    "/triage/facts",
    response=TriageOut,
    summary="登记分流事实并重新分流 Record the facts and triage again (enforcement:handle)",
)
def record_facts(request: HttpRequest, body: FactsIn) -> dict[str, Any]:
    case = enforcement_case(request.user, body.case_number)
    facts = services.clean_facts(body.dict(exclude={"case_number"}))
    return _out(case, services.update_facts(request.user, case, facts, request))


@router.post(
    "/triage/override",
    response=TriageOut,
    summary="人工调整繁简分流（须说明理由） Override the track with a reason (enforcement:handle)",
)
def override(request: HttpRequest, body: OverrideIn) -> dict[str, Any]:
    case = enforcement_case(request.user, body.case_number)
    return _out(case, services.override(request.user, case, body.track, body.reason, request))


# Control measures and property (物): their own router, under the same prefix.
from zhiyuan.enforcement.measures.api import router as measures_router  # noqa: E402

router.add_router("/", measures_router)

# Hearings (执行听证) under /hearings.
from zhiyuan.enforcement.hearings.api import router as hearings_router  # noqa: E402

router.add_router("/hearings", hearings_router)

# Refusal to execute (拒执) under /refusal.
from zhiyuan.enforcement.refusal.api import router as refusal_router  # noqa: E402

router.add_router("/refusal", refusal_router)
# The property parts of criminal judgments (刑事涉财) under /criminal.
from zhiyuan.enforcement.criminal.api import router as criminal_router  # noqa: E402

router.add_router("/criminal", criminal_router)


def _network_router() -> Router:
    from zhiyuan.enforcement.inquiries.api import router as network

    return network


router.add_router("", _network_router())


def _termination_router() -> Router:
    from zhiyuan.enforcement.termination.api import router as termination

    return termination


router.add_router("", _termination_router())


def _bankruptcy_router() -> Router:
    from zhiyuan.enforcement.bankruptcy.api import router as bankruptcy

    return bankruptcy


router.add_router("", _bankruptcy_router())
