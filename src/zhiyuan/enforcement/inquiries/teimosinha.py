"""Repeated freezes (轮巡冻结, as Brazil's SISBAJUD "teimosinha"): for ``days`` days the debtor's accounts
are frozen again each day until ``amount_due`` is frozen.

- **One running figure.** ``frozen_total`` is what the receipts say was frozen (freezes applied less
  releases applied) across all accounts; what is still owed is ``amount_due − frozen_total``.
- **A round** (daily, at the start, and when the round's inquiry is answered) asks each account the latest
  inquiry found for up to what is still owed — each institution acts on its own, as the banks do — so two
  accounts may freeze more than is owed between them. Each receipt updates the figure, and anything frozen
  beyond ``amount_due`` is **released** at once by unfreeze orders (newest freezes first).
- **Exempt funds are never frozen**: classes the law exempts (``network.exempt_classes``, social-security
  benefits) are never asked, and a reserve for the debtor's and dependants' living needs
  (``network.living_allowance_monthly`` × (1 + dependants) × ``network.living_allowance_months``) is left in
  the accounts (taken from them in order of their reference).
- **Stop**: the officer stops it; orders not yet claimed by a dispatcher are withdrawn (never sent), those
  in flight keep their receipts. What is frozen stays frozen (it secures the debt).
Every order and release is on the case's timeline (:func:`.services.new_order`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import log_node
from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement.inquiries import services
from zhiyuan.enforcement.models import (
    Inquiry,
    InquiryResult,
    NetworkOrder,
    OrderKindChoice,
    OrderState,
    RepeatedFreeze,
    StandingState,
)
from zhiyuan.gateway.protocol import FREEZABLE
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.law.errors import LawError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DAYS = 90
MAX_DEPENDANTS = 20
SYSTEM = Actor.system("teimosinha")
DONE = (OrderState.APPLIED, OrderState.PARTIAL)


def _param(name: str) -> Any:
    return courts.reference().params[f"network.{name}"].at(None)


def exempt_classes() -> frozenset[str]:
    """Asset classes never frozen (``network.exempt_classes``)."""
    return frozenset(str(c) for c in _param("exempt_classes"))


def freeze_classes() -> list[str]:
    """The classes a round asks about and freezes: freezable by the network, not exempt."""
    exempt = exempt_classes()
    return [c.value for c in sorted(FREEZABLE, key=lambda c: c.value) if c.value not in exempt]


def reserve_for(dependants: int) -> Decimal:
    """The living needs kept unfrozen for the debtor and ``dependants`` people."""
    monthly = Decimal(str(_param("living_allowance_monthly")))
    months = int(_param("living_allowance_months"))
    return (monthly * (1 + dependants) * months).quantize(CENT)


def default_days() -> int:
    """Days a repeated freeze runs unless the officer says otherwise."""
    return int(_param("repeated_freeze_days"))


# ------------------------------------------------------------------------------------------- figures


def _net(rf: RepeatedFreeze, ref: str | None = None) -> Decimal:
    """Frozen by ``rf``'s receipts (freezes less releases), on one asset or on all."""
    orders = NetworkOrder.objects.filter(repeated_freeze=rf, state__in=DONE)
    if ref is not None:
        orders = orders.filter(ref=ref)
    sums = dict(orders.values("kind").annotate(s=Sum("applied")).values_list("kind", "s"))
    return (sums.get(OrderKindChoice.FREEZE) or ZERO) - (sums.get(OrderKindChoice.UNFREEZE) or ZERO)


def _pending(rf: RepeatedFreeze, kind: str) -> Decimal:
    orders = NetworkOrder.objects.filter(repeated_freeze=rf, kind=kind, state=OrderState.PENDING)
    return orders.aggregate(s=Sum("amount"))["s"] or ZERO


def refresh(rf: RepeatedFreeze) -> Decimal:
    """Recompute the running figure from the receipts; the amount frozen beyond ``amount_due``."""
    rf.frozen_total = _net(rf)
    return max(ZERO, rf.frozen_total - rf.amount_due)


def latest_assets(rf: RepeatedFreeze) -> list[InquiryResult]:
    """The debtor's money assets the case's latest answers show, one row per asset (the newest), in
    freezable, non-exempt classes, by reference."""
    classes = set(freeze_classes())
    rows = InquiryResult.objects.filter(
        inquiry__case=rf.case,
        inquiry__debtor=rf.debtor,
        status="found",
        asset_class__in=classes,
        balance__isnull=False,
    ).order_by("ref", "-received_at", "-pk")
    newest: dict[str, InquiryResult] = {}
    for row in rows:
        newest.setdefault(row.ref, row)
    return [newest[ref] for ref in sorted(newest)]


