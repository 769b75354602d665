"""Refusal to execute over HTTP (mounted under ``/api/enforcement/refusal``): referrals (propose, decide,
send, extend, the police's answer, supervision, private prosecution, recovered money, outcome), fines and
detention (propose, decide) and the campaign figures. Reads need ``enforcement:refer`` (figures
``command:view``) in scope; writes are checked by the services. Approvals need a verified second factor,
which an API token never carries (``second_factor_required``): they are made from a verified session."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from zhiyuan.accounts.policy import authorize, authorize_any
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases import selectors as cases
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.models import Referral, Sanction
from zhiyuan.enforcement.refusal import rules, sanctions, selectors, services
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, NOTES_MAX, ONE_LINE, column_length
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
Money = Annotated[str, Field(max_length=20, pattern=r"^\d{1,13}(\.\d{1,2})?$")]
router = Router(tags=["enforcement refusal"])


class RefusalEvidenceIn(Schema):
    item: Literal["identity", "duty", "ability", "refusal", "circumstances"]
    description: Annotated[str, Field(min_length=1, max_length=NOTE_MAX), ONE_LINE]
    pages: int = Field(1, ge=1, le=10000)


class ReferralIn(Schema):
    case_number: CaseNumber
    suspect_id: int = Field(description="the case-party id of the person referred (not the applicant)")
    police: Annotated[str, Field(min_length=1, max_length=rules.POLICE_MAX), ONE_LINE]
    situation: Annotated[str, Field(min_length=1, max_length=rules.SITUATION_MAX), MULTI_LINE]
    evidence: list[RefusalEvidenceIn] = Field(max_length=rules.EVIDENCE_MAX)
    on: dt.date


class RefusalDecisionIn(Schema):
    grant: bool
    on: dt.date
    reason: Annotated[str, Field(max_length=NOTE_MAX), ONE_LINE] = ""


class RefusalSendIn(Schema):
    referred_on: dt.date
    letter_number: Annotated[str, Field(max_length=rules.NUMBER_MAX), ONE_LINE] = ""


class RefusalOnIn(Schema):
    on: dt.date


class RefusalAnswerIn(Schema):
    filed: bool = Field(description="true: the police opened a case (立案); false: declined (reasons needed)")
    on: dt.date
    police_case_number: Annotated[str, Field(max_length=rules.NUMBER_MAX), ONE_LINE] = ""
    reasons: Annotated[str, Field(max_length=NOTES_MAX), MULTI_LINE] = ""


class RefusalNoteIn(Schema):
    on: dt.date
    note: Annotated[str, Field(min_length=1, max_length=NOTES_MAX), MULTI_LINE]


class RefusalPrivateIn(Schema):
    filed_on: dt.date


class RefusalRecoveredIn(Schema):
    amount: Money = Field(description="the total recovered because of the referral, yuan")
    on: dt.date


class RefusalOutcomeIn(Schema):
    outcome: Literal["convicted", "acquitted", "withdrawn"]
    on: dt.date


class SanctionIn(Schema):
    case_number: CaseNumber
    kind: Literal["fine", "detention"]
    subject: Literal["individual", "unit"]
    party_id: int | None = None
    target_name: Annotated[str, Field(max_length=sanctions.TARGET_MAX), ONE_LINE] = ""
    amount: Money | None = None
    days: int | None = Field(None, ge=1, le=365)
    grounds: Annotated[str, Field(min_length=1, max_length=NOTES_MAX), MULTI_LINE]
    on: dt.date


class ReferralOut(Schema):
    id: int
    case_number: str
    suspect: str
    police: str
    state: str
    proposed_on: dt.date
    proposed_by: str
    decided_on: dt.date | None
    decided_by: str
    refusal_reason: str
    referred_on: dt.date | None
    letter_number: str
    complex_case: bool
    decide_by: dt.date | None
    overdue: bool
    answered_on: dt.date | None
    police_case_number: str
    decline_reasons: str
    supervision_on: dt.date | None
    private_case_number: str | None
    private_prosecution_open: bool
    outcome: str
    outcome_on: dt.date | None
    recovered_amount: str
    evidence: list[dict[str, Any]]


class SanctionOut(Schema):
    id: int
    case_number: str
    kind: str
    subject: str
    target_name: str
    amount: str | None
    days: int | None
    grounds: str
    state: str
    proposed_on: dt.date
    proposed_by: str
    decided_on: dt.date | None
    decided_by: str
    refusal_reason: str
    decision_number: str


class RefusalFiguresOut(Schema):
    referred: int
    accepted: int
    declined: int
    overdue: int
    private: int
    convicted: int
    recovered: str
    fines: int
    fines_amount: str
    detentions: int


def referral_out(r: Referral) -> dict[str, Any]:
    """A referral as the API gives it."""
    today = timezone.localdate()
    return {
        "id": r.pk,
        "case_number": r.case.case_number,
        "suspect": r.suspect.display_name,
        "proposed_by": r.proposed_by_name,
        "decided_by": r.decided_by_name,
        "overdue": services.overdue(r, today),
        "private_case_number": r.private_case.case_number if r.private_case else None,
        "private_prosecution_open": services.private_open(r, today),
        "recovered_amount": str(r.recovered_amount),
        **{
            f: getattr(r, f)
            for f in (
                "police",
                "state",
                "proposed_on",
                "decided_on",
                "refusal_reason",
                "referred_on",
                "letter_number",
                "complex_case",
                "decide_by",
                "answered_on",
                "police_case_number",
                "decline_reasons",
                "supervision_on",
                "outcome",
                "outcome_on",
                "evidence",
            )
        },
    }


def sanction_out(s: Sanction) -> dict[str, Any]:
    """A sanction as the API gives it."""
    return {
        "id": s.pk,
        "case_number": s.case.case_number,
        "amount": None if s.amount is None else str(s.amount),
        "proposed_by": s.proposed_by_name,
        "decided_by": s.decided_by_name,
        **{
            f: getattr(s, f)
            for f in (
                "kind",
                "subject",
                "target_name",
                "days",
                "grounds",
                "state",
                "proposed_on",
                "decided_on",
                "refusal_reason",
                "decision_number",
            )
        },
    }


def _case(request: HttpRequest, number: str) -> Case:
    case = cases.case_detail(request.user, number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    return case


def _referral(request: HttpRequest, pk: int) -> Referral:
    authorize_any(request.user, (rules.REFER, "approval:grant", rules.FILE), request)
    r = selectors.referral_for(request.user, pk)
    if r is None:
        raise LawError(
            "referral_not_found", "拒执移送不存在或不在您的权限范围内。", "No such referral in your scope."
        )
    return r


def _sanction(request: HttpRequest, pk: int) -> Sanction:
    authorize_any(request.user, (rules.REFER, rules.APPROVE_SANCTION), request)
    s = selectors.sanction_for(request.user, pk)
    if s is None:
        raise LawError(
            "sanction_not_found", "罚款、拘留不存在或不在您的权限范围内。", "No such sanction in your scope."
        )
    return s


@router.get("/referrals", response=list[ReferralOut], summary="拒执移送列表 A case's referrals")
def list_referrals(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    authorize_any(request.user, (rules.REFER, "approval:grant", rules.FILE), request)
    return [referral_out(r) for r in selectors.referrals_of(_case(request, case_number))]


@router.get("/referrals/{int:referral_id}", response=ReferralOut, summary="一件拒执移送 One referral")
def get_referral(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    return referral_out(_referral(request, referral_id))


@router.post(
    "/referrals", response=ReferralOut, summary="提请移送公安 Propose a referral (enforcement:refer)"
)
def propose(request: HttpRequest, body: ReferralIn) -> dict[str, Any]:
    r = services.propose(
        request.user,
        _case(request, body.case_number),
        suspect_id=body.suspect_id,
        police=body.police,
        situation=body.situation,
        evidence=[e.dict() for e in body.evidence],
        on=body.on,
        request=request,
    )
    return referral_out(r)


@router.post(
    "/referrals/{int:referral_id}/decide",
    response=ReferralOut,
    summary="审批移送（须第二因素，不得审批本人提请） Decide (approval:grant, second factor)",
)
def decide(request: HttpRequest, referral_id: int, body: RefusalDecisionIn) -> dict[str, Any]:
    r = services.decide(
        request.user, _referral(request, referral_id), body.grant, body.on, body.reason, request
    )
    return referral_out(r)


@router.post(
    "/referrals/{int:referral_id}/send", response=ReferralOut, summary="移送公安机关 Send to the police"
)
def send(request: HttpRequest, referral_id: int, body: RefusalSendIn) -> dict[str, Any]:
    r = services.send(
        request.user,
        _referral(request, referral_id),
        referred_on=body.referred_on,
        letter_number=body.letter_number,
        request=request,
    )
    return referral_out(r)


@router.post(
    "/referrals/{int:referral_id}/extend", response=ReferralOut, summary="公安延长审查 The police extended"
)
def extend(request: HttpRequest, referral_id: int, body: RefusalOnIn) -> dict[str, Any]:
    return referral_out(services.extend(request.user, _referral(request, referral_id), body.on, request))


@router.post(
    "/referrals/{int:referral_id}/answer", response=ReferralOut, summary="公安答复 The police's answer"
)
def answer(request: HttpRequest, referral_id: int, body: RefusalAnswerIn) -> dict[str, Any]:
    r = services.answer(
        request.user,
        _referral(request, referral_id),
        filed=body.filed,
        on=body.on,
        police_case_number=body.police_case_number,
        reasons=body.reasons,
        request=request,
    )
    return referral_out(r)


@router.post(
    "/referrals/{int:referral_id}/supervision",
    response=ReferralOut,
    summary="提请检察监督 Ask for supervision",
)
def supervision(request: HttpRequest, referral_id: int, body: RefusalNoteIn) -> dict[str, Any]:
    r = services.request_supervision(
        request.user, _referral(request, referral_id), body.on, body.note, request
    )
    return referral_out(r)


@router.post(
    "/referrals/{int:referral_id}/private",
    response=ReferralOut,
    summary="自诉立案（刑初） File the private prosecution",
)
def private(request: HttpRequest, referral_id: int, body: RefusalPrivateIn) -> dict[str, Any]:
    r = _referral(request, referral_id)
    services.file_private(request.user, r, filed_on=body.filed_on, request=request)
    return referral_out(_referral(request, referral_id))


@router.post(
    "/referrals/{int:referral_id}/recovered", response=ReferralOut, summary="因移送追回金额 Money recovered"
)
def recovered(request: HttpRequest, referral_id: int, body: RefusalRecoveredIn) -> dict[str, Any]:
    r = services.record_recovered(
        request.user, _referral(request, referral_id), body.amount, body.on, request
    )
    return referral_out(r)


@router.post("/referrals/{int:referral_id}/outcome", response=ReferralOut, summary="刑事结果 The outcome")
def outcome(request: HttpRequest, referral_id: int, body: RefusalOutcomeIn) -> dict[str, Any]:
    r = services.record_outcome(request.user, _referral(request, referral_id), body.outcome, body.on, request)
    return referral_out(r)


@router.get("/sanctions", response=list[SanctionOut], summary="罚款、拘留列表 A case's fines and detentions")
def list_sanctions(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    authorize_any(request.user, (rules.REFER, rules.APPROVE_SANCTION), request)
    return [sanction_out(s) for s in selectors.sanctions_of(_case(request, case_number))]


@router.post("/sanctions", response=SanctionOut, summary="提请罚款、拘留 Propose (enforcement:refer)")
def propose_sanction(request: HttpRequest, body: SanctionIn) -> dict[str, Any]:
    s = sanctions.propose(
        request.user,
        _case(request, body.case_number),
        kind=body.kind,
        subject=body.subject,
        grounds=body.grounds,
        on=body.on,
        party_id=body.party_id,
        target_name=body.target_name,
        amount=body.amount,
        days=body.days,
        request=request,
    )
    return sanction_out(s)


@router.post(
    "/sanctions/{int:sanction_id}/decide",
    response=SanctionOut,
    summary="院长批准（须第二因素，不得审批本人提请） Decide (enforcement:sanction_approve, second factor)",
)
def decide_sanction(request: HttpRequest, sanction_id: int, body: RefusalDecisionIn) -> dict[str, Any]:
    s = sanctions.decide(
        request.user, _sanction(request, sanction_id), body.grant, body.on, body.reason, request
    )
    return sanction_out(s)


@router.get("/figures", response=RefusalFiguresOut, summary="打击拒执数据 Campaign figures (command:view)")
def figures(
    request: HttpRequest, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, Any]:
    authorize(request.user, "command:view", request)
    f = selectors.figures(scope_of(request.user).court_ids, timezone.localdate(), date_from, date_to)
    return f.as_dict()
