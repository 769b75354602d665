"""Hearings over HTTP (mounted under ``/api/enforcement/hearings``): list, schedule, serve, hold, outcome,
close, reschedule, cancel. Reads need ``enforcement:hearing`` in scope; writes are checked by the services.
Cases are named by their number in the body or the query."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhiyuan.accounts.policy import authorize
from zhiyuan.cases import selectors as cases
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.hearings import rules, selectors, services
from zhiyuan.enforcement.models import Hearing
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, NOTES_MAX, ONE_LINE, column_length
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
router = Router(tags=["enforcement hearings"])


class HearingParticipantOut(Schema):
    id: int
    name: str
    capacity: str
    party: bool = Field(description="a party of the case (else another participant by name)")
    served_on: dt.date | None
    service_method: str
    statement: str


class HearingOut(Schema):
    id: int
    case_number: str
    linked_case_number: str
    matter: str
    requested_by: str
    requested_on: dt.date
    mode: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    presiding: str
    public: bool
    state: str
    held_on: dt.date | None
    outcome: str
    reasons: str
    decided_on: dt.date | None
    closed_on: dt.date | None
    participants: list[HearingParticipantOut]


class HearingOtherIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200), ONE_LINE]
    capacity: Annotated[str, Field(max_length=40), ONE_LINE] = ""


class HearingScheduleIn(Schema):
    case_number: CaseNumber
    matter: str = Field(max_length=32, description="a code of hearings.matters (zhiyuan law list)")
    mode: Literal["room", "online"]
    place: Annotated[str, Field(max_length=rules.PLACE_MAX), ONE_LINE]
    starts_at: dt.datetime
    minutes: int = Field(ge=rules.MIN_MINUTES, le=rules.MAX_MINUTES)
    presiding: str = Field(max_length=150, description="the presiding reviewer's username")
    requested_on: dt.date
    requested_by: Literal["court", "officer", "applicant", "party"] = "court"
    public: bool = False
    others: list[HearingOtherIn] = Field(default_factory=list, max_length=50)


class HearingServeIn(Schema):
    participant_id: int
    served_on: dt.date
    method: Annotated[str, Field(max_length=40), ONE_LINE] = ""


class HearingStatementIn(Schema):
    participant_id: int
    statement: Annotated[str, Field(max_length=NOTES_MAX), MULTI_LINE]


class HearingHoldIn(Schema):
    record: Annotated[str, Field(min_length=1, max_length=services.RECORD_MAX), MULTI_LINE]
    statements: list[HearingStatementIn] = Field(default_factory=list, max_length=50)


class HearingOutcomeIn(Schema):
    outcome: Literal["sustained", "dismissed", "partly", "withdrawn"]
    reasons: Annotated[str, Field(min_length=1, max_length=NOTES_MAX), MULTI_LINE]
    on: dt.date


class HearingCloseIn(Schema):
    on: dt.date


class HearingRescheduleIn(Schema):
    starts_at: dt.datetime
    minutes: int = Field(ge=rules.MIN_MINUTES, le=rules.MAX_MINUTES)
    reason: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE]
    mode: Literal["", "room", "online"] = ""
    place: Annotated[str, Field(max_length=rules.PLACE_MAX), ONE_LINE] = ""


class HearingReasonIn(Schema):
    reason: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE]


def hearing_out(h: Hearing) -> dict[str, Any]:
    """A hearing as the API gives it."""
    return {
        "id": h.pk,
        "case_number": h.case.case_number,
        "linked_case_number": h.linked.case_number,
        "presiding": h.presiding_name,
        **{
            f: getattr(h, f)
            for f in (
                "matter",
                "requested_by",
                "requested_on",
                "mode",
                "place",
                "starts_at",
                "ends_at",
                "public",
                "state",
                "held_on",
                "outcome",
                "reasons",
                "decided_on",
                "closed_on",
            )
        },
        "participants": [
            {
                "id": p.pk,
                "name": p.name,
                "capacity": p.capacity,
                "party": p.case_party_id is not None,
                "served_on": p.served_on,
                "service_method": p.service_method,
                "statement": p.statement,
            }
            for p in h.participants.all()
        ],
    }


def _hearing(request: HttpRequest, hearing_id: int) -> Hearing:
    authorize(request.user, rules.PERMISSION, request)
    h = selectors.hearing_for(request.user, hearing_id)
    if h is None:
        raise LawError(
            "hearing_not_found", "听证不存在或不在您的权限范围内。", "No such hearing in your scope."
        )
    return h


def _case(request: HttpRequest, number: str) -> Case:
    case = cases.case_detail(request.user, number)
    if case is None:
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    return case


@router.get("", response=list[HearingOut], summary="听证列表 Hearings (of a case, or mine)")
def list_hearings(
    request: HttpRequest, case_number: CaseNumber = "", mine: bool = False
) -> list[dict[str, Any]]:
    authorize(request.user, rules.PERMISSION, request)
    if case_number:
        rows = selectors.of_case(_case(request, case_number))
    elif mine:
        rows = list(selectors.mine(request.user))
    else:
        rows = list(selectors.scoped(request.user).order_by("-starts_at")[:200])
    return [hearing_out(h) for h in rows]


@router.get("/{int:hearing_id}", response=HearingOut, summary="一场听证 One hearing")
def get_hearing(request: HttpRequest, hearing_id: int) -> dict[str, Any]:
    return hearing_out(_hearing(request, hearing_id))


@router.post("", response=HearingOut, summary="安排听证 Schedule a hearing (enforcement:hearing)")
def schedule(request: HttpRequest, body: HearingScheduleIn) -> dict[str, Any]:
    authorize(request.user, rules.PERMISSION, request)
    h = services.schedule(
        request.user,
        _case(request, body.case_number),
        matter=body.matter,
        mode=body.mode,
        place=body.place,
        starts_at=body.starts_at,
        minutes=body.minutes,
        presiding=body.presiding,
        requested_on=body.requested_on,
        requested_by=body.requested_by,
        public=body.public,
        others=[services.OtherIn(o.name, o.capacity) for o in body.others],
        request=request,
    )
    return hearing_out(h)


@router.post("/{int:hearing_id}/serve", response=HearingOut, summary="登记送达 Record service of the notice")
def serve(request: HttpRequest, hearing_id: int, body: HearingServeIn) -> dict[str, Any]:
    h = _hearing(request, hearing_id)
    p = h.participants.filter(pk=body.participant_id).first()
    if p is None:
        raise LawError(
            "participant_not_in_hearing", "该参加人不属于本次听证。", "Not a participant of this hearing."
        )
    services.serve(request.user, p, served_on=body.served_on, method=body.method, request=request)
    return hearing_out(_hearing(request, hearing_id))


@router.post("/{int:hearing_id}/hold", response=HearingOut, summary="记录听证（主持人） Record the hearing")
def hold(request: HttpRequest, hearing_id: int, body: HearingHoldIn) -> dict[str, Any]:
    said = {s.participant_id: s.statement for s in body.statements}
    services.hold(
        request.user, _hearing(request, hearing_id), record_text=body.record, statements=said, request=request
    )
    return hearing_out(_hearing(request, hearing_id))


@router.post("/{int:hearing_id}/outcome", response=HearingOut, summary="听证结论（主持人） The outcome")
def outcome(request: HttpRequest, hearing_id: int, body: HearingOutcomeIn) -> dict[str, Any]:
    h = _hearing(request, hearing_id)
    services.decide(request.user, h, outcome=body.outcome, reasons=body.reasons, on=body.on, request=request)
    return hearing_out(_hearing(request, hearing_id))


@router.post("/{int:hearing_id}/close", response=HearingOut, summary="结束听证并作出裁定 Close (and rule)")
def close(request: HttpRequest, hearing_id: int, body: HearingCloseIn) -> dict[str, Any]:
    services.close(request.user, _hearing(request, hearing_id), on=body.on, request=request)
    return hearing_out(_hearing(request, hearing_id))


@router.post("/{int:hearing_id}/reschedule", response=HearingOut, summary="改期 Reschedule with a reason")
def reschedule(request: HttpRequest, hearing_id: int, body: HearingRescheduleIn) -> dict[str, Any]:
    services.reschedule(
        request.user,
        _hearing(request, hearing_id),
        starts_at=body.starts_at,
        minutes=body.minutes,
        reason=body.reason,
        mode=body.mode,
        place=body.place,
        request=request,
    )
    return hearing_out(_hearing(request, hearing_id))


@router.post("/{int:hearing_id}/cancel", response=HearingOut, summary="取消 Cancel with a reason")
def cancel(request: HttpRequest, hearing_id: int, body: HearingReasonIn) -> dict[str, Any]:
    services.cancel(request.user, _hearing(request, hearing_id), reason=body.reason, request=request)
    return hearing_out(_hearing(request, hearing_id))