# ------------------------------------------------------------------------------------------- rounds


def _release(rf: RepeatedFreeze, excess: Decimal) -> None:
    """Unfreeze ``excess`` (less releases already on their way), newest freezes first."""
    excess -= _pending(rf, OrderKindChoice.UNFREEZE)
    if excess <= 0:
        return
    freezes = NetworkOrder.objects.filter(
        repeated_freeze=rf, kind=OrderKindChoice.FREEZE, state__in=DONE
    ).order_by("-received_at", "-pk")
    seen: set[str] = set()
    for order in freezes:
        if excess <= 0:
            break
        if order.ref in seen:
            continue
        seen.add(order.ref)
        pending = NetworkOrder.objects.filter(
            repeated_freeze=rf, kind=OrderKindChoice.UNFREEZE, state=OrderState.PENDING, ref=order.ref
        )
        held = _net(rf, order.ref) - (pending.aggregate(s=Sum("amount"))["s"] or ZERO)
        amount = min(excess, held)
        if amount > 0:
            services.new_order(
                rf.case, OrderKindChoice.UNFREEZE, order, amount, rf.document_number, SYSTEM, rf
            )
            excess -= amount


def _end(rf: RepeatedFreeze, state: str, who: Actor) -> None:
    rf.state = state
    rf.save()
    log_node(
        rf.case,
        "repeated_freeze_end",
        timezone.localdate(),
        who,
        {"repeated_freeze": rf.pk, "state": state, "frozen": str(rf.frozen_total)},
    )


def on_receipt(order: NetworkOrder) -> None:
    """A receipt of one of the repeated freeze's orders was stored (inside its transaction): update the
    running figure, release any excess, and end the repeated freeze when the amount due is frozen."""
    assert order.repeated_freeze_id is not None
    rf = RepeatedFreeze.objects.select_for_update().get(pk=order.repeated_freeze_id)
    excess = refresh(rf)
    rf.save(update_fields=["frozen_total"])
    if excess > 0:
        _release(rf, excess)
    if rf.state == StandingState.ACTIVE and rf.frozen_total >= rf.amount_due:
        _end(rf, StandingState.COVERED, SYSTEM)


def run_round(rf: RepeatedFreeze, today: dt.date) -> int:
    """One round on ``today`` (idempotent within the day: each asset is asked once a day, the inquiry asked
    once a day); how many freezes were ordered."""
    with transaction.atomic():
        rf = RepeatedFreeze.objects.select_for_update().select_related("case", "debtor").get(pk=rf.pk)
        if rf.state != StandingState.ACTIVE:
            return 0
        refresh(rf)
        if rf.frozen_total >= rf.amount_due:
            _end(rf, StandingState.COVERED, SYSTEM)
            return 0
        if today > rf.until:
            _end(rf, StandingState.FINISHED, SYSTEM)
            return 0
        owed = rf.amount_due - rf.frozen_total - _pending(rf, OrderKindChoice.FREEZE)
        made = 0
        reserve = rf.reserve
        asked_today = set(
            NetworkOrder.objects.filter(
                repeated_freeze=rf, kind=OrderKindChoice.FREEZE, requested_at__date=today
            ).values_list("ref", flat=True)
        )
        for asset in latest_assets(rf):
            free = (asset.balance or ZERO) - _net(rf, asset.ref)
            kept = min(reserve, max(free, ZERO))
            reserve -= kept
            free -= kept
            if owed <= 0 or free <= 0 or asset.ref in asked_today:
                continue
            services.new_order(
                rf.case, OrderKindChoice.FREEZE, asset, min(free, owed), rf.document_number, SYSTEM, rf
            )
            made += 1
        if not Inquiry.objects.filter(
            case=rf.case, debtor=rf.debtor, origin="teimosinha", requested_at__date=today
        ).exists():
            services.ask_many(SYSTEM, [(rf.case, rf.debtor, freeze_classes())], "teimosinha")
        rf.rounds += 1
        rf.last_round_on = today
        rf.save()
    return made


def run_rounds(today: dt.date) -> int:
    """The daily job: a round of every active repeated freeze; how many freezes were ordered."""
    return sum(run_round(rf, today) for rf in RepeatedFreeze.objects.filter(state=StandingState.ACTIVE))


