"""Control measures: take, renew, release, lapse, and the orders the inquiry network carries out. Each
write is one transaction: permission ``enforcement:measure`` and the court's scope checked, an audit record
and a node in the case's log (the timeline and the dispute graph).

Priority (首封 / 轮候): measures on the same thing — the same asset, or assets of the same class with the
same ``register_ref`` on other cases — rank in order. While another case's measure is in force, a new one
waits (``waiting``, with its place in the queue); when the measure in force is released or lapses, the
first waiting one takes effect that day with its own full period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet

from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import log_node
from zhiyuan.enforcement import readers
from zhiyuan.enforcement import services as triage
from zhiyuan.enforcement.measures import guard, periods, work
from zhiyuan.enforcement.models import (
    Asset,
    AssetClass,
    AssetStatus,
    Measure,
    MeasureKind,
    MeasureStatus,
    Priority,
)
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law.errors import Denied, LawError

#: the node warnings of the SPC's case-node supervision (缺失信息, 缺失文书, 异常流转, 异常结果, 逾期)
WARNING_KINDS = (
    "missing_information",
    "missing_documents",
    "abnormal_transition",
    "abnormal_result",
    "overdue",
)
#: the measures that hold an asset over time (a deduction is done at once)
HOLDING = (MeasureKind.SEAL, MeasureKind.SEIZURE, MeasureKind.FREEZE)
LIVE = (MeasureStatus.ACTIVE, MeasureStatus.WAITING)
SYSTEM = "执行措施到期检查"


def snapshot(m: Measure) -> dict[str, Any]:
    """What the audit keeps of a measure."""
    return {
        "kind": m.kind,
        "asset": m.asset_id,
        "amount": str(m.amount) if m.amount is not None else None,
        "status": m.status,
        "priority": m.priority,
        "queue_order": m.queue_order,
        "starts_on": m.starts_on.isoformat() if m.starts_on else None,
        "ends_on": m.ends_on.isoformat() if m.ends_on else None,
        "renewals": m.renewals,
    }


def _node(m: Measure, node: str, on: dt.date, who: Actor, **extra: Any) -> None:
    payload = {"measure_kind": m.kind, **({"ends_on": m.ends_on.isoformat()} if m.ends_on else {}), **extra}
    if m.asset is not None:
        payload["asset"] = readers.timeline_text(m.asset.description)
    log_node(m.case, node, on, who, payload)
    triage.measures_changed(m.case, who)


def _same_thing(asset: Asset) -> QuerySet[Measure]:
    """Holding measures on ``asset`` or on the same thing on other cases (same class, same register ref)."""
    same = Q(asset=asset)
    if asset.register_ref:
        same |= Q(asset__asset_class=asset.asset_class, asset__register_ref=asset.register_ref)
    return Measure.objects.filter(same, kind__in=HOLDING)


def _lock_thing(asset: Asset) -> None:
    """Lock every asset row of the thing (in id order), so two courts' measures queue one after the other."""
    rows = Asset.objects.filter(pk=asset.pk)
    if asset.register_ref:
        rows = Asset.objects.filter(asset_class=asset.asset_class, register_ref=asset.register_ref)
    list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))


def _clean_amount(kind: str, asset: Asset, raw: Any) -> Decimal | None:
    amount = clean_amount(raw, "amount", allow_zero=False)
    money = kind in (MeasureKind.FREEZE, MeasureKind.DEDUCTION) and asset.asset_class in periods.MONEY
    if money and amount is None:
        raise LawError(
            "amount_required",
            "冻结、扣划款项须写明金额。",
            "A freeze or deduction of money needs an amount.",
            field="amount",
        )
    return amount


