"""The credit API (django-ninja): listings of a case, proposals, decisions, service, deletions; and the
public query ``GET /api/public/credit`` (no sign-in, rate-limited). Approvals need a verified second
factor, which an API token never carries: over the API a decision is refused (``second_factor_required``)
unless made from a signed-in, verified session."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.cases import selectors as cases
from zhiyuan.cases.models import Case
from zhiyuan.credit import fastpath, restrictions, selectors, services
from zhiyuan.credit.feed import api as feed_api
from zhiyuan.credit.models import Capacity, Correction, Listing, Restriction, TravelException
from zhiyuan.inputs.text import ID_NUMBER_MAX, MULTI_LINE, NOTE_MAX, NOTES_MAX, ONE_LINE, column_length
from zhiyuan.law.dishonesty import TRIGGERS
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
Note = Annotated[str, Field(max_length=NOTE_MAX), ONE_LINE]
router = Router(tags=["credit"])
public_router = Router(tags=["public"])
router.add_router("/feed", feed_api.router)
public_router.add_router("", feed_api.key_router)


class ListingOut(Schema):
    id: int
    case_number: str
    name: str
    id_masked: str
    status: str
    grounds: list[int]
    grounds_applied: list[int]
    period_years: int | None
    proposed_by: str
    proposed_on: dt.date
    decided_by: str
    decided_on: dt.date | None
    refusal_reason: str
    grace_months: int
    publish_on: dt.date | None
    published_on: dt.date | None
    until: dt.date | None
    served_on: dt.date | None
    trigger: str
    trigger_on: dt.date | None
    delete_by: dt.date | None
    deleted_on: dt.date | None
    citations: list[dict[str, Any]]


class ProposalIn(Schema):
    case_number: CaseNumber
    party_id: int
    grounds: list[Annotated[int, Field(ge=1, le=6)]] = Field(min_length=1, max_length=6)
    evidence: Annotated[str, Field(max_length=NOTES_MAX), MULTI_LINE]
    obligation: Note = ""
    guarantee_provided: bool = False
    seized_property_sufficient: bool = False
    performance_order_later: bool = False
    debtor_is_minor: bool = False
    aggravated: bool = False
    extension_years: int = Field(0, ge=0, le=3)
    grace_months: int = Field(0, ge=0, le=3)


class ListingDecisionIn(Schema):
    grant: bool
    decided_on: dt.date
    reason: Note = ""


class ServiceIn(Schema):
    served_on: dt.date
    method: Annotated[str, Field(max_length=200), ONE_LINE]


class DeletionIn(Schema):
    trigger: Literal[TRIGGERS]  # type: ignore[valid-type]
    on: dt.date
    note: Note = ""
    early: bool = False


def _out(listing: Listing) -> dict[str, Any]:
    fields = [
        "case_number",
        "name",
        "id_masked",
        "status",
        "grounds",
        "grounds_applied",
        "period_years",
        "proposed_on",
        "decided_on",
        "refusal_reason",
        "grace_months",
        "publish_on",
        "published_on",
        "until",
        "served_on",
        "trigger",
        "trigger_on",
        "delete_by",
        "deleted_on",
        "citations",
    ]
    return {
        "id": listing.pk,
        **{f: getattr(listing, f) for f in fields},
        "proposed_by": listing.proposed_by_name,
        "decided_by": listing.decided_by_name,
    }


def _listing(request: HttpRequest, pk: int) -> Listing:
    found = selectors.listing(request.user, pk)
    if found is None:
        raise LawError(
            "listing_not_found", "名单不存在或不在您的权限范围内。", "No such listing in your scope."
        )
    return found


@router.get(
    "/listings",
    response=list[ListingOut],
    summary="案件的失信名单 A case's listings (credit officers, approvers, reviewers)",
)
def listings(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    authorize_any(request.user, selectors.READERS, request)
    case = cases.case_detail(request.user, case_number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    return [_out(listing) for listing in selectors.of_case(case)]


@router.get(
    "/listings/{pk}",
    response=ListingOut,
    summary="一条失信名单 One listing (credit officers, approvers, reviewers)",
)
def listing(request: HttpRequest, pk: int) -> dict[str, Any]:
    authorize_any(request.user, selectors.READERS, request)
    return _out(_listing(request, pk))


@router.post(
    "/proposals", response={201: ListingOut}, summary="提请纳入失信名单 Propose a listing (credit:list)"
)
def propose(request: HttpRequest, body: ProposalIn) -> Status[dict[str, Any]]:
    case = cases.case_detail(request.user, body.case_number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    proposal = services.Proposal(**body.dict(exclude={"case_number"}))
    return Status(201, _out(services.propose(request.user, case, proposal, timezone.localdate(), request)))


@router.post(
    "/listings/{pk}/decision",
    response=ListingOut,
    summary="院长审批（须第二因素，不得审批本人提请） Approve or refuse (approval:grant, second factor)",
)
def decide(request: HttpRequest, pk: int, body: ListingDecisionIn) -> dict[str, Any]:
    found = _listing(request, pk)
    return _out(services.decide(request.user, found, body.grant, body.decided_on, body.reason, request))


@router.post(
    "/listings/{pk}/service", response=ListingOut, summary="登记决定书送达 Record service (credit:list)"
)
def serve(request: HttpRequest, pk: int, body: ServiceIn) -> dict[str, Any]:
    found = _listing(request, pk)
    return _out(services.record_service(request.user, found, body.served_on, body.method, request))


@router.post(
    "/listings/{pk}/deletion",
    response=ListingOut,
    summary="删除事由与删除 Record a deletion trigger and delete (credit:lift)",
)
def delete(request: HttpRequest, pk: int, body: DeletionIn) -> dict[str, Any]:
    found = _listing(request, pk)
    listing_ = services.delete_on_trigger(
        request.user, found, body.trigger, body.on, body.note, early=body.early, request=request
    )
    return _out(listing_)


class CreditCorrectionIn(Schema):
    requested_on: dt.date
    reason: Annotated[str, Field(max_length=NOTES_MAX), MULTI_LINE]


class CorrectionDecisionIn(Schema):
    outcome: Literal["corrected", "deleted", "refused"]
    decided_on: dt.date
    note: Note = ""


class CorrectionOut(Schema):
    id: int
    listing: int
    requested_on: dt.date
    due_on: dt.date
    reason: str
    status: str
    outcome: str
    decision_note: str
    decided_on: dt.date | None


def _correction(c: Correction) -> dict[str, Any]:
    fields = ["requested_on", "due_on", "reason", "status", "outcome", "decision_note", "decided_on"]
    return {"id": c.pk, "listing": c.listing_id, **{f: getattr(c, f) for f in fields}}


@router.post(
    "/listings/{pk}/corrections",
    response={201: CorrectionOut},
    summary="登记纠正申请 Record the debtor's correction request (credit:list)",
)
def request_correction(request: HttpRequest, pk: int, body: CreditCorrectionIn) -> Status[dict[str, Any]]:
    found = _listing(request, pk)
    made = services.request_correction(request.user, found, body.requested_on, body.reason, request)
    return Status(201, _correction(made))


@router.post(
    "/corrections/{pk}/decision",
    response=CorrectionOut,
    summary="审查纠正申请 Decide a correction request (credit:lift)",
)
def decide_correction(request: HttpRequest, pk: int, body: CorrectionDecisionIn) -> dict[str, Any]:
    found = Correction.objects.filter(pk=pk).first()
    if found is None or selectors.listing(request.user, found.listing_id) is None:
        raise LawError(
            "correction_not_found", "纠正申请不存在或不在您的权限范围内。", "No such request in your scope."
        )
    accept = body.outcome != "refused"
    done = services.decide_correction(
        request.user,
        found,
        accept,
        body.decided_on,
        body.note,
        delete=body.outcome == "deleted",
        request=request,
    )
    return _correction(done)


class RestrictionIn(Schema):
    case_number: CaseNumber
    party_id: int
    capacity: Literal[tuple(Capacity.values)]  # type: ignore[valid-type]
    #: the proposal's date (default today); ``issued_on``, its earlier name, is still read
    proposed_on: dt.date | None = None
    issued_on: dt.date | None = Field(None, description="已由 proposed_on 取代 Replaced by proposed_on")
    person_name: Annotated[str, Field(max_length=200), ONE_LINE] = ""
    person_id: Annotated[str, Field(max_length=ID_NUMBER_MAX), ONE_LINE] = ""


class LiftIn(Schema):
    ground: Literal["guarantee", "consent", "performed"]
    on: dt.date
    note: Note = ""


class ExceptionIn(Schema):
    purpose: Note
    travel_from: dt.date
    travel_to: dt.date


class SigningIn(Schema):
    sign: bool
    decided_on: dt.date


class ExceptionDecisionIn(Schema):
    grant: bool
    decided_on: dt.date


class ExceptionOut(Schema):
    id: int
    purpose: str
    travel_from: dt.date
    travel_to: dt.date
    status: str
    decided_by: str
    decided_on: dt.date | None


class RestrictionOut(Schema):
    id: int
    case_number: str
    capacity: str
    person_name: str
    person_id_masked: str
    proposed_by: str
    proposed_on: dt.date | None
    issued_by: str
    issued_on: dt.date | None
    status: str
    lifted_on: dt.date | None
    lift_ground: str
    exceptions: list[ExceptionOut]


def _exception(e: TravelException) -> dict[str, Any]:
    fields = ["purpose", "travel_from", "travel_to", "status", "decided_on"]
    return {"id": e.pk, **{f: getattr(e, f) for f in fields}, "decided_by": e.decided_by_name}


def _restriction_out(r: Restriction) -> dict[str, Any]:
    fields = [
        "capacity",
        "person_name",
        "person_id_masked",
        "issued_on",
        "status",
        "lifted_on",
        "lift_ground",
    ]
    return {
        "id": r.pk,
        "case_number": r.case.case_number,
        **{f: getattr(r, f) for f in fields},
        "proposed_by": r.proposed_by_name,
        "proposed_on": r.proposed_on,
        "issued_by": r.issued_by_name,
        "exceptions": [_exception(e) for e in r.exceptions.all()],
    }


def _restriction(request: HttpRequest, pk: int) -> Restriction:
    found = selectors.restriction(request.user, pk)
    if found is None:
        raise LawError(
            "restriction_not_found", "限制消费令不存在或不在您的权限范围内。", "No such order in your scope."
        )
    return found


@router.get(
    "/restrictions",
    response=list[RestrictionOut],
    summary="案件的限制消费令 A case's restrictions (credit officers, approvers, reviewers)",
)
def restriction_list(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    authorize_any(request.user, selectors.READERS, request)
    case = cases.case_detail(request.user, case_number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    return [_restriction_out(r) for r in selectors.restrictions_of(case)]


@router.post(
    "/restrictions",
    response={201: RestrictionOut},
    summary="提请签发限制消费令 Propose restricting a debtor or a unit debtor's person (credit:restrict)",
)
def restrict(request: HttpRequest, body: RestrictionIn) -> Status[dict[str, Any]]:
    case = cases.case_detail(request.user, body.case_number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    made = restrictions.propose(
        request.user,
        case,
        body.party_id,
        body.capacity,
        body.proposed_on or body.issued_on or timezone.localdate(),
        body.person_name,
        body.person_id,
        request,
    )
    return Status(201, _restriction_out(made))


@router.post(
    "/restrictions/{pk}/decision",
    response=RestrictionOut,
    summary="签发或不予签发限制消费令 Sign or refuse a proposed order (approval:grant, second factor)",
)
def sign(request: HttpRequest, pk: int, body: SigningIn) -> dict[str, Any]:
    return _restriction_out(
        restrictions.decide(request.user, _restriction(request, pk), body.sign, body.decided_on, request)
    )


@router.post("/restrictions/{pk}/lift", response=RestrictionOut, summary="解除限制消费令 Lift (credit:lift)")
def lift(request: HttpRequest, pk: int, body: LiftIn) -> dict[str, Any]:
    done = restrictions.lift(
        request.user, _restriction(request, pk), body.ground, body.on, body.note, request
    )
    return _restriction_out(done)


@router.post(
    "/restrictions/{pk}/exceptions",
    response={201: ExceptionOut},
    summary="登记出行例外申请 Record a travel exception request (credit:restrict)",
)
def request_exception(request: HttpRequest, pk: int, body: ExceptionIn) -> Status[dict[str, Any]]:
    made = restrictions.request_exception(
        request.user, _restriction(request, pk), body.purpose, body.travel_from, body.travel_to, request
    )
    return Status(201, _exception(made))


@router.post(
    "/exceptions/{pk}/decision",
    response=ExceptionOut,
    summary="审批出行例外 Decide a travel exception (approval:grant, second factor)",
)
def decide_exception(request: HttpRequest, pk: int, body: ExceptionDecisionIn) -> dict[str, Any]:
    found = selectors.exception(request.user, pk)
    if found is None:
        raise LawError(
            "exception_not_found", "申请不存在或不在您的权限范围内。", "No such request in your scope."
        )
    return _exception(
        restrictions.decide_exception(request.user, found, body.grant, body.decided_on, request)
    )


class PublicResult(Schema):
    name: str
    id_masked: str
    court: str
    case_number: str
    obligation: str
    grounds: list[int]
    published_on: str | None
    until: str | None


class PublicOut(Schema):
    results: list[PublicResult]


@public_router.get(
    "/credit",
    response=PublicOut,
    summary="失信被执行人公开查询 Public query: ?name=&id= (both) or ?case= (exact; rate-limited)",
)
@transaction.non_atomic_requests
def public_query(request: HttpRequest) -> HttpResponse:
    """Answered by ``credit.fastpath`` before routing; here the same answer for the schema's sake."""
    return fastpath.respond(request)