def after_answer(inquiries: list[Inquiry]) -> None:
    """A round's inquiry was answered: run the day's round again with what it found."""
    today = timezone.localdate()
    for inquiry in inquiries:
        if inquiry.origin != "teimosinha":
            continue
        active = RepeatedFreeze.objects.filter(
            case_id=inquiry.case_id, debtor_id=inquiry.debtor_id, state=StandingState.ACTIVE
        )
        for rf in active:
            run_round(rf, today)


# ------------------------------------------------------------------------------------------- officer


def start(
    user: Any,
    case: Case,
    amount_due: Any,
    document_number: str,
    days: int | None = None,
    dependants: int = 0,
    debtor_id: int | None = None,
    request: Any = None,
) -> RepeatedFreeze:
    """The officer starts a repeated freeze of ``amount_due`` for ``days`` days (default
    ``network.repeated_freeze_days``); the first round runs at once."""
    due = clean_amount(amount_due, "amount_due", allow_zero=False)
    if due is None:
        raise LawError(
            "amount_required", "请填写应冻结金额。", "The amount due is required.", field="amount_due"
        )
    days = default_days() if days is None else days
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise LawError(
            "days_invalid",
            f"轮巡天数须在 1 至 {MAX_DAYS} 天之间。",
            f"The number of days must lie between 1 and {MAX_DAYS}.",
            field="days",
        )
    if not isinstance(dependants, int) or not 0 <= dependants <= MAX_DEPENDANTS:
        raise LawError(
            "dependants_invalid",
            f"被扶养人数须在 0 至 {MAX_DEPENDANTS} 之间。",
            f"Dependants must lie between 0 and {MAX_DEPENDANTS}.",
            field="dependants",
        )
    document = services.clean_document(document_number)
    services.check_case(user, case, services.MEASURE_PERMISSION, request)
    if not services.configured():
        raise services.not_configured()
    debtor = services.pick_debtor(case, debtor_id)
    who = actor_of(user, request)
    today = timezone.localdate()
    with transaction.atomic():
        if RepeatedFreeze.objects.filter(case=case, debtor=debtor, state=StandingState.ACTIVE).exists():
            raise LawError(
                "repeated_freeze_running",
                "该被执行人已有进行中的轮巡冻结。",
                "A repeated freeze of this debtor is already running.",
            )
        rf = RepeatedFreeze.objects.create(
            case=case,
            debtor=debtor,
            amount_due=due,
            days=days,
            starts_on=today,
            until=today + dt.timedelta(days=days - 1),
            dependants=dependants,
            reserve=reserve_for(dependants),
            document_number=document,
            created_at=timezone.now(),
            created_by_name=who.name,
        )
        after = {"amount_due": str(due), "days": days, "dependants": dependants, "reserve": str(rf.reserve)}
        record(who, "enforcement.repeated_freeze.start", obj=case, after=after)
        log_node(case, "repeated_freeze_start", today, who, {"repeated_freeze": rf.pk, **after})
    run_round(rf, today)
    rf.refresh_from_db()
    return rf


def stop(user: Any, rf: RepeatedFreeze, request: Any = None) -> RepeatedFreeze:
    """The officer stops a repeated freeze: no more rounds; orders never sent are withdrawn."""
    services.check_case(user, rf.case, services.MEASURE_PERMISSION, request)
    who = actor_of(user, request)
    with transaction.atomic():
        rf = RepeatedFreeze.objects.select_for_update().select_related("case").get(pk=rf.pk)
        if rf.state != StandingState.ACTIVE:
            raise LawError(
                "repeated_freeze_not_running", "该轮巡冻结已结束。", "The repeated freeze is not running."
            )
        # never claimed by a dispatcher = never sent; those in flight keep their receipts
        withdrawn = NetworkOrder.objects.filter(
            repeated_freeze=rf, state=OrderState.PENDING, lease_until__isnull=True
        ).update(state=OrderState.CANCELLED)
        rf.stopped_by_id, rf.stopped_by_name, rf.stopped_at = who.id, user.get_full_name(), timezone.now()
        record(
            who,
            "enforcement.repeated_freeze.stop",
            obj=rf.case,
            after={"repeated_freeze": rf.pk, "withdrawn": withdrawn, "frozen": str(rf.frozen_total)},
        )
        _end(rf, StandingState.STOPPED, who)
    return rf
