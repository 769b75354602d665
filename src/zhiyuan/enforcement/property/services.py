"""The property inventory and its disposal: add an asset of the debtor, set its reference price, put it to
online judicial auction (checked against ``zhiyuan.law.auction``: a reserve below the minimum or an
announcement later than the rule's date is refused with the rule's citation), record the auction's result,
sell it at a set price (变卖) or hand it to the creditor in lieu (以物抵债). Each write one transaction with
its audit record and a node on the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

import zhiyuan.affairs.services as affairs
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import log_node
from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement import money_hooks, readers
from zhiyuan.enforcement.measures import guard, periods, work
from zhiyuan.enforcement.models import (
    Asset,
    AssetClass,
    AssetStatus,
    Auction,
    AuctionResult,
    Measure,
    MeasureStatus,
    Valuation,
    ValuationMethod,
)
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.text import check_text
from zhiyuan.law import auction as auction_rule
from zhiyuan.law.errors import LawError

DISPOSED = (AssetStatus.SOLD, AssetStatus.ACCEPTED, AssetStatus.RELEASED)


def _text(value: Any, field: str, max_length: int, required: bool = False) -> str:
    text = check_text(str(value or ""), field=field, max_length=max_length).strip()
    if required and not text:
        raise LawError("field_required", f"请填写“{field}”。", f"'{field}' is required.", field=field)
    return text


def snapshot(a: Asset) -> dict[str, Any]:
    """What the audit keeps of an asset."""
    return {
        "asset_class": a.asset_class,
        "description": a.description,
        "register_ref": a.register_ref,
        "status": a.status,
        "estimated_value": str(a.estimated_value) if a.estimated_value is not None else None,
        "outcome_price": str(a.outcome_price) if a.outcome_price is not None else None,
        "proceeds_paid_on": a.proceeds_paid_on.isoformat() if a.proceeds_paid_on else None,
    }


def _node(a: Asset, node: str, on: dt.date, who: Actor, **extra: Any) -> None:
    log_node(a.case, node, on, who, {"asset": readers.timeline_text(a.description), **extra})


def add_asset(
    user: Any,
    case: Case,
    *,
    asset_class: str,
    description: str,
    register_ref: str = "",
    location: str = "",
    estimated_value: Any = None,
    owner_id: int | None = None,
    request: Any = None,
) -> Asset:
    """Add a debtor's asset to the case's inventory (the owner must be one of the case's debtors; the
    first debtor when not given)."""
    if asset_class not in AssetClass.values:
        raise LawError("asset_class_invalid", "未知的财产类别。", "Unknown asset class.", field="asset_class")
    description = _text(description, "description", 200, required=True)
    register_ref = _text(register_ref, "register_ref", 100)
    location = _text(location, "location", 200)
    value = clean_amount(estimated_value, "estimated_value")
    guard.check(user, case, request)
    debtors = list(
        CaseParty.objects.filter(case=case, side=Side.DEFENDANT)
        .order_by("position", "pk")
        .values_list("party_id", flat=True)
    )
    if not debtors or (owner_id is not None and owner_id not in debtors):
        raise LawError(
            "owner_not_debtor",
            "财产所有人须为本案被执行人。",
            "The owner must be a debtor of the case.",
            field="owner",
        )
    with transaction.atomic():
        a = Asset.objects.create(
            case=case,
            asset_class=asset_class,
            description=description,
            register_ref=register_ref,
            location=location,
            estimated_value=value,
            owner_id=owner_id or debtors[0],
        )
        who = actor_of(user, request)
        record(who, "enforcement.asset.add", obj=case, after={"asset": a.pk, **snapshot(a)})
        _node(a, "asset.add", guard_today(), who)
        work.asset_added(a, guard_today(), who)
    return a


def guard_today() -> dt.date:
    """Today, the date of a node without a date of its own."""
    return timezone.localdate()


def _locked(asset: Asset) -> Asset:
    return Asset.objects.select_for_update(of=("self",)).select_related("case").get(pk=asset.pk)


def _open(a: Asset) -> None:
    if a.status in DISPOSED:
        raise LawError(
            "asset_disposed",
            f"该财产已{AssetStatus(a.status).label}，不能再处置。",
            f"The asset is {a.status}; it can no longer be disposed of.",
        )


def _not_money(a: Asset, code: str, zh: str, en: str) -> None:
    """Money (a deposit, a payment account, a wealth product ...) is deducted, never valued or sold."""
    if a.asset_class in periods.MONEY or a.asset_class in periods.DEPOSIT_LIKE:
        raise LawError(code, zh, en)


def add_valuation(
    user: Any,
    asset: Asset,
    *,
    method: str,
    price: Any,
    valued_on: dt.date,
    source: str = "",
    request: Any = None,
) -> Valuation:
    """Record a reference price (议价、定向询价、网络询价、委托评估); money takes none (it is deducted). The
    asset's valuation task (评估辅助) is completed in the same transaction."""
    if method not in ValuationMethod.values:
        raise LawError(
            "valuation_method_invalid", "未知的参考价确定方式。", "Unknown method.", field="method"
        )
    value = clean_amount(price, "price", allow_zero=False)
    if value is None:
        raise LawError("price_required", "请填写参考价。", "A price is required.", field="price")
    source = _text(source, "source", 200)
    guard.check(user, asset.case, request)
    guard.check_day(valued_on, asset.case, "valued_on")
    with transaction.atomic():
        a = _locked(asset)
        _open(a)
        _not_money(
            a,
            "asset_not_valued",
            "款项应扣划，无需确定参考价。",
            "Money is deducted; it takes no reference price.",
        )
        if a.auctions.filter(result="").exists():
            raise LawError("auction_pending", "拍卖进行中，不能变更参考价。", "An auction is pending.")
        v = Valuation.objects.create(asset=a, method=method, price=value, valued_on=valued_on, source=source)
        before = snapshot(a)
        a.status = AssetStatus.VALUING
        a.save(update_fields=["status"])
        who = actor_of(user, request)
        record(
            who,
            "enforcement.asset.valuation",
            obj=a.case,
            before=before,
            after={**snapshot(a), "method": method, "price": str(value)},
        )
        _node(a, "asset.valuation", valued_on, who, method=method, price=str(value))
        work.price_set(a, valued_on, who, v.pk)
        affairs.complete_by_key(user, f"asset:{a.pk}:valuation", f"参考价 {value} 元", request)
    return v


