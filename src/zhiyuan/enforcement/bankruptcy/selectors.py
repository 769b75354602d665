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
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.enforcement.models import Consent, Transfer, TransferCase
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
    consent: str = "none"
    transfer_state: str = ""

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
    listed = sorted(debtors.values(), key=lambda d: (-d.unpaid, d.name))[:limit]
    status = status_by_debtor([d.party_id for d in listed])
    for d in listed:
        d.consent, d.transfer_state = status[d.party_id]
    return listed


#: the rule's missing codes in words (zh, en)
MISSING = {
    "debtor_kind": ("被执行人不是企业法人", "the debtor is not an enterprise legal person"),
    "written_consent": (
        "被执行人或任何一个执行案件的申请执行人尚未书面同意",
        "neither the debtor nor any applicant has consented in writing",
    ),
    "unable_to_pay_due_debts": (
        "未认定被执行人不能清偿到期债务",
        "the debtor is not found unable to pay debts due",
    ),
    "insolvent_or_clearly_unable": (
        "未认定资产不足以清偿全部债务或者明显缺乏清偿能力",
        "the debtor is not found insolvent or clearly unable to pay",
    ),
}


def consent_of(party_id: int) -> str:
    """The debtor's consent status for the rule: ``debtor`` when it consented in writing (in any case),
    else ``applicant`` when an applicant of any case against it did, else ``none``."""
    given = set(Consent.objects.filter(debtor_id=party_id).values_list("by", flat=True))
    return "debtor" if "debtor" in given else "applicant" if given else "none"


def consents(case: Case) -> QuerySet[Consent]:
    """The consents recorded on ``case``, latest first."""
    return Consent.objects.filter(case=case).select_related("party", "debtor")


def transfers_of(case: Case) -> list[Transfer]:
    """The transfers that concern ``case``: proposed on it, binding it, or filed as it (its 破申 case)."""
    bound = TransferCase.objects.filter(case=case).values("transfer_id")
    return list(
        Transfer.objects.filter(Q(case=case) | Q(pk__in=bound) | Q(bankruptcy_case=case))
        .select_related("case", "court", "debtor", "receiving_court", "bankruptcy_case")
        .order_by("-proposed_on", "-pk")
    )


def links_of(transfer: Transfer) -> QuerySet[TransferCase]:
    """Every enforcement case the decision touched."""
    return transfer.links.select_related("case", "case__court").order_by("role", "case_id")


def status_by_debtor(party_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Per debtor: its consent status and its latest transfer's state (or "")."""
    consent = dict.fromkeys(party_ids, "none")
    for p, by in Consent.objects.filter(debtor_id__in=party_ids).values_list("debtor_id", "by"):
        consent[p] = "debtor" if by == "debtor" or consent[p] == "debtor" else "applicant"
    latest: dict[int, str] = {}
    for p, state in (
        Transfer.objects.filter(debtor_id__in=party_ids).order_by("pk").values_list("debtor_id", "state")
    ):
        latest[p] = state
    return {p: (consent[p], latest.get(p, "")) for p in party_ids}
