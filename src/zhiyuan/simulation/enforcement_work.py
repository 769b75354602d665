"""Enforcement activity on the demo officer's cases (``zhiyuan simulate demo-work``): property found and
controlled, valued and put up for auction, money frozen and deducted through the network, a freeze
about to end on the expiry calendar — written through the enforcement services, dated back from
``today``, so the case pages, the node log, the audit log and the affairs center's queues show it.

The network's orders here stand for receipts of the past (``record_network_order`` under the gateway's
system actor); new inquiries go to the inquiry-network simulator that ``make demo`` runs.

Idempotent: a marker row (``SimulatedChunk`` with signature ``demo-enforcement``) records that it ran,
apart from ``demo-work``'s, so a database whose demo work predates this module gets it on the next run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhiyuan.accounts.demo import DEMO_COURT
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Capacity, Case
from zhiyuan.enforcement.measures import services as measures
from zhiyuan.enforcement.measures import work
from zhiyuan.enforcement.property import services as assets
from zhiyuan.simulation.models import SimulatedChunk

MARKER = "demo-enforcement"
GATEWAY = Actor.system("zhiyuan gateway (simulated receipts)")


def _day(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def _shop_for_auction(officer: Any, case: Case, today: dt.date) -> None:
    """A shop sealed a week after filing, appraised, and announced for its first online auction."""
    shop = assets.add_asset(
        officer,
        case,
        asset_class="real_estate",
        description="商铺（贵阳市云岩区中华北路 218 号 1-3 号）",
        register_ref="黔(2023)云岩区不动产权第0031874号",
        location="贵阳市云岩区中华北路 218 号",
        estimated_value=Decimal("1200000.00"),
    )
    measures.take_measure(officer, case, asset=shop, kind="seal", on=case.filed_on + dt.timedelta(days=7))
    assets.add_valuation(
        officer,
        shop,
        method="appraisal",
        price=Decimal("960000.00"),
        valued_on=case.filed_on + dt.timedelta(days=60),
        source="贵州黔元房地产土地资产评估有限公司（演示）",
    )
    # first round: reserve at 70 % of the reference price, announced 32 days before (real estate: ≥ 30)
    assets.schedule_auction(
        officer,
        shop,
        reserve=Decimal("672000.00"),
        announced_on=_day(today, 12),
        auction_on=today + dt.timedelta(days=20),
    )


def _money_through_the_network(case: Case, today: dt.date) -> None:
    """A deposit frozen and then deducted through the network (the receipts of the past)."""
    common: dict[str, Any] = {
        "asset_class": "deposit",
        "account_ref": "6217-0031-2288-4410",
        "actor": GATEWAY,
    }
    frozen_on = case.filed_on + dt.timedelta(days=3)
    measures.record_network_order(
        case, kind="freeze", amount=Decimal("23456.78"), receipt_ref="DEMO-F-0001", on=frozen_on, **common
    )
    measures.record_network_order(
        case,
        kind="deduct",
        amount=Decimal("23456.78"),
        receipt_ref="DEMO-D-0001",
        on=min(frozen_on + dt.timedelta(days=30), today),
        **common,
    )


def _car_seized(officer: Any, case: Case) -> None:
    car = assets.add_asset(
        officer,
        case,
        asset_class="vehicle",
        description="小型轿车 贵A·D3K27（演示）",
        register_ref="贵A·D3K27",
        estimated_value=Decimal("68000.00"),
    )
    measures.take_measure(officer, case, asset=car, kind="seizure", on=case.filed_on + dt.timedelta(days=20))


def _pick(cases: Sequence[Case], filed_by: dt.date, taken: set[int]) -> Case | None:
    """The open case with the largest claim filed on or before ``filed_by`` not used yet."""
    fit = [c for c in cases if c.filed_on <= filed_by and c.pk not in taken]
    if not fit:
        return None
    chosen = max(fit, key=lambda c: (c.claim_amount or Decimal(0), -c.pk))
    taken.add(chosen.pk)
    return chosen


def _freeze_ending_soon(officer: Any, case: Case, today: dt.date) -> None:
    """A deposit frozen 355 days ago: it ends in ten days (inside the calendar's window)."""
    account = assets.add_asset(
        officer,
        case,
        asset_class="deposit",
        description="银行存款 贵州银行 6228-4807-1103-2291",
        register_ref="6228-4807-1103-2291",
    )
    measures.take_measure(
        officer, case, asset=account, kind="freeze", on=_day(today, 355), amount=Decimal("15000.00")
    )


def officer_cases(officer: Any) -> list[Case]:
    """The demo officer's open enforcement cases at the demo court (the officer their current handler)."""
    return list(
        Case.objects.filter(
            court__code=DEMO_COURT,
            type_code__in=("执", "执恢"),
            closed_on__isnull=True,
            assignments__user_id=officer.pk,
            assignments__capacity=Capacity.HANDLER,
            assignments__ended_on__isnull=True,
        )
        .distinct()
        .order_by("filed_on", "pk")
    )


def ensure_enforcement_activity(officer: Any, today: dt.date) -> dict[str, int]:
    """Give the officer's open cases their enforcement activity unless it was given before; returns what
    was made (nothing when the officer has no case old enough for a step)."""
    if SimulatedChunk.objects.filter(signature=MARKER).exists():
        return {}
    cases = officer_cases(officer)
    taken: set[int] = set()
    made = {"assets": 0, "auctions": 0, "network_orders": 0, "calendar_freezes": 0}
    with transaction.atomic():
        if (old := _pick(cases, _day(today, 355), taken)) is not None:
            _freeze_ending_soon(officer, old, today)
            made["assets"] += 1
            made["calendar_freezes"] += 1
        if (big := _pick(cases, _day(today, 72), taken)) is not None:
            _shop_for_auction(officer, big, today)
            _money_through_the_network(big, today)
            made["assets"] += 2
            made["auctions"] += 1
            made["network_orders"] += 2
        if (other := _pick(cases, _day(today, 20), taken)) is not None:
            _car_seized(officer, other)
            made["assets"] += 1
        made["renewal_tasks"] = work.spawn_renewals(today)
        marker = SimulatedChunk.objects.create(signature=MARKER, key=MARKER, seed=0, cases=len(taken))
        record(
            Actor.system("zhiyuan simulate demo-work"), "simulation.demo_enforcement", obj=marker, after=made
        )
    return made