def _take(
    case: Case,
    asset: Asset,
    kind: str,
    amount: Decimal | None,
    on: dt.date,
    who: Actor,
    *,
    again: bool = False,
    by_network: bool = False,
) -> Measure:
    """Inside a transaction: the new measure, in force or waiting (with the affairs center's task its
    step gives, :mod:`zhiyuan.enforcement.measures.work`). ``again``: the case may add another
    measure on an asset it already holds (the network's repeated freezes of one account, each for its own
    amount and period); otherwise that is refused."""
    if asset.status in (AssetStatus.SOLD, AssetStatus.ACCEPTED):
        raise LawError(
            "asset_disposed",
            "该财产已处置，不能再采取措施。",
            "The asset has been disposed of; no measure can be taken on it.",
        )
    m = Measure(case=case, asset=asset, court_id=case.court_id, kind=kind, amount=amount)
    if kind == MeasureKind.DEDUCTION:
        m.status, m.starts_on, m.ended_on = MeasureStatus.DONE, on, on
    else:
        _lock_thing(asset)
        live = _same_thing(asset).filter(status__in=LIVE)
        if not again and live.filter(case=case, asset=asset).exists():
            raise LawError(
                "measure_exists",
                "本案已对该财产采取措施，请续行或先解除。",
                "This case already holds a measure on the asset: renew or release it.",
            )
        m.rule = periods.rule_for(asset.asset_class)
        own = live.filter(case=case, asset=asset, status=MeasureStatus.ACTIVE).exists()
        if not own and live.filter(status=MeasureStatus.ACTIVE).exists():
            last = live.aggregate(n=Max("queue_order"))["n"] or 0
            m.status, m.priority, m.queue_order = MeasureStatus.WAITING, Priority.WAITING, last + 1
        else:
            t = periods.term(m.rule, on)
            m.starts_on, m.first_start, m.ends_on, m.citations = on, on, t.ends_on, t.citations
    m.save()
    if asset.status == AssetStatus.RELEASED:
        Asset.objects.filter(pk=asset.pk).update(status=AssetStatus.SEIZED)
        asset.status = AssetStatus.SEIZED
    record(who, "enforcement.measure.take", obj=case, after={"measure": m.pk, **snapshot(m)})
    _node(m, "measure.take", on, who, measure_status=m.status)
    work.measure_taken(m, on, who, by_network=by_network)
    return m


def take_measure(
    user: Any,
    case: Case,
    *,
    asset: Asset,
    kind: str,
    on: dt.date,
    amount: Any = None,
    request: Any = None,
) -> Measure:
    """Take a seal, seizure, freeze or deduction on ``asset`` of ``case`` on ``on``; its last day is the
    law's. Behind another case's measure in force it waits (轮候)."""
    if asset.case_id != case.pk:
        raise LawError("asset_not_on_case", "该财产不属于本案。", "The asset is not on this case.")
    guard.check(user, case, request)
    periods.check_kind(kind, asset.asset_class)
    guard.check_day(on, case)
    value = _clean_amount(kind, asset, amount)
    with transaction.atomic():
        return _take(case, asset, kind, value, on, actor_of(user, request))


def _locked(measure: Measure) -> Measure:
    return Measure.objects.select_for_update(of=("self",)).select_related("case", "asset").get(pk=measure.pk)


def _not_active(m: Measure) -> LawError:
    return LawError(
        "measure_not_active",
        f"该措施当前为“{MeasureStatus(m.status).label}”，不能续行或解除。",
        f"The measure is {m.status}; it cannot be renewed or released.",
    )


def _renew(m: Measure, on: dt.date, who: Actor) -> Measure:
    """Inside a transaction, ``m`` locked: renew it on ``on`` for the longest period the law allows."""
    if m.status != MeasureStatus.ACTIVE or m.kind not in HOLDING:
        raise _not_active(m)
    assert m.first_start is not None
    assert m.ends_on is not None
    assert m.starts_on is not None
    if on < m.starts_on:
        raise LawError(
            "renewal_before_start",
            "续行日期早于措施起始日。",
            "The renewal date is before the measure started.",
            field="on",
        )
    dates = [dt.date.fromisoformat(d) for d in m.renewal_dates] + [on]
    if on > m.ends_on:
        raise LawError(
            "renewal_after_expiry",
            f"续行须在期限届满前办理：该措施已于 {m.ends_on.isoformat()} 届满。",
            f"A renewal must come before expiry: the measure ended on {m.ends_on.isoformat()}.",
            field="on",
        )
    t = periods.term(m.rule, m.first_start, dates)  # the law refuses what it does not allow
    starts = m.ends_on if periods.renewal_runs_from_end(on) else on
    new = Measure.objects.create(
        case=m.case,
        asset=m.asset,
        court_id=m.court_id,
        kind=m.kind,
        amount=m.amount,
        rule=m.rule,
        starts_on=starts,
        ends_on=t.ends_on,
        first_start=m.first_start,
        renewal_dates=[d.isoformat() for d in dates],
        renewals=m.renewals + 1,
        renewed_from=m,
        priority=m.priority,
        queue_order=m.queue_order,
        citations=t.citations,
    )
    before = snapshot(m)
    m.status, m.ended_on = MeasureStatus.RENEWED, on
    m.save(update_fields=["status", "ended_on"])
    record(
        who,
        "enforcement.measure.renew",
        obj=m.case,
        before=before,
        after={"measure": new.pk, **snapshot(new)},
    )
    _node(new, "measure.renew", on, who, renewals=str(new.renewals))
    return new


