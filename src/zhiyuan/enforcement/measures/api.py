"""Measures and property over HTTP (mounted under ``/api/enforcement``): a case's measures and assets, take
/ renew / release a measure, batch renewal and the expiry calendar, assets with their valuations, auctions
and outcomes. Reads need ``case:view``; writes ``enforcement:measure`` (checked by the services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from zhiyuan.cases import selectors as cases
from zhiyuan.cases.models import Case
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.measures import selectors, services
from zhiyuan.enforcement.models import Asset, AssetClass, Auction, Measure, MeasureKind, ValuationMethod
from zhiyuan.enforcement.property import services as property_services
from zhiyuan.enforcement.selectors import enforcement_case
from zhiyuan.inputs.amounts import Amount, OptionalAmount
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, ONE_LINE, column_length
from zhiyuan.law.errors import LawError

CaseNumber = Annotated[str, Field(max_length=column_length(Case, "case_number")), ONE_LINE]
router = Router(tags=["enforcement measures"])


class MeasureOut(Schema):
    id: int
    case_number: str
    asset_id: int | None
    kind: str
    amount: Decimal | None
    status: str
    priority: str = Field(description="first (首封) or waiting (轮候)")
    queue_order: int
    rule: str = Field(description="the law.deadlines rule of its period")
    starts_on: dt.date | None
    ends_on: dt.date | None
    renewals: int
    renewed_from: int | None
    ended_on: dt.date | None
    receipt_ref: str
    citations: list[dict[str, Any]]


class TakeIn(Schema):
    case_number: CaseNumber
    asset_id: int
    kind: Literal["seal", "seizure", "freeze", "deduction"]
    on: dt.date
    amount: OptionalAmount = None


class RenewIn(Schema):
    on: dt.date


class ReleaseIn(Schema):
    on: dt.date
    reason: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE]


class RenewBatchIn(Schema):
    measure_ids: list[int] = Field(max_length=1000)
    on: dt.date


class BatchItem(Schema):
    measure_id: int
    ok: bool
    code: str
    message_zh: str
    message_en: str
    ends_on: dt.date | None
    new_id: int | None


class AssetIn(Schema):
    case_number: CaseNumber
    asset_class: str = Field(max_length=20, description=", ".join(AssetClass.values))
    description: Annotated[str, Field(max_length=200), ONE_LINE]
    register_ref: Annotated[str, Field(max_length=100), ONE_LINE] = ""
    location: Annotated[str, Field(max_length=200), ONE_LINE] = ""
    estimated_value: OptionalAmount = None


class ValuationIn(Schema):
    method: str = Field(max_length=20, description=", ".join(ValuationMethod.values))
    price: Amount
    valued_on: dt.date
    source: Annotated[str, Field(max_length=200), ONE_LINE] = ""


class AuctionIn(Schema):
    reserve: Amount
    announced_on: dt.date
    auction_on: dt.date


class ResultIn(Schema):
    result: Literal["sold", "failed", "withdrawn"]
    price: OptionalAmount = None
    buyer: Annotated[str, Field(max_length=200), ONE_LINE] = ""


class SaleIn(Schema):
    price: Amount
    on: dt.date
    buyer: Annotated[str, Field(max_length=200), ONE_LINE]


class AcceptIn(Schema):
    on: dt.date


class ValuationOut(Schema):
    method: str
    price: Decimal
    valued_on: dt.date
    source: str


class AuctionOut(Schema):
    id: int
    round: int
    reference_price: Decimal
    reserve: Decimal
    min_reserve: Decimal
    announced_on: dt.date
    auction_on: dt.date
    result: str
    price: Decimal | None
    buyer: str
    citations: list[dict[str, Any]]


class AssetOut(Schema):
    id: int
    case_number: str
    asset_class: str
    description: str
    register_ref: str
    location: str
    estimated_value: Decimal | None
    status: str
    outcome_price: Decimal | None
    outcome_on: dt.date | None
    outcome_party: str
    proceeds_paid_on: dt.date | None = None
    measures: list[MeasureOut]
    valuations: list[ValuationOut]
    auctions: list[AuctionOut]


def _case(request: HttpRequest, number: str) -> Case:
    readers.authorize(request.user, request)
    return enforcement_case(request.user, number)


def _measure(request: HttpRequest, pk: int) -> Measure:
    readers.authorize(request.user, request)
    m = selectors.measure_for(request.user, pk)
    if m is None:
        raise LawError(
            "measure_not_found", "措施不存在或不在您的权限范围内。", "No such measure in your scope."
        )
    return m


def _asset(request: HttpRequest, pk: int) -> Asset:
    readers.authorize(request.user, request)
    a = selectors.asset_for(request.user, pk)
    if a is None:
        raise LawError("asset_not_found", "财产不存在或不在您的权限范围内。", "No such asset in your scope.")
    return a


def measure_out(m: Measure) -> dict[str, Any]:
    """A measure as the API gives it."""
    return {
        **{
            f: getattr(m, f)
            for f in (
                "id",
                "asset_id",
                "kind",
                "amount",
                "status",
                "priority",
                "queue_order",
                "rule",
                "starts_on",
                "ends_on",
                "renewals",
                "ended_on",
                "receipt_ref",
                "citations",
            )
        },
        "case_number": m.case.case_number,
        "renewed_from": m.renewed_from_id,
    }


def _auction_out(a: Auction) -> dict[str, Any]:
    fields = ("id", "round", "reference_price", "reserve", "min_reserve", "announced_on", "auction_on")
    return {f: getattr(a, f) for f in (*fields, "result", "price", "buyer", "citations")}


def asset_out(a: Asset) -> dict[str, Any]:
    """An asset with its measures, valuations and auctions."""
    return {
        **{
            f: getattr(a, f)
            for f in (
                "id",
                "asset_class",
                "description",
                "register_ref",
                "location",
                "estimated_value",
                "status",
                "outcome_price",
                "outcome_on",
                "outcome_party",
                "proceeds_paid_on",
            )
        },
        "case_number": a.case.case_number,
        "measures": [measure_out(m) for m in a.measures.select_related("case").order_by("pk")],
        "valuations": [
            {"method": v.method, "price": v.price, "valued_on": v.valued_on, "source": v.source}
            for v in a.valuations.all()
        ],
        "auctions": [_auction_out(x) for x in a.auctions.all()],
    }


@router.get(
    "/measures", response=list[MeasureOut], summary="案件的控制措施 A case's measures (enforcement readers)"
)
def list_measures(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    return [
        measure_out(m) for m in selectors.case_measures(_case(request, case_number)).select_related("case")
    ]


@router.post("/measures", response=MeasureOut, summary="采取控制措施 Take a measure (enforcement:measure)")
def take(request: HttpRequest, body: TakeIn) -> dict[str, Any]:
    case = _case(request, body.case_number)
    asset = selectors.case_assets(case).filter(pk=body.asset_id).first()
    if asset is None:
        raise LawError("asset_not_found", "本案没有该财产。", "No such asset on the case.", field="asset_id")
    kind = MeasureKind(body.kind)
    m = services.take_measure(
        request.user, case, asset=asset, kind=kind, on=body.on, amount=body.amount, request=request
    )
    return measure_out(m)


@router.post("/measures/{measure_id}/renew", response=MeasureOut, summary="续行 Renew (enforcement:measure)")
def renew(request: HttpRequest, measure_id: int, body: RenewIn) -> dict[str, Any]:
    return measure_out(services.renew(request.user, _measure(request, measure_id), body.on, request))


@router.post(
    "/measures/{measure_id}/release", response=MeasureOut, summary="解除 Release (enforcement:measure)"
)
def release(request: HttpRequest, measure_id: int, body: ReleaseIn) -> dict[str, Any]:
    return measure_out(
        services.release(request.user, _measure(request, measure_id), body.on, body.reason, request)
    )


@router.post(
    "/measures/renew-batch",
    response=list[BatchItem],
    summary="批量续行：逐项办理、逐项结果 Batch renewal, one transaction and one result per measure",
)
def renew_batch(request: HttpRequest, body: RenewBatchIn) -> list[dict[str, Any]]:
    readers.authorize(request.user, request)
    visible = {m.pk for m in (selectors.measure_for(request.user, pk) for pk in body.measure_ids) if m}
    out = []
    for r in services.renew_many(
        request.user, [pk for pk in body.measure_ids if pk in visible], body.on, request
    ):
        out.append(r.__dict__)
    for pk in dict.fromkeys(body.measure_ids):
        if pk not in visible:
            out.append(
                services.Outcome(
                    pk, False, "measure_not_found", "措施不存在或不在您的权限范围内。", "No such measure."
                ).__dict__
            )
    return out


@router.get(
    "/measures/calendar",
    response=list[MeasureOut],
    summary="到期日历：N 日内届满的有效措施 Measures in force ending within N days (enforcement readers)",
)
def calendar(request: HttpRequest, within: int | None = None) -> list[dict[str, Any]]:
    readers.authorize(request.user, request)
    days = selectors.warn_days() if within is None else within
    if not 0 <= days <= selectors.MAX_WARN_DAYS:
        raise LawError(
            "within_invalid",
            f"预警天数须在 0 至 {selectors.MAX_WARN_DAYS} 之间。",
            f"'within' must be 0 to {selectors.MAX_WARN_DAYS} days.",
            field="within",
        )
    return [measure_out(m) for m in selectors.calendar(request.user, timezone.localdate(), days)]


@router.get("/assets", response=list[AssetOut], summary="案件的财产 A case's assets (enforcement readers)")
def list_assets(request: HttpRequest, case_number: CaseNumber) -> list[dict[str, Any]]:
    return [asset_out(a) for a in selectors.case_assets(_case(request, case_number)).select_related("case")]


@router.post("/assets", response=AssetOut, summary="登记财产 Add an asset (enforcement:measure)")
def add_asset(request: HttpRequest, body: AssetIn) -> dict[str, Any]:
    case = _case(request, body.case_number)
    a = property_services.add_asset(
        request.user,
        case,
        asset_class=body.asset_class,
        description=body.description,
        register_ref=body.register_ref,
        location=body.location,
        estimated_value=body.estimated_value,
        request=request,
    )
    return asset_out(a)


@router.get(
    "/assets/{asset_id}",
    response=AssetOut,
    summary="财产及其处置 An asset and its disposal (enforcement readers)",
)
def asset(request: HttpRequest, asset_id: int) -> dict[str, Any]:
    return asset_out(_asset(request, asset_id))


@router.post("/assets/{asset_id}/valuations", response=AssetOut, summary="确定参考价 Reference price")
def valuation(request: HttpRequest, asset_id: int, body: ValuationIn) -> dict[str, Any]:
    a = _asset(request, asset_id)
    property_services.add_valuation(
        request.user,
        a,
        method=body.method,
        price=body.price,
        valued_on=body.valued_on,
        source=body.source,
        request=request,
    )
    return asset_out(_asset(request, asset_id))


@router.post(
    "/assets/{asset_id}/auctions",
    response=AuctionOut,
    summary="网络司法拍卖（按 law.auction 核对起拍价与公告日） Announce an auction, checked by law.auction",
)
def auction(request: HttpRequest, asset_id: int, body: AuctionIn) -> dict[str, Any]:
    a = _asset(request, asset_id)
    au = property_services.schedule_auction(
        request.user,
        a,
        reserve=body.reserve,
        announced_on=body.announced_on,
        auction_on=body.auction_on,
        request=request,
    )
    return _auction_out(au)


@router.post("/auctions/{auction_id}/result", response=AuctionOut, summary="拍卖结果 An auction's result")
def auction_result(request: HttpRequest, auction_id: int, body: ResultIn) -> dict[str, Any]:
    readers.authorize(request.user, request)
    au = (
        Auction.objects.select_related("asset__case")
        .filter(pk=auction_id, asset__case__in=cases.scoped(request.user))
        .first()
    )
    if au is None:
        raise LawError(
            "auction_not_found", "拍卖不存在或不在您的权限范围内。", "No such auction in your scope."
        )
    done = property_services.record_auction_result(
        request.user, au, result=body.result, price=body.price, buyer=body.buyer, request=request
    )
    return _auction_out(done)


@router.post("/assets/{asset_id}/sale", response=AssetOut, summary="变卖 Sale at a set price")
def sale(request: HttpRequest, asset_id: int, body: SaleIn) -> dict[str, Any]:
    a = _asset(request, asset_id)
    return asset_out(
        property_services.sell(
            request.user, a, price=body.price, on=body.on, buyer=body.buyer, request=request
        )
    )


@router.post("/assets/{asset_id}/acceptance", response=AssetOut, summary="以物抵债 Acceptance in lieu")
def acceptance(request: HttpRequest, asset_id: int, body: AcceptIn) -> dict[str, Any]:
    a = _asset(request, asset_id)
    return asset_out(property_services.accept_in_lieu(request.user, a, on=body.on, request=request))


@router.post(
    "/assets/{asset_id}/proceeds",
    response=AssetOut,
    summary="价款到账（自动记入案款账户）A sold asset's price paid in, booked in the case's funds account",
)
def proceeds(request: HttpRequest, asset_id: int, body: AcceptIn) -> dict[str, Any]:
    a = _asset(request, asset_id)
    return asset_out(property_services.record_proceeds_paid(request.user, a, on=body.on, request=request))
