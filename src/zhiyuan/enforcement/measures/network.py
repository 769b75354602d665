"""The network's receipts as measures on the case (``network_hooks.ORDER_APPLIED``): a freeze the bank
applied becomes a freeze measure for the amount it applied, a deduction a deduction (and lowers the
case's freeze on that account by what it took), and a release
(解冻) lowers the case's freezes on that account by the amount released — the latest freeze first — and
releases those it brings to nothing (the repeated freeze's releases of what is frozen beyond the amount
due are partial).

A receipt that applied nothing (rejected, or nothing on the account) makes no measure. A release the
case's measures cannot match (no freeze of the case on that account) does not block the receipt: the
receipt is the network's fact; the mismatch goes on the case's timeline as a node warning
``abnormal_result`` for the officer to look at."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.services import log_node
from zhiyuan.enforcement import services as triage
from zhiyuan.enforcement.measures import services
from zhiyuan.enforcement.models import Measure, MeasureKind, MeasureStatus

GATEWAY = Actor.system("zhiyuan gateway")
KINDS = {"freeze": "freeze", "deduct": "deduct", "unfreeze": "unfreeze"}


def _receipt_ref(order: Any) -> str:
    return str(order.receipt_number or f"order:{order.key}")[:100]


def on_order_applied(order: Any) -> None:
    """``network_hooks`` hook: the receipt of ``order`` (a ``NetworkOrder``) as measures of its case."""
    applied = Decimal(order.applied or 0)
    kind = KINDS.get(str(order.kind))
    if kind is None or applied <= 0:
        return
    on = timezone.localdate(order.received_at) if order.received_at else timezone.localdate()
    if kind == "unfreeze":
        _release_amount(order, applied, on)
        return
    services.record_network_order(
        order.case,
        kind=kind,
        asset_class=order.asset_class,
        account_ref=order.ref,
        amount=applied,
        receipt_ref=_receipt_ref(order),
        on=on,
        actor=GATEWAY,
    )
    if kind == "deduct":  # the money deducted is no longer held by the case's freeze on that account
        _release_amount(order, applied, on, unmatched_warning=False)


def _release_amount(order: Any, amount: Decimal, on: Any, *, unmatched_warning: bool = True) -> None:
    """Lower the case's live freezes on the account by ``amount``, latest first (a release, or money
    deducted out of a freeze); what no freeze held is a node warning for a release, nothing for a
    deduction (money may be deducted without a freeze before it)."""
    freezes = list(
        Measure.objects.select_for_update(of=("self",))
        .select_related("case", "asset")
        .filter(
            case=order.case,
            kind=MeasureKind.FREEZE,
            status=MeasureStatus.ACTIVE,
            asset__asset_class=order.asset_class,
            asset__register_ref=order.ref,
        )
        .order_by("-pk")
    )
    left = amount
    ref = _receipt_ref(order)
    for m in freezes:
        if left <= 0:
            break
        held = Decimal(m.amount or 0)
        if held <= left:
            services.release_by_network(m, on, GATEWAY, ref)
            left -= held
        else:
            before = str(held)
            m.amount = held - left
            m.save(update_fields=["amount"])
            record(
                GATEWAY,
                "enforcement.measure.release_part",
                obj=m.case,
                after={
                    "measure": m.pk,
                    "before": before,
                    "amount": str(m.amount),
                    "released": str(left),
                    "receipt": ref,
                },
            )
            log_node(
                m.case, "measure.release_part", on, GATEWAY, {"released": str(left), "amount": str(m.amount)}
            )
            triage.measures_changed(m.case, GATEWAY)
            left = Decimal(0)
    if left > 0 and unmatched_warning:
        log_node(
            order.case,
            "measure.network_unmatched",
            on,
            GATEWAY,
            {"warning": "abnormal_result", "released": str(left), "account": order.ref},
        )


def register() -> None:
    """Take the network's receipts as measures (from ``EnforcementConfig.ready``)."""
    from zhiyuan.enforcement import network_hooks

    if on_order_applied not in network_hooks.ORDER_APPLIED:
        network_hooks.ORDER_APPLIED.append(on_order_applied)