def _controlled(a: Asset) -> None:
    """Only the court whose measure on the asset is in force (首封) disposes of it."""
    if not Measure.objects.filter(
        asset=a, status=MeasureStatus.ACTIVE, kind__in=("seal", "seizure", "freeze")
    ).exists():
        raise LawError(
            "asset_not_controlled",
            "本案对该财产没有有效的查封、扣押、冻结措施（轮候措施不能处置），不能拍卖或变卖。",
            "The case holds no measure in force on the asset (a waiting one cannot dispose of it).",
        )


def schedule_auction(
    user: Any,
    asset: Asset,
    *,
    reserve: Any,
    announced_on: dt.date,
    auction_on: dt.date,
    request: Any = None,
) -> Auction:
    """Announce an online judicial auction: round 1 on the latest reference price, round 2 after a failed
    round 1 on its reserve. ``zhiyuan.law.auction`` decides the lowest reserve and the last day to announce;
    a reserve below it or a later announcement is refused with the rule's citation."""
    value = clean_amount(reserve, "reserve", allow_zero=False)
    if value is None:
        raise LawError("reserve_required", "请填写起拍价。", "A reserve is required.", field="reserve")
    guard.check(user, asset.case, request)
    guard.check_day(announced_on, asset.case, "announced_on")
    if auction_on <= announced_on:
        raise LawError(
            "auction_before_announcement", "拍卖日须晚于公告日。", "The auction must follow its announcement."
        )
    with transaction.atomic():
        a = _locked(asset)
        _open(a)
        _not_money(a, "asset_not_auctionable", "款项应扣划，不拍卖。", "Money is deducted, not auctioned.")
        _controlled(a)
        previous = list(a.auctions.order_by("-round", "-pk"))
        if previous and previous[0].result == "":
            raise LawError(
                "auction_pending", "该财产已有进行中的拍卖。", "An auction of the asset is pending."
            )
        if previous and previous[0].result == AuctionResult.SOLD:
            raise LawError("asset_disposed", "该财产已拍卖成交。", "The asset has been sold.")
        failed = [p for p in previous if p.result == AuctionResult.FAILED]
        rnd = 2 if failed else 1
        if failed and failed[0].round == 2:
            raise LawError(
                "auction_no_third_round",
                "二拍流拍后不再拍卖，应变卖或以物抵债（网络司法拍卖规定第二十六条）。",
                "After a failed second auction there is no third: sell at a set price or accept in lieu.",
            )
        valuation = a.valuations.order_by("-valued_on", "-pk").first()
        if valuation is None:
            raise LawError(
                "reference_price_missing", "拍卖前须确定财产处置参考价。", "Set a reference price first."
            )
        facts: dict[str, Any] = {
            "round": rnd,
            "asset": periods.auction_category(a.asset_class),
            "auction_on": auction_on.isoformat(),
            "reference_price": str(valuation.price),
        }
        if rnd == 2:
            facts["previous_reserve"] = str(failed[0].reserve)
        out = auction_rule.compute(facts, courts.reference().params)
        minimum, announce_by = Decimal(out["min_reserve"]), dt.date.fromisoformat(out["announce_by"])
        if value < minimum:
            raise LawError(
                "auction_reserve_too_low",
                f"起拍价 {value} 元低于法定最低起拍价 {minimum} 元（{out['citation']}）。",
                f"The reserve {value} is below the legal minimum {minimum} ({out['citation']}).",
                field="reserve",
                min_reserve=str(minimum),
                citations=out["citations"],
            )
        if announced_on > announce_by:
            raise LawError(
                "auction_announcement_late",
                f"拍卖公告最迟应于 {announce_by.isoformat()} 发布（拍卖日前 {out['notice_days']} 日，{out['citation']}）。",
                f"The auction must be announced by {announce_by.isoformat()} ({out['notice_days']} days before; "
                f"{out['citation']}).",
                field="announced_on",
                announce_by=announce_by.isoformat(),
                citations=out["citations"],
            )
        auction = Auction.objects.create(
            asset=a,
            round=rnd,
            reference_price=valuation.price,
            reserve=value,
            min_reserve=minimum,
            announced_on=announced_on,
            auction_on=auction_on,
            citations=out["citations"],
        )
        before = snapshot(a)
        a.status = AssetStatus.IN_AUCTION
        a.save(update_fields=["status"])
        who = actor_of(user, request)
        record(
            who,
            "enforcement.asset.auction",
            obj=a.case,
            before=before,
            after={**snapshot(a), "round": rnd, "reserve": str(value), "auction_on": auction_on.isoformat()},
        )
        _node(a, "asset.auction", announced_on, who, round=str(rnd), reserve=str(value))
    return auction