def renew(user: Any, measure: Measure, on: dt.date, request: Any = None) -> Measure:
    """Renew ``measure`` on ``on`` (on or before its last day), for the longest period the law allows from
    then; the renewal is a new measure and the old one is ``renewed``. Two renewals at once: one wins."""
    guard.check(user, measure.case, request)
    guard.check_day(on, measure.case)
    with transaction.atomic():
        new = _renew(_locked(measure), on, actor_of(user, request))
        work.renewed(user, measure, new, request)
        return new


@dataclass(frozen=True)
class Outcome:
    """One measure's result in a batch."""

    measure_id: int
    ok: bool
    code: str = ""
    message_zh: str = ""
    message_en: str = ""
    ends_on: dt.date | None = None
    new_id: int | None = None


def renew_many(user: Any, measure_ids: list[int], on: dt.date, request: Any = None) -> list[Outcome]:
    """Renew each of ``measure_ids`` on ``on``, each in its own transaction: one refused leaves the
    others renewed, and none is half-done. A measure not found or outside the user's courts is refused."""
    out = []
    for pk in dict.fromkeys(measure_ids):
        m = Measure.objects.select_related("case").filter(pk=pk).first()
        try:
            if m is None:
                raise LawError("measure_not_found", "措施不存在。", "No such measure.")
            new = renew(user, m, on, request)
            out.append(Outcome(pk, True, ends_on=new.ends_on, new_id=new.pk))
        except (LawError, Denied) as err:
            out.append(Outcome(pk, False, err.code, err.message_zh, err.message_en))
    return out


def _take_effect(after: Measure, on: dt.date, who: Actor) -> Measure | None:
    """The first measure waiting behind ``after`` on the same thing takes effect on ``on`` with its own
    full period, unless another is still in force."""
    assert after.asset is not None
    queue = _same_thing(after.asset)
    if queue.filter(status=MeasureStatus.ACTIVE).exists():
        return None
    nxt = (
        queue.filter(status=MeasureStatus.WAITING)
        .order_by("queue_order", "pk")
        .select_related("case")
        .first()
    )
    if nxt is None:
        return None
    before = snapshot(nxt)
    t = periods.term(nxt.rule, on)
    nxt.status, nxt.priority = MeasureStatus.ACTIVE, Priority.FIRST
    nxt.starts_on, nxt.first_start, nxt.ends_on, nxt.citations = on, on, t.ends_on, t.citations
    nxt.save()
    record(who, "enforcement.measure.effect", obj=nxt.case, before=before, after=snapshot(nxt))
    _node(nxt, "measure.effect", on, who)
    work.measure_taken(nxt, on, who)
    return nxt


def _release(m: Measure, on: dt.date, who: Actor, reason: str = "", ref: str = "") -> Measure:
    if m.status not in LIVE or m.kind not in HOLDING:
        raise _not_active(m)
    before = snapshot(m)
    was_active = m.status == MeasureStatus.ACTIVE
    m.status, m.ended_on, m.release_reason, m.release_ref = MeasureStatus.RELEASED, on, reason, ref
    m.save(update_fields=["status", "ended_on", "release_reason", "release_ref"])
    record(
        who, "enforcement.measure.release", obj=m.case, before=before, after={**snapshot(m), "reason": reason}
    )
    _node(m, "measure.release", on, who, reason=reason)
    if m.asset is not None:
        if was_active:
            _take_effect(m, on, who)
        _free_if_unheld(m.asset)
    return m


def release_by_network(m: Measure, on: dt.date, who: Actor, ref: str) -> Measure:
    """Inside a receipt's transaction: the network released all of ``m`` (a freeze)."""
    return _release(m, on, who, "网络解冻回执", ref)


def _free_if_unheld(asset: Asset) -> None:
    """An asset this case no longer holds by any measure (and not disposed of) is 已解除控制."""
    held = Measure.objects.filter(asset=asset, kind__in=HOLDING, status__in=LIVE).exists()
    if not held and asset.status in (AssetStatus.SEIZED, AssetStatus.VALUING):
        Asset.objects.filter(pk=asset.pk).update(status=AssetStatus.RELEASED)


def release(user: Any, measure: Measure, on: dt.date, reason: str, request: Any = None) -> Measure:
    """Release ``measure`` (in force or waiting) on ``on`` with a reason; the first measure waiting behind
    it takes effect that day."""
    reason = check_text(reason or "", field="reason", max_length=NOTE_MAX).strip()
    if not reason:
        raise LawError(
            "release_reason_required", "解除措施须说明理由。", "A release needs a reason.", field="reason"
        )
    guard.check(user, measure.case, request)
    guard.check_day(on, measure.case)
    with transaction.atomic():
        return _release(_locked(measure), on, actor_of(user, request), reason)


# ------------------------------------------------------------------------------------------- lapse


