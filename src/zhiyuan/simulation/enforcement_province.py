"""Enforcement activity across the simulated province (``zhiyuan simulate enforcement``): a share of the
open enforcement cases (执, 执恢) of every court has property under control — bank deposits frozen (and
some money deducted), cars seized, flats sealed, a few flats valued and announced for auction — so the
command center's property block (人、案、物) and the expiry calendar show a province, not one court.

Synthetic data written in bulk (the province itself arrives through the bulk import path): the measures
take the law's periods (``measures.periods.term``: a year for deposits, two for movables, three for real
estate), a measure whose period has ended is recorded as lapsed, and each chunk is one transaction with
one audit record. Deterministic per seed; idempotent (a ``SimulatedChunk`` marker per chunk)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.enforcement.measures import periods
from zhiyuan.enforcement.models import (
    Asset,
    AssetClass,
    AssetStatus,
    Auction,
    Measure,
    MeasureKind,
    MeasureStatus,
    Valuation,
)
from zhiyuan.law.money import CENT
from zhiyuan.simulation.models import SimulatedChunk

MARKER = "province-enforcement"
WHO = Actor.system("zhiyuan simulate enforcement")
CHUNK = 500
#: the share of open enforcement cases with property under control
SHARE = 0.08
#: (class, measure, weight): what is found and controlled, most often money
FINDS = (
    (AssetClass.DEPOSIT, MeasureKind.FREEZE, 5),
    (AssetClass.VEHICLE, MeasureKind.SEIZURE, 2),
    (AssetClass.REAL_ESTATE, MeasureKind.SEAL, 2),
    (AssetClass.COMPANY_SHARE, MeasureKind.FREEZE, 1),
)
BANKS = ("工商银行", "农业银行", "中国银行", "建设银行", "贵州银行", "贵阳农商银行")


def _cases(seed: int) -> list[tuple[int, int, int, dt.date, Decimal]]:
    """(case, court, debtor party, filed on, claim) of the sampled open enforcement cases, in id order."""
    rows = list(
        Case.objects.filter(type_code__in=("执", "执恢"), closed_on__isnull=True, claim_amount__gt=0)
        .order_by("pk")
        .values_list("pk", "court_id", "filed_on", "claim_amount")
    )
    rng = random.Random(seed)
    picked = [r for r in rows if rng.random() < SHARE]
    debtors = dict(
        CaseParty.objects.filter(case_id__in=[r[0] for r in picked], side=Side.DEFENDANT)
        .order_by("case_id", "-pk")
        .values_list("case_id", "party_id")
    )
    return [
        (pk, court, debtors[pk], filed, Decimal(claim or 0))
        for pk, court, filed, claim in picked
        if pk in debtors
    ]


def _measure_rows(
    rng: random.Random, row: tuple[int, int, int, dt.date, Decimal], asset: Asset, kind: str, today: dt.date
) -> list[Measure]:
    pk, court, _debtor, filed, claim = row
    start = filed + dt.timedelta(days=rng.randint(3, max(3, min(400, (today - filed).days))))
    start = min(start, today)
    rule = periods.rule_for(asset.asset_class)
    t = periods.term(rule, start)
    amount = None
    if kind == MeasureKind.FREEZE and asset.asset_class == AssetClass.DEPOSIT:
        amount = (claim * Decimal(rng.uniform(0.05, 1.0))).quantize(CENT)
    live = t.ends_on >= today
    out = [
        Measure(
            case_id=pk,
            asset=asset,
            court_id=court,
            kind=kind,
            amount=amount,
            rule=rule,
            starts_on=start,
            first_start=start,
            ends_on=t.ends_on,
            citations=t.citations,
            status=MeasureStatus.ACTIVE if live else MeasureStatus.LAPSED,
            ended_on=None if live else t.ends_on + dt.timedelta(days=1),
        )
    ]
    if amount is not None and rng.random() < 0.3:  # part of the frozen money deducted
        on = min(start + dt.timedelta(days=rng.randint(5, 60)), today)
        part = (amount * Decimal(rng.uniform(0.1, 0.6))).quantize(CENT)
        out.append(
            Measure(
                case_id=pk,
                asset=asset,
                court_id=court,
                kind=MeasureKind.DEDUCTION,
                amount=part,
                status=MeasureStatus.DONE,
                starts_on=on,
                ended_on=on,
            )
        )
    return out


def _chunk(rows: list[tuple[int, int, int, dt.date, Decimal]], seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed)
    classes = [c for c, _k, w in FINDS for _ in range(w)]
    kinds: dict[str, str] = {str(c): str(k) for c, k, _w in FINDS}
    plan: list[tuple[tuple[int, int, int, dt.date, Decimal], Asset]] = []
    for row in rows:
        pk, _court, debtor, _filed, claim = row
        for n in range(rng.choice((1, 1, 1, 2))):
            cls = rng.choice(classes)
            value = (claim * Decimal(rng.uniform(0.3, 2.5))).quantize(CENT)
            ref = f"SIM-{pk}-{n}"
            where = rng.choice(BANKS) if cls == AssetClass.DEPOSIT else ""
            plan.append(
                (
                    row,
                    Asset(
                        case_id=pk,
                        asset_class=cls,
                        description=f"{AssetClass(cls).label}（模拟）{ref}",
                        register_ref=ref,
                        location=where,
                        owner_id=debtor,
                        estimated_value=None if cls == AssetClass.DEPOSIT else value,
                    ),
                )
            )
    made = Asset.objects.bulk_create([a for _r, a in plan], batch_size=CHUNK)
    measures: list[Measure] = []
    valuations: list[Valuation] = []
    auctions: list[Auction] = []
    for (row, _a), asset in zip(plan, made, strict=True):
        these = _measure_rows(rng, row, asset, kinds[asset.asset_class], today)
        measures.extend(these)
        held = any(m.status == MeasureStatus.ACTIVE for m in these if m.kind != MeasureKind.DEDUCTION)
        if not held:
            asset.status = AssetStatus.RELEASED
        elif asset.asset_class == AssetClass.REAL_ESTATE and rng.random() < 0.4 and asset.estimated_value:
            price = (asset.estimated_value * Decimal("0.9")).quantize(CENT)
            first = these[0].starts_on or today
            valued = min(first + dt.timedelta(days=45), today)
            valuations.append(Valuation(asset=asset, method="network", price=price, valued_on=valued))
            asset.status = AssetStatus.VALUING
            if rng.random() < 0.5:
                on = today + dt.timedelta(days=rng.randint(10, 40))
                reserve = (price * Decimal("0.7")).quantize(CENT)
                auctions.append(
                    Auction(
                        asset=asset,
                        round=1,
                        reference_price=price,
                        reserve=reserve,
                        min_reserve=reserve,
                        announced_on=on - dt.timedelta(days=30),
                        auction_on=on,
                    )
                )
                asset.status = AssetStatus.IN_AUCTION
    Asset.objects.bulk_update(
        [a for a in made if a.status != AssetStatus.SEIZED], ["status"], batch_size=CHUNK
    )
    Measure.objects.bulk_create(measures, batch_size=CHUNK)
    Valuation.objects.bulk_create(valuations, batch_size=CHUNK)
    Auction.objects.bulk_create(auctions, batch_size=CHUNK)
    return {"cases": len(rows), "assets": len(made), "measures": len(measures), "auctions": len(auctions)}


def ensure_province_activity(seed: int = 2026, today: dt.date | None = None) -> dict[str, int]:
    """Give the sampled open enforcement cases of the province their property and measures, chunk by
    chunk, skipping chunks made before; returns the totals made now."""
    from django.utils import timezone

    today = today or timezone.localdate()
    rows = _cases(seed)
    done = set(SimulatedChunk.objects.filter(signature=MARKER).values_list("key", flat=True))
    total: dict[str, Any] = {"cases": 0, "assets": 0, "measures": 0, "auctions": 0}
    for start in range(0, len(rows), CHUNK):
        key = f"{seed}:{start}"
        if key in done:
            continue
        with transaction.atomic():
            made = _chunk(rows[start : start + CHUNK], seed + start, today)
            marker = SimulatedChunk.objects.create(signature=MARKER, key=key, seed=seed, cases=made["cases"])
            record(WHO, "simulation.province_enforcement", obj=marker, after=made)
        for k, v in made.items():
            total[k] += v
    return total
