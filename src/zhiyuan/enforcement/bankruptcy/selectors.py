"""The screening list for transfer to bankruptcy (执转破, 法发〔2017〕2号): enterprise debtors (legal persons
in the parties registry, one record per unified social credit code, so the same debtor is found across
courts) with enforcement cases (执, 执恢) that ended in 终本 or have stalled — open more than
:data:`STALLED_DAYS` days after filing — with how many such cases, at how many courts, and the total
unpaid (claims less what was recovered).

Scope: a user sees the debtors who have such a case in a court of their scope; the figures of each debtor
cover every court (the debtor's whole exposure is what the transfer decision weighs), while the case
numbers listed are only those of the user's courts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import CaseParty, Side
from zhiyuan.parties.models import PartyKind

STALLED_DAYS = 180
TYPES = ("执", "执恢")


@dataclass
class Debtor:
    """One enterprise debtor on the list."""

    party_id: int
    name: str
    cases: int
    courts: int
    claim: Decimal
    recovered: Decimal
    terminated: int
    own_cases: list[str] = field(default_factory=list)

    @property
    def unpaid(self) -> Decimal:
        """Claims less what was recovered (never below zero)."""
        return max(self.claim - self.recovered, Decimal("0.00"))


def _stuck(today: dt.date) -> QuerySet[CaseParty]:
    cutoff = today - dt.timedelta(days=STALLED_DAYS)
    return CaseParty.objects.filter(
        side=Side.DEFENDANT, party__kind=PartyKind.LEGAL_PERSON, case__type_code__in=TYPES
    ).filter(Q(case__closing_method="tcp") | Q(case__closed_on__isnull=True, case__filed_on__lte=cutoff))


def screening(user: Any, today: dt.date, limit: int = 500) -> list[Debtor]:
    """The debtors of ``user``'s scope on the list, the largest unpaid total first."""
    courts = scope_of(user).court_ids
    stuck = _stuck(today)
    mine = stuck.filter(case__court_id__in=courts).values("party_id")
    rows = (
        stuck.filter(party_id__in=mine)
        .values("party_id", "party__name")
        .annotate(
            cases=Count("case", distinct=True),
            courts=Count("case__court", distinct=True),
            claim=Sum("case__claim_amount"),
            recovered=Sum("case__recovered_amount"),
            terminated=Count("case", distinct=True, filter=Q(case__closing_method="tcp")),
        )
    )
    debtors = {
        r["party_id"]: Debtor(
            r["party_id"],
            r["party__name"],
            r["cases"],
            r["courts"],
            Decimal(r["claim"] or 0).quantize(Decimal("0.01")),
            Decimal(r["recovered"] or 0).quantize(Decimal("0.01")),
            r["terminated"],
        )
        for r in rows
    }
    for party_id, number in (
        stuck.filter(party_id__in=list(debtors), case__court_id__in=courts)
        .order_by("case__filed_on", "case_id")
        .values_list("party_id", "case__case_number")
    ):
        debtors[party_id].own_cases.append(number)
    return sorted(debtors.values(), key=lambda d: (-d.unpaid, d.name))[:limit]