def record_auction_result(
    user: Any, auction: Auction, *, result: str, price: Any = None, buyer: str = "", request: Any = None
) -> Auction:
    """The auction's result: sold (at a price no lower than the reserve, to a buyer), failed or withdrawn."""
    if result not in AuctionResult.values:
        raise LawError("auction_result_invalid", "未知的拍卖结果。", "Unknown result.", field="result")
    value = clean_amount(price, "price", allow_zero=False)
    buyer = _text(buyer, "buyer", 200, required=result == AuctionResult.SOLD)
    case = auction.asset.case
    guard.check(user, case, request)
    with transaction.atomic():
        a = _locked(auction.asset)
        au = Auction.objects.select_for_update().get(pk=auction.pk)
        if au.result:
            raise LawError("auction_closed", "该场拍卖已有结果。", "The auction already has a result.")
        if au.auction_on > guard_today() and result != AuctionResult.WITHDRAWN:
            raise LawError(
                "auction_not_held",
                "拍卖日未到，只能撤回。",
                "Before the auction day it can only be withdrawn.",
            )
        if result == AuctionResult.SOLD:
            if value is None or value < au.reserve:
                raise LawError(
                    "sale_below_reserve",
                    f"成交价不得低于起拍价 {au.reserve} 元。",
                    f"The price may not be below the reserve {au.reserve}.",
                    field="price",
                )
            au.price, au.buyer = value, buyer
            a.status, a.outcome_price, a.outcome_on, a.outcome_party = (
                AssetStatus.SOLD,
                value,
                au.auction_on,
                buyer,
            )
        else:
            a.status = AssetStatus.VALUING
        before = snapshot(a)
        au.result = result
        au.save(update_fields=["result", "price", "buyer"])
        a.save(update_fields=["status", "outcome_price", "outcome_on", "outcome_party"])
        who = actor_of(user, request)
        record(
            who,
            "enforcement.asset.auction_result",
            obj=case,
            before=before,
            after={**snapshot(a), "result": result},
        )
        _node(a, "asset.auction_result", min(au.auction_on, guard_today()), who, result=result)
        if result == AuctionResult.SOLD:
            work.asset_sold(a, min(au.auction_on, guard_today()), who)
    return au


def _creditor_name(case: Case) -> str:
    link = (
        CaseParty.objects.filter(case=case, side=Side.PLAINTIFF)
        .select_related("party")
        .order_by("position")
        .first()
    )
    return link.display_name if link else ""


