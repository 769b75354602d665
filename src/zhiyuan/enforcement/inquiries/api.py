"""The network over HTTP (mounted at ``/api/enforcement/network``): inquiries with their results, orders
with their receipts, repeated freezes and standing re-queries. Writes go through the same services as the
pages; errors leave as application/problem+json with the services' codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhiyuan.cases.models import Case
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.inquiries import requery, selectors, services, teimosinha
from zhiyuan.enforcement.models import NetworkOrder, RepeatedFreeze, StandingRequery
from zhiyuan.enforcement.selectors import enforcement_case
from zhiyuan.gateway.protocol import AssetClass
from zhiyuan.inputs.amounts import Amount
from zhiyuan.inputs.pages import RowId
from zhiyuan.inputs.text import ONE_LINE, column_length
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
Document = Annotated[str, Field(max_length=services.DOCUMENT_MAX), ONE_LINE]
router = Router(tags=["enforcement"])


class FoundAssetOut(Schema):
    id: int
    holder: str
    ref: str
    balance: Decimal | None
    description: str


class AnswerOut(Schema):
    asset_class: str
    status: str = Field(description="found, none, failed, or pending (no answer yet)")
    assets: list[FoundAssetOut]


class InquiryOut(Schema):
    id: int
    state: str
    origin: str
    debtor: str
    classes: list[str]
    gateway_id: str
    requested_at: dt.datetime
    completed_at: dt.datetime | None
    answers: list[AnswerOut]


class InquiryIn(Schema):
    case_number: CaseNumber
    classes: list[AssetClass] = Field(min_length=1, max_length=len(AssetClass))
    debtor_id: RowId | None = None


class OrderOut(Schema):
    id: int
    kind: str
    asset_class: str
    holder: str
    ref: str
    amount: Decimal
    document_number: str
    state: str
    applied: Decimal | None
    receipt_number: str
    receipt_status: str
    requested_at: dt.datetime
    received_at: dt.datetime | None


class OrderIn(Schema):
    case_number: CaseNumber
    kind: Literal["freeze", "unfreeze", "deduct"]
    result_id: RowId = Field(
        description="an asset an inquiry on the case found (InquiryOut.answers.assets.id)"
    )
    amount: Amount
    document_number: Document


class RepeatedFreezeOut(Schema):
    id: int
    state: str
    amount_due: Decimal
    frozen_total: Decimal
    still_owed: Decimal
    days: int
    starts_on: dt.date
    until: dt.date
    dependants: int
    reserve: Decimal
    rounds: int
    stopped_by: str


class RepeatedFreezeIn(Schema):
    case_number: CaseNumber
    amount_due: Amount
    document_number: Document
    days: int | None = Field(None, ge=1, le=teimosinha.MAX_DAYS)
    dependants: int = Field(0, ge=0, le=teimosinha.MAX_DEPENDANTS)
    debtor_id: RowId | None = None


class RequeryOut(Schema):
    id: int
    state: str
    starts_on: dt.date
    interval_months: int
    years: int
    source: str
    next_due: dt.date | None
    runs: int


class RequeryIn(Schema):
    case_number: CaseNumber
    starts_on: dt.date
    debtor_id: RowId | None = None


class CaseIn(Schema):
    case_number: CaseNumber


def _inquiries(case: Case) -> list[dict[str, Any]]:
    out = []
    for v in selectors.inquiries(case, limit=100):
        i = v.inquiry
        out.append(
            {
                "id": i.pk,
                "state": i.state,
                "origin": i.origin,
                "debtor": i.debtor.name,
                "classes": i.classes,
                "gateway_id": i.gateway_id,
                "requested_at": i.requested_at,
                "completed_at": i.completed_at,
                "answers": [
                    {
                        "asset_class": a.code,
                        "status": a.status,
                        "assets": [
                            {
                                "id": r.pk,
                                "holder": r.holder,
                                "ref": r.ref,
                                "balance": r.balance,
                                "description": r.description,
                            }
                            for r in a.assets
                        ],
                    }
                    for a in v.answers
                ],
            }
        )
    return out


def _rf(rf: RepeatedFreeze) -> dict[str, Any]:
    return {
        **{
            name: getattr(rf, name)
            for name in (
                "state",
                "amount_due",
                "frozen_total",
                "still_owed",
                "days",
                "starts_on",
                "until",
                "dependants",
                "reserve",
                "rounds",
            )
        },
        "id": rf.pk,
        "stopped_by": rf.stopped_by_name,
    }


def _viewed(request: HttpRequest, number: str) -> Case:
    readers.authorize(request.user, request)
    return enforcement_case(request.user, number)


@router.get(
    "/network/inquiries",
    response=list[InquiryOut],
    summary="案件的网络查控及反馈 A case's inquiries (case:view)",
)
def list_inquiries(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    return _inquiries(_viewed(request, case_number))


@router.post(
    "/network/inquiries",
    response={201: InquiryOut},
    summary="发起网络查控 Ask the network (enforcement:inquiry)",
)
def ask(request: HttpRequest, body: InquiryIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    inquiry = services.ask(request.user, case, [c.value for c in body.classes], body.debtor_id, request)
    return Status(201, next(i for i in _inquiries(case) if i["id"] == inquiry.pk))


@router.get("/network/orders", response=list[OrderOut], summary="查控指令与回执 A case's orders (case:view)")
def list_orders(request: HttpRequest, case_number: CaseNumber) -> list[NetworkOrder]:
    return selectors.orders(_viewed(request, case_number), limit=200)


@router.post(
    "/network/orders",
    response={201: OrderOut},
    summary="发送冻结、解除冻结或扣划指令 Send an order (enforcement:measure)",
)
def send_order(request: HttpRequest, body: OrderIn) -> Status[NetworkOrder]:
    case = enforcement_case(request.user, body.case_number)
    order = services.send_order(
        request.user, case, body.kind, body.result_id, body.amount, body.document_number, request
    )
    order.refresh_from_db()
    return Status(201, order)


@router.get(
    "/network/repeated-freezes",
    response=list[RepeatedFreezeOut],
    summary="轮巡冻结及尚欠金额 A case's repeated freezes (case:view)",
)
def list_freezes(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    return [_rf(rf) for rf in selectors.repeated_freezes(_viewed(request, case_number))]


@router.post(
    "/network/repeated-freezes",
    response={201: RepeatedFreezeOut},
    summary="开始轮巡冻结 Start a repeated freeze (enforcement:measure)",
)
def start_freeze(request: HttpRequest, body: RepeatedFreezeIn) -> Status[dict[str, Any]]:
    case = enforcement_case(request.user, body.case_number)
    rf = teimosinha.start(
        request.user,
        case,
        body.amount_due,
        body.document_number,
        body.days,
        body.dependants,
        body.debtor_id,
        request,
    )
    return Status(201, _rf(rf))


@router.post(
    "/network/repeated-freezes/{freeze_id}/stop",
    response=RepeatedFreezeOut,
    summary="停止轮巡冻结 Stop a repeated freeze (enforcement:measure)",
)
def stop_freeze(request: HttpRequest, freeze_id: RowId, body: CaseIn) -> dict[str, Any]:
    case = enforcement_case(request.user, body.case_number)
    rf = RepeatedFreeze.objects.filter(pk=freeze_id, case=case).first()
    if rf is None:
        raise LawError("not_found", "没有这项轮巡冻结。", "No such repeated freeze on the case.")
    return _rf(teimosinha.stop(request.user, rf, request))


@router.get(
    "/network/requeries", response=list[RequeryOut], summary="定期复查 Standing re-queries (case:view)"
)
def list_requeries(request: HttpRequest, case_number: CaseNumber) -> list[StandingRequery]:
    return selectors.standing_requeries(_viewed(request, case_number))


@router.post(
    "/network/requeries",
    response={201: RequeryOut},
    summary="设立定期复查（终本后每六个月，五年） Set a standing re-query (enforcement:inquiry)",
)
def start_requery(request: HttpRequest, body: RequeryIn) -> Status[StandingRequery]:
    case = enforcement_case(request.user, body.case_number)
    return Status(201, requery.start(request.user, case, body.starts_on, body.debtor_id, request))


@router.post(
    "/network/requeries/{requery_id}/stop",
    response=RequeryOut,
    summary="停止定期复查 Stop a standing re-query (enforcement:inquiry)",
)
def stop_requery(request: HttpRequest, requery_id: RowId, body: CaseIn) -> StandingRequery:
    case = enforcement_case(request.user, body.case_number)
    sr = StandingRequery.objects.filter(pk=requery_id, case=case).first()
    if sr is None:
        raise LawError("not_found", "没有这项定期复查。", "No such standing re-query on the case.")
    return requery.stop(request.user, sr, request)
