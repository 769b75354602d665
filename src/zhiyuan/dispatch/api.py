"""Dispatch and orders over HTTP: the same services, scope and errors as the pages (problem+json with the
stable codes)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from zhiyuan.accounts.policy import authorize
from zhiyuan.cases.models import Case
from zhiyuan.dispatch import selectors, services
from zhiyuan.dispatch.models import Dispatch, Order
from zhiyuan.dispatch.orders import selectors as order_selectors
from zhiyuan.dispatch.orders import services as orders
from zhiyuan.inputs.text import ONE_LINE, Block, Line, column_length
from zhiyuan.law.errors import LawError

router = Router(tags=["dispatch"])
PAGE = 200


CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]


class DispatchIn(Schema):
    case_number: Line = Field(..., max_length=64, description="案号 Case number")
    kind: Line = Field(..., max_length=12, description="delegated | designated | escalated")
    to_court: Line = Field(..., max_length=16, description="受理法院代字 Receiving court code")
    reason: Line = Field(..., max_length=500, description="理由 Reason")
    on: dt.date | None = Field(None, description="发出日期，默认今天 Date (default today)")


class AnswerIn(Schema):
    text: Block = Field(
        "", max_length=2000, description="理由、执行情况、办理结果或答复 Reason, report, result or answer"
    )
    on: dt.date | None = Field(None, description="日期，默认今天 Date (default today)")


class DispatchOrderIn(Schema):
    to_court: Line = Field(..., max_length=16, description="承办法院代字 Receiving court code")
    subject: Line = Field(..., max_length=200, description="交办事项 What to do")
    details: Block = Field("", max_length=2000)
    due: dt.date = Field(..., description="办理期限 Due date")
    on: dt.date | None = None
    cases: list[CaseNumber] = Field(default_factory=list, max_length=200, description="案号 Case numbers")


def _dispatch(d: Dispatch) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "status": d.status,
        "case": d.case.case_number,
        "from_court": d.from_court.code,
        "to_court": d.to_court.code,
        "ordered_by": d.ordered_by.code,
        "reason": d.reason,
        "sent_on": d.sent_on,
        "filing_due": d.filing_due,
        "start_due": d.start_due,
        "report_due": d.report_due,
        "completion_due": d.completion_due,
        "linked_case": d.linked_case.case_number if d.linked_case else None,
        "accepted_on": d.accepted_on,
        "last_report_on": d.last_report_on,
        "ended_on": d.ended_on,
        "result": d.result,
        "events": [{"event": e.event, "on": e.on, "actor": e.actor, "note": e.note} for e in d.events.all()],
    }


def _order(o: Order) -> dict[str, Any]:
    return {
        "id": o.pk,
        "status": o.status,
        "issuer_court": o.issuer_court.code,
        "to_court": o.to_court.code,
        "subject": o.subject,
        "details": o.details,
        "due": o.due,
        "issued_on": o.issued_on,
        "answered_on": o.answered_on,
        "answer": o.answer,
        "closed_on": o.closed_on,
        "reminders": o.reminders,
        "escalated_on": o.escalated_on,
        "cases": [oc.case.case_number for oc in o.order_cases.select_related("case")],
        "events": [{"event": e.event, "on": e.on, "actor": e.actor, "note": e.note} for e in o.events.all()],
    }


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


@router.get("/dispatches", summary="调度列表 Dispatches of the user's scope")
def list_dispatches(
    request: HttpRequest, status: Literal["", "sent", "accepted", "returned", "closed"] = ""
) -> dict[str, Any]:
    authorize(request.user, "case:view", request)
    qs = selectors.visible(request.user)
    if status:
        qs = qs.filter(status=status)
    return {"count": qs.count(), "dispatches": [_dispatch(d) for d in qs.prefetch_related("events")[:PAGE]]}


@router.post("/dispatches", response={201: dict[str, Any]}, summary="调度案件 Dispatch a case")
def create_dispatch(request: HttpRequest, body: DispatchIn) -> Status[dict[str, Any]]:
    d = services.send(
        request.user,
        case_number=body.case_number,
        kind=body.kind,
        to_court=body.to_court,
        reason=body.reason,
        on=_today(body.on),
        request=request,
    )
    return Status(201, _dispatch(d))


def _visible_dispatch(request: HttpRequest, pk: int) -> Dispatch:
    found = selectors.visible(request.user).filter(pk=pk).first()
    if found is None:
        raise LawError(
            "dispatch_not_found", "调度记录不存在或不在您的权限范围内。", "No such dispatch in your scope."
        )
    return found


@router.get("/dispatches/{pk}", summary="一项调度及其记录 One dispatch with its history")
def get_dispatch(request: HttpRequest, pk: int) -> dict[str, Any]:
    authorize(request.user, "case:view", request)
    return _dispatch(_visible_dispatch(request, pk))


@router.post(
    "/dispatches/{pk}/{action}",
    summary="受理法院答复 The receiving court accepts, returns, reports or closes (action: accept | return | report | close)",
)
def answer_dispatch(request: HttpRequest, pk: int, action: str, body: AnswerIn) -> dict[str, Any]:
    d = _visible_dispatch(request, pk)
    on = _today(body.on)
    if action == "accept":
        d = services.accept(request.user, d.pk, on, request)
    elif action == "return":
        d = services.return_(request.user, d.pk, body.text, on, request)
    elif action == "report":
        d = services.report(request.user, d.pk, body.text, on, request)
    elif action == "close":
        d = services.close(request.user, d.pk, body.text, on, request)
    else:
        raise LawError("unknown_action", f"未知操作“{action[:20]}”。", f"Unknown action '{action[:20]}'.")
    return _dispatch(_visible_dispatch(request, d.pk))


@router.get("/orders", summary="交办督办列表与各法院情况 Orders of the user's scope and the figures by court")
def list_orders(
    request: HttpRequest, status: Literal["", "open", "answered", "closed"] = ""
) -> dict[str, Any]:
    authorize(request.user, "case:view", request)
    qs = order_selectors.visible(request.user)
    if status:
        qs = qs.filter(status=status)
    return {
        "count": qs.count(),
        "figures": order_selectors.figures(request.user, timezone.localdate()),
        "orders": [_order(o) for o in qs.prefetch_related("events")[:PAGE]],
    }


@router.post("/orders", response={201: dict[str, Any]}, summary="交办 Issue an order")
def create_order(request: HttpRequest, body: DispatchOrderIn) -> Status[dict[str, Any]]:
    o = orders.issue(
        request.user,
        to_court=body.to_court,
        subject=body.subject,
        details=body.details,
        due=body.due,
        on=_today(body.on),
        case_numbers=body.cases,
        request=request,
    )
    return Status(201, _order(o))


def _visible_order(request: HttpRequest, pk: int) -> Order:
    found = order_selectors.visible(request.user).filter(pk=pk).first()
    if found is None:
        raise LawError(
            "order_not_found", "交办事项不存在或不在您的权限范围内。", "No such order in your scope."
        )
    return found


@router.get("/orders/{pk}", summary="一项交办及其记录 One order with its history")
def get_order(request: HttpRequest, pk: int) -> dict[str, Any]:
    authorize(request.user, "case:view", request)
    return _order(_visible_order(request, pk))


@router.post(
    "/orders/{pk}/{action}",
    summary="答复（承办法院）、催办或办结（交办法院） Answer, remind or close (action: answer | remind | close)",
)
def act_on_order(request: HttpRequest, pk: int, action: str, body: AnswerIn) -> dict[str, Any]:
    o = _visible_order(request, pk)
    on = _today(body.on)
    if action == "answer":
        orders.answer(request.user, o.pk, body.text, on, request)
    elif action == "remind":
        orders.remind(request.user, o.pk, body.text, on, request)
    elif action == "close":
        orders.close(request.user, o.pk, body.text, on, request)
    else:
        raise LawError("unknown_action", f"未知操作“{action[:20]}”。", f"Unknown action '{action[:20]}'.")
    return _order(_visible_order(request, o.pk))
