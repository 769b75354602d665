"""Case funds on the demo officer's cases (``zhiyuan simulate demo-work``): voluntary payments into two
cases' accounts (the network's deduction is already booked by the ledger's hook), the title's last day of
performance on the richest case so its delay interest shows, and one disbursement to its first creditor
waiting for approval — through the funds services, dated back from ``today``.

Idempotent: a marker row (``SimulatedChunk`` with signature ``demo-funds``) records that it ran."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction

from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import CaseParty, Side
from zhiyuan.funds import selectors, services
from zhiyuan.simulation.enforcement_work import officer_cases
from zhiyuan.simulation.models import SimulatedChunk

MARKER = "demo-funds"


def ensure_funds_activity(officer: Any, today: dt.date) -> dict[str, int]:
    """Give the officer's open cases receipts and one pending disbursement unless it was done before."""
    if SimulatedChunk.objects.filter(signature=MARKER).exists():
        return {}
    cases = sorted(officer_cases(officer), key=lambda c: (-(c.claim_amount or 0), c.pk))[:2]
    made = {"receipts": 0, "disbursements": 0}
    with transaction.atomic():
        for n, case in enumerate(cases):
            claim = Decimal(case.claim_amount or 10000)
            amount = min(claim / 10, Decimal(8000)).quantize(Decimal("1"), ROUND_DOWN) + Decimal("0.50")
            on = max(case.filed_on, today - dt.timedelta(days=12 + 9 * n))
            services.post_receipt(
                officer, case, kind="voluntary", amount=str(amount), on=on, key=f"{MARKER}:{case.pk}:voluntary",
                counterparty="被执行人（演示）", note="被执行人主动交纳执行款",
            )  # fmt: skip
            made["receipts"] += 1
        if cases:
            richest = max(cases, key=selectors.balance)
            services.set_performance_due(officer, richest, richest.filed_on - dt.timedelta(days=45))
            creditor = (
                CaseParty.objects.filter(case=richest, side=Side.PLAINTIFF).order_by("position", "pk").first()
            )
            held = selectors.balance(richest)
            if creditor is not None and held > 0:
                services.request_disbursement(
                    officer, richest, party_id=creditor.party_id, amount=str(held), on=today,
                    note="发放申请执行人（演示）",
                )  # fmt: skip
                made["disbursements"] += 1
        marker = SimulatedChunk.objects.create(signature=MARKER, key=MARKER, seed=0, cases=len(cases))
        record(Actor.system("zhiyuan simulate demo-work"), "simulation.demo_funds", obj=marker, after=made)
    return made