def lapse_due(today: dt.date) -> list[int]:
    """Measures in force whose last day is before ``today`` lapse (each in its own transaction): a node
    warning ``overdue`` on the case (the renewal was not made in time) and the first waiting measure takes
    effect the day after the last day. Idempotent. Returns the lapsed measures' ids."""
    who = Actor.system(SYSTEM)
    done = []
    due = Measure.objects.filter(status=MeasureStatus.ACTIVE, kind__in=HOLDING, ends_on__lt=today)
    for pk in list(due.order_by("ends_on", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            m = (
                Measure.objects.select_for_update(of=("self",))
                .select_related("case", "asset")
                .filter(pk=pk)
                .first()
            )
            if m is None or m.status != MeasureStatus.ACTIVE or m.ends_on is None or m.ends_on >= today:
                continue  # renewed or released meanwhile, or another job lapsed it
            before = snapshot(m)
            lapsed_on = m.ends_on + dt.timedelta(days=1)
            m.status, m.ended_on = MeasureStatus.LAPSED, lapsed_on
            m.save(update_fields=["status", "ended_on"])
            record(who, "enforcement.measure.lapse", obj=m.case, before=before, after=snapshot(m))
            _node(m, "measure.lapse", lapsed_on, who, warning="overdue")
            if m.asset is not None:
                _take_effect(m, lapsed_on, who)
                _free_if_unheld(m.asset)
            done.append(pk)
    return done


# ------------------------------------------------------------------------------------------- network orders

NETWORK_KINDS = ("freeze", "deduct", "unfreeze")


def _debtor(case: Case) -> int:
    link = CaseParty.objects.filter(case=case, side=Side.DEFENDANT).order_by("position", "pk").first()
    if link is None:
        raise LawError("debtor_missing", "案件没有被执行人。", "The case has no debtor.")
    return link.party_id


def record_network_order(
    case: Case,
    *,
    kind: str,
    asset_class: str,
    account_ref: str,
    amount: Decimal | str | None,
    receipt_ref: str,
    on: dt.date,
    actor: Actor,
) -> Measure:
    """A freeze, deduction or unfreeze the inquiry network carried out (its receipt), as a measure on the
    case: ``freeze`` takes a freeze on the account (found or added as an asset of the debtor),
    ``deduct`` records a deduction, ``unfreeze`` releases the case's freeze on the account. Idempotent on
    ``receipt_ref``: a receipt delivered again returns the measure it made. Run by the gateway's receipt
    handling under ``actor`` (a system actor): the officer's order was checked when it was sent."""
    if kind not in NETWORK_KINDS:
        raise LawError("network_order_kind_invalid", "未知的网络执行指令。", f"Unknown order kind {kind!r}.")
    periods.check_kind(MeasureKind.FREEZE, asset_class)
    receipt_ref = check_text(receipt_ref or "", field="receipt_ref", max_length=100).strip()
    account_ref = check_text(account_ref or "", field="account_ref", max_length=100).strip()
    if not receipt_ref or not account_ref:
        raise LawError(
            "receipt_ref_required", "回执须有回执编号和账号。", "A receipt needs its ref and account."
        )
    with transaction.atomic():
        done = Measure.objects.filter(Q(receipt_ref=receipt_ref) | Q(release_ref=receipt_ref)).first()
        if done is not None:
            return done
        asset = Asset.objects.filter(case=case, asset_class=asset_class, register_ref=account_ref).first()
        if asset is None:
            asset = Asset.objects.create(
                case=case,
                asset_class=asset_class,
                description=f"{AssetClass(asset_class).label} {account_ref}",
                register_ref=account_ref,
                owner_id=_debtor(case),
            )
        if kind == "unfreeze":
            frozen = list(
                Measure.objects.select_for_update(of=("self",))
                .select_related("case", "asset")
                .filter(case=case, asset=asset, kind=MeasureKind.FREEZE, status__in=LIVE)
                .order_by("pk")
            )
            if not frozen:
                raise LawError(
                    "measure_not_found", "该账户没有本案的冻结措施。", "No freeze of this case on it."
                )
            for m in frozen:
                _release(m, on, actor, "网络解冻回执", receipt_ref)
            return frozen[0]
        value = clean_amount(amount, "amount", allow_zero=False)
        if value is None:
            raise LawError(
                "amount_required", "冻结、扣划须写明金额。", "An amount is required.", field="amount"
            )
        what = MeasureKind.FREEZE if kind == "freeze" else MeasureKind.DEDUCTION
        m = _take(case, asset, what, value, on, actor, again=True, by_network=True)
        m.receipt_ref = receipt_ref
        m.save(update_fields=["receipt_ref"])
        return m