def sell(user: Any, asset: Asset, *, price: Any, on: dt.date, buyer: str, request: Any = None) -> Asset:
    """Sale at a set price (变卖): only after a failed second auction (网络司法拍卖规定 Art 26 para 2), never
    of money (deducted), not while an auction is pending, at a price no lower than the failed second
    auction's reserve (UNVERIFIED: the floor is ours, the rules leave the price to the sale; the last reserve
    is the sensible one)."""
    value = clean_amount(price, "price", allow_zero=False)
    if value is None:
        raise LawError("price_required", "请填写变卖价款。", "A price is required.", field="price")
    buyer = _text(buyer, "buyer", 200, required=True)
    guard.check(user, asset.case, request)
    guard.check_day(on, asset.case)

    def saleable(a: Asset) -> None:
        _not_money(a, "asset_not_saleable", "款项应扣划，不变卖。", "Money is deducted, not sold.")
        failed = a.auctions.filter(result=AuctionResult.FAILED, round=2).order_by("-pk").first()
        if failed is None:
            raise LawError(
                "sale_needs_failed_second_auction",
                "变卖须在第二次拍卖流拍后进行（网络司法拍卖规定第二十六条）。",
                "A sale at a set price follows a failed second auction (网络司法拍卖规定 Art 26).",
            )
        if value < failed.reserve:
            raise LawError(
                "sale_below_last_reserve",
                f"变卖价款不得低于二拍流拍的起拍价 {failed.reserve} 元。",
                f"The price may not be below the failed second auction's reserve {failed.reserve}.",
                field="price",
                min_price=str(failed.reserve),
            )

    return _outcome(user, asset, AssetStatus.SOLD, value, on, buyer, "asset.sale", request, saleable)


def accept_in_lieu(user: Any, asset: Asset, *, on: dt.date, request: Any = None) -> Asset:
    """The creditor accepts the asset in lieu of payment (以物抵债) at the reserve of the failed auction."""
    guard.check(user, asset.case, request)
    guard.check_day(on, asset.case)
    failed = asset.auctions.filter(result=AuctionResult.FAILED).order_by("-round", "-pk").first()
    if failed is None:
        raise LawError(
            "acceptance_needs_failed_auction",
            "以物抵债须在拍卖流拍后、按该次拍卖的起拍价进行。",
            "Acceptance in lieu follows a failed auction, at its reserve.",
        )
    return _outcome(
        user,
        asset,
        AssetStatus.ACCEPTED,
        failed.reserve,
        on,
        _creditor_name(asset.case),
        "asset.acceptance",
        request,
    )


def _outcome(
    user: Any,
    asset: Asset,
    status: str,
    value: Decimal,
    on: dt.date,
    party: str,
    node: str,
    request: Any,
    check: Callable[[Asset], None] | None = None,
) -> Asset:
    with transaction.atomic():
        a = _locked(asset)
        _open(a)
        if a.auctions.filter(result="").exists():
            raise LawError("auction_pending", "拍卖进行中。", "An auction is pending.")
        _controlled(a)
        if check is not None:
            check(a)
        before = snapshot(a)
        a.status, a.outcome_price, a.outcome_on, a.outcome_party = status, value, on, party
        a.save(update_fields=["status", "outcome_price", "outcome_on", "outcome_party"])
        who = actor_of(user, request)
        record(who, "enforcement." + node, obj=a.case, before=before, after=snapshot(a))
        _node(a, node, on, who, price=str(value))
        if status == AssetStatus.SOLD:
            work.asset_sold(a, on, who)
    return a


def record_proceeds_paid(user: Any, asset: Asset, *, on: dt.date, request: Any = None) -> Asset:
    """The buyer paid the full price of a sold asset (auction or sale at a set price) into the court on
    ``on``: kept on the asset, and booked in the case's funds account as auction proceeds through
    ``money_hooks.PROCEEDS_PAID`` in the same transaction (once: the key derives from the asset)."""
    guard.check(user, asset.case, request)
    guard.check_day(on, asset.case)
    with transaction.atomic():
        a = _locked(asset)
        if a.status != AssetStatus.SOLD or a.outcome_price is None:
            raise LawError(
                "asset_not_sold", "财产尚未成交，无价款到账。", "The asset is not sold: no price to pay."
            )
        if a.proceeds_paid_on is not None:
            raise LawError(
                "proceeds_already_paid",
                f"价款已于 {a.proceeds_paid_on} 登记到账。",
                f"The price was recorded as paid on {a.proceeds_paid_on}.",
            )
        if a.outcome_on is not None and on < a.outcome_on:
            raise LawError(
                "paid_before_sale", "到账日期早于成交日期。", "The payment precedes the sale.", field="on"
            )
        before = snapshot(a)
        a.proceeds_paid_on = on
        a.save(update_fields=["proceeds_paid_on"])
        who = actor_of(user, request)
        record(who, "enforcement.asset.proceeds_paid", obj=a.case, before=before, after=snapshot(a))
        _node(a, "asset.proceeds_paid", on, who, price=str(a.outcome_price))
        money_hooks.proceeds_paid(
            a.case,
            amount=a.outcome_price,
            on=on,
            source=f"asset:{a.pk}:proceeds",
            what=f"{a.description}（{a.outcome_party}）",
            who=who,
        )
    return a
