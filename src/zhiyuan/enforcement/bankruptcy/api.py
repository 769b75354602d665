"""The 执转破 workflow over HTTP (mounted at ``/api/enforcement/bankruptcy``): the screening list, a case's
transfers, consents, the proposal, the decision, the suspension on notice and the receiving court's ruling.
Writes go through the same services as the pages; errors leave as application/problem+json with the
services' codes (``transfer_not_allowed`` carries the missing conditions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.bankruptcy import selectors, services
from zhiyuan.enforcement.bankruptcy.views import READERS
from zhiyuan.enforcement.models import Transfer
from zhiyuan.enforcement.selectors import enforcement_case
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, ONE_LINE, column_length
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
Note = Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE]
PartyId = Annotated[int, Field(ge=1, le=2**62)]
router = Router(tags=["enforcement"])


class BankruptcyDebtorOut(Schema):
    party_id: int
    name: str
    cases: int
    courts: int
    terminated: int
    unpaid: Decimal
    consent: str
    transfer_state: str
    own_cases: list[str]


class BankruptcyConsentIn(Schema):
    case_number: CaseNumber
    debtor: PartyId
    by: Literal["debtor", "applicant"]
    party: PartyId
    given_on: dt.date
    evidence: Note


class BankruptcyConsentOut(Schema):
    id: int
    debtor: int
    by: str
    party: int
    given_on: dt.date
    written_consent: str = Field(
        description="the debtor's consent status for the rule: debtor|applicant|none"
    )


class BankruptcyProposeIn(Schema):
    case_number: CaseNumber
    debtor: PartyId
    on: dt.date
    unable_to_pay_due_debts: bool
    insolvent_or_clearly_unable: bool
    domicile_court: Annotated[str, Field(max_length=20), ONE_LINE] = ""
    basis: Note


class BankruptcyDecideIn(Schema):
    transfer: PartyId
    grant: bool
    on: dt.date
    reason: Annotated[str, Field(max_length=NOTE_MAX), ONE_LINE] = ""


class BankruptcySuspendIn(Schema):
    case_number: CaseNumber
    on: dt.date


class BankruptcyOutcomeIn(Schema):
    transfer: PartyId
    accepted: bool
    on: dt.date
    note: Note


class BankruptcyLinkOut(Schema):
    case_number: str
    court: str
    role: str
    state: str


class BankruptcyTransferOut(Schema):
    id: int
    case_number: str
    court: str
    debtor: str
    receiving_court: str
    state: str
    proposed_on: dt.date
    decided_on: dt.date | None
    bankruptcy_case: str | None
    outcome_on: dt.date | None
    result: dict[str, Any]
    cases: list[BankruptcyLinkOut]


def _out(t: Transfer) -> dict[str, Any]:
    return {
        "id": t.pk,
        "case_number": t.case.case_number,
        "court": t.court.code,
        "debtor": t.debtor.name,
        "receiving_court": t.receiving_court.code,
        "state": t.state,
        "proposed_on": t.proposed_on,
        "decided_on": t.decided_on,
        "bankruptcy_case": t.bankruptcy_case.case_number if t.bankruptcy_case else None,
        "outcome_on": t.outcome_on,
        "result": t.result,
        "cases": [
            {"case_number": x.case.case_number, "court": x.case.court_code, "role": x.role, "state": x.state}
            for x in selectors.links_of(t)
        ],
    }


def _visible_transfer(request: HttpRequest, transfer_id: int) -> Transfer:
    """A transfer whose proposing case or 破申 case the user sees; else ``transfer_not_found``."""
    t = Transfer.objects.select_related("case", "bankruptcy_case").filter(pk=transfer_id).first()
    seen = t is not None and any(
        c is not None and case_selectors.case_detail(request.user, c.case_number) is not None
        for c in (t.case, t.bankruptcy_case)
    )
    if t is None or not seen:
        raise LawError("transfer_not_found", "没有这项移送破产审查。", "No such transfer.")
    return t


def _fresh(t: Transfer) -> dict[str, Any]:
    row = Transfer.objects.select_related(
        "case", "court", "debtor", "receiving_court", "bankruptcy_case"
    ).get(pk=t.pk)
    return _out(row)


@router.get(
    "/bankruptcy/screening",
    response=list[BankruptcyDebtorOut],
    summary="执转破筛查 Enterprise debtors with 终本 or stalled cases across courts (enforcement:handle)",
)
def screening(request: HttpRequest) -> list[Any]:
    authorize_any(request.user, READERS, request)
    return [
        {**d.__dict__, "unpaid": d.unpaid} for d in selectors.screening(request.user, timezone.localdate())
    ]


@router.get(
    "/bankruptcy/transfers",
    response=list[BankruptcyTransferOut],
    summary="案件的移送破产审查 A case's transfers to bankruptcy review (case:view)",
)
def transfers(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    case = case_selectors.case_detail(request.user, case_number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    if case.type_code in ("执", "执恢"):
        readers.authorize(request.user, request)
    return [_out(t) for t in selectors.transfers_of(case)]


@router.post(
    "/bankruptcy/consents",
    response={201: BankruptcyConsentOut},
    summary="记录书面同意 Record a written consent to the transfer (enforcement:terminate)",
)
def consent(request: HttpRequest, body: BankruptcyConsentIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    made = services.record_consent(
        request.user, case, body.debtor, body.by, body.party, body.given_on, body.evidence, request
    )
    out = {"id": made.pk, "debtor": made.debtor_id, "by": made.by, "party": made.party_id}
    return Status(
        201, out | {"given_on": made.given_on, "written_consent": selectors.consent_of(made.debtor_id)}
    )


@router.post(
    "/bankruptcy/transfers",
    response={201: BankruptcyTransferOut},
    summary="提请移送破产审查 Propose a transfer to bankruptcy review (enforcement:terminate)",
)
def propose(request: HttpRequest, body: BankruptcyProposeIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    made = services.propose(
        request.user,
        case,
        body.debtor,
        body.on,
        unable_to_pay=body.unable_to_pay_due_debts,
        insolvent=body.insolvent_or_clearly_unable,
        basis=body.basis,
        domicile_court=body.domicile_court,
        request=request,
    )
    return Status(201, _fresh(made))


@router.post(
    "/bankruptcy/decisions",
    response=BankruptcyTransferOut,
    summary="移送决定或不予批准 Decide (court president, second factor) or refuse a proposed transfer",
)
def decide(request: HttpRequest, body: BankruptcyDecideIn) -> dict[str, Any]:
    t = _visible_transfer(request, body.transfer)
    if body.grant:
        done = services.decide(request.user, t, body.on, request)
    else:
        done = services.refuse_transfer(request.user, t, body.reason, body.on, request)
    return _fresh(done)


@router.post(
    "/bankruptcy/suspensions",
    response=BankruptcyLinkOut,
    summary="依移送决定中止执行 Suspend a case on another court's transfer decision (enforcement:handle)",
)
def suspend(request: HttpRequest, body: BankruptcySuspendIn) -> dict[str, Any]:
    case = enforcement_case(request.user, body.case_number)
    link = services.suspend_notified(request.user, case, body.on, request)
    return {"case_number": case.case_number, "court": case.court_code, "role": link.role, "state": link.state}


@router.post(
    "/bankruptcy/outcomes",
    response=BankruptcyTransferOut,
    summary="受移送法院裁定受理或不予受理 The receiving court's ruling (trial:adjudicate, receiving court)",
)
def outcome(request: HttpRequest, body: BankruptcyOutcomeIn) -> dict[str, Any]:
    t = _visible_transfer(request, body.transfer)
    done = services.record_outcome(request.user, t, body.accepted, body.on, body.note, request)
    return _fresh(done)
