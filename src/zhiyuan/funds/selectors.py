"""Reads of the ledger: a case's account, balance and postings, its pending disbursements, what the debtor
owes (claim + enforcement fee + delay interest − paid), receipts not paid out within the law's period, and
the ledger's invariants (for tests and the verification of a court's books)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from zhiyuan.cases.models import Case
from zhiyuan.courts import selectors as courts
from zhiyuan.funds.models import (
    OUTFLOWS,
    RECEIPTS,
    Account,
    AccountKind,
    Disbursement,
    DisbursementStatus,
    Entry,
    Posting,
    PostingKind,
)
from zhiyuan.law import deadlines, fees, interest
from zhiyuan.law.errors import LawError

ZERO = Decimal("0.00")
#: SQLite sums decimal columns in floating point (-0.01 + 0.01 may come back as 1e-17): sums compared in the
#: database are compared to half a cent, never to an exact zero
HALF_CENT = Decimal("0.005")
DEADLINE = "funds_disbursement"
READERS = frozenset({"funds:view", "funds:receive", "funds:disburse"})


def account_of(case: Case) -> Account | None:
    """The case's account (None before its first posting)."""
    return Account.objects.filter(case=case).first()


def balance(case: Case) -> Decimal:
    """Money held for the case now (derived from the entries)."""
    total = Entry.objects.filter(account__case=case).aggregate(s=Sum("amount"))["s"]
    return (ZERO - Decimal(total or 0)).quantize(ZERO)


def postings(case: Case) -> QuerySet[Posting]:
    """The case's postings, oldest first, with their entries and reversals."""
    return (
        Posting.objects.filter(account__case=case)
        .select_related("reverses", "reversed_by")
        .prefetch_related("entries__account")
        .order_by("on", "pk")
    )


def disbursements(case: Case) -> QuerySet[Disbursement]:
    """The case's disbursement requests, newest first, with their approvals."""
    return Disbursement.objects.filter(account__case=case).prefetch_related("approvals").order_by("-pk")


def _net(case: Case, kinds: Iterable[str]) -> list[tuple[dt.date, Decimal]]:
    """Postings of ``kinds`` on the case not reversed, as (day, amount)."""
    rows = Posting.objects.filter(account__case=case, kind__in=list(kinds), reversed_by__isnull=True)
    return [(on, Decimal(a)) for on, a in rows.order_by("on", "pk").values_list("on", "amount")]


@dataclass(frozen=True)
class Owed:
    """What the debtor owes on a day: the claim, the enforcement fee, the doubled delay interest, less what
    was paid into the case (receipts not reversed, less refunds); each figure with its citations, or the
    reason it could not be computed."""

    claim: Decimal | None
    fee: Decimal | None
    interest: Decimal | None
    paid: Decimal
    owed: Decimal | None
    on: dt.date
    due: dt.date | None
    notes: tuple[str, ...]
    citations: tuple[str, ...]


def owed(case: Case, on: dt.date) -> Owed:
    """What the debtor owes on ``on`` (``law.fee`` enforcement kind on the claim as of filing;
    ``law.delay-interest`` on the claim from the title's last day of performance, with the receipts as
    payments)."""
    params = courts.reference().params
    receipts = _net(case, RECEIPTS)
    refunds = _net(case, [PostingKind.REFUND])
    paid = sum((a for _, a in receipts), ZERO) - sum((a for _, a in refunds), ZERO)
    claim = Decimal(case.claim_amount) if case.claim_amount else None
    account = account_of(case)
    due = account.performance_due if account is not None else None
    notes: list[str] = []
    citations: list[str] = []
    fee = doubled = None
    if claim is None:
        notes.append("no_claim")
    else:
        try:
            out = fees.compute(
                {"kind": "enforcement", "amount": str(claim), "on": case.filed_on.isoformat()}, params
            )
            fee = Decimal(out["fee"])
            citations += [c["instrument"] + c.get("article", "") for c in out.get("citations", [])]
        except LawError as err:
            notes.append(err.code)
        if due is None:
            notes.append("no_performance_due")
        elif on >= due:
            try:
                facts = {
                    "debt": str(claim),
                    "due": due.isoformat(),
                    "until": on.isoformat(),
                    "payments": [{"on": d.isoformat(), "amount": str(a)} for d, a in receipts if d <= on],
                }
                out = interest.compute(facts, params)
                doubled = Decimal(out["doubled_interest"])
                citations += [c["instrument"] + c.get("article", "") for c in out.get("citations", [])]
            except LawError as err:
                notes.append(err.code)
    total = None
    if claim is not None:
        total = max(claim + (fee or ZERO) + (doubled or ZERO) - paid, ZERO)
    return Owed(claim, fee, doubled, paid, total, on, due, tuple(notes), tuple(dict.fromkeys(citations)))


def due_date(received_on: dt.date) -> dt.date:
    """The last day to pay out money received on ``received_on`` (``law.deadline`` funds_disbursement)."""
    ref = courts.reference()
    out = deadlines.compute({"rule": DEADLINE, "start": received_on.isoformat()}, ref.params, ref.calendar)
    return dt.date.fromisoformat(out["due"])


def _first_in_first_out(
    receipts: list[tuple[dt.date, Decimal, str]], gone: Decimal
) -> list[tuple[dt.date, Decimal, str]]:
    """What is left of ``receipts`` (oldest first) once ``gone`` has left, oldest paid first."""
    left = list(receipts)
    while left and gone >= left[0][1]:
        gone -= left.pop(0)[1]
    if left:
        left[0] = (left[0][0], left[0][1] - gone, left[0][2])
    return left


def unpaid_receipts(case: Case) -> list[tuple[dt.date, Decimal, str]]:
    """The case's receipts (not reversed) not yet paid out, oldest first, as (day, part still held,
    source): money leaves first in, first out — the outflows (disbursements, refunds, fees, costs, net of
    reversals) pay the oldest receipt first."""
    rows = Posting.objects.filter(account__case=case, kind__in=list(RECEIPTS), reversed_by__isnull=True)
    receipts = [
        (on, Decimal(a), src)
        for on, a, src in rows.order_by("on", "pk").values_list("on", "amount", "source")
    ]
    return _first_in_first_out(receipts, sum((a for _, a in _net(case, OUTFLOWS)), ZERO))


def paid_out_sources(case: Case) -> list[str]:
    """The sources (``measure:<id>``) of the case's receipts wholly paid out (first in, first out)."""
    rows = Posting.objects.filter(account__case=case, kind__in=list(RECEIPTS), reversed_by__isnull=True)
    unpaid = {src for _, _, src in unpaid_receipts(case)}
    return [src for src in rows.exclude(source="").values_list("source", flat=True) if src not in unpaid]


@dataclass(frozen=True)
class Overdue:
    """A case holding money received more than the law's period ago: the oldest such receipt's day, its
    due day, and how much of the money received by then is still held."""

    case_id: int
    case_number: str
    court_id: int
    received_on: dt.date
    due: dt.date
    outstanding: Decimal


def overdue_receipts(court_ids: Iterable[int] | None, today: dt.date) -> list[Overdue]:
    """For the command center, per court (all courts when ``court_ids`` is None): the cases whose receipts
    were not paid out by their due day (30 days, ``funds_disbursement``). Money leaves a case first in,
    first out: a receipt counts as paid out once the outflows (disbursements, refunds, fees, costs, net of
    reversals) reach it. Most overdue first."""
    accounts = Account.objects.filter(kind=AccountKind.CASE)
    if court_ids is not None:
        accounts = accounts.filter(court_id__in=list(court_ids))
    held = accounts.annotate(s=Sum("entries__amount")).filter(s__lt=-HALF_CENT)
    cases = {a.case_id: a for a in held.select_related("case") if a.case_id is not None}
    receipts: dict[int, list[tuple[dt.date, Decimal, str]]] = defaultdict(list)
    gone: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = Posting.objects.filter(
        account__case_id__in=list(cases), kind__in=[*RECEIPTS, *OUTFLOWS], reversed_by__isnull=True
    )
    for case_id, kind, on, amount, source in rows.order_by("on", "pk").values_list(
        "account__case_id", "kind", "on", "amount", "source"
    ):  # one query for every account, not two per account
        if kind in RECEIPTS:
            receipts[case_id].append((on, Decimal(amount), source))
        else:
            gone[case_id] += Decimal(amount)
    out: list[Overdue] = []
    for case_id, account in cases.items():
        case = account.case
        assert case is not None
        left = _first_in_first_out(receipts[case_id], gone[case_id])
        late = [(d, a) for d, a, _ in left if due_date(d) < today]
        if late:
            first = late[0][0]
            out.append(
                Overdue(
                    case.pk,
                    case.case_number,
                    case.court_id,
                    first,
                    due_date(first),
                    sum((a for _, a in late), ZERO),
                )
            )
    return sorted(out, key=lambda o: (o.due, o.case_number))


def pending_count(court_ids: Iterable[int] | None) -> int:
    """Disbursement requests waiting for approval (for a workbench or the command center)."""
    qs = Disbursement.objects.filter(status=DisbursementStatus.PENDING)
    if court_ids is not None:
        qs = qs.filter(account__court_id__in=list(court_ids))
    return qs.count()


def invariants() -> list[str]:
    """What is wrong with the books (empty when nothing): a posting whose entries do not sum to zero, a
    case account below zero, a disbursement posting without a met approval."""
    problems: list[str] = []
    for row in Posting.objects.annotate(s=Sum("entries__amount"), n=Count("entries")).filter(
        Q(s__gt=HALF_CENT) | Q(s__lt=-HALF_CENT) | Q(n__lt=2)
    ):
        problems.append(f"posting {row.pk} does not balance")
    for row in (
        Account.objects.filter(kind=AccountKind.CASE)
        .annotate(s=Sum("entries__amount"))
        .filter(s__gt=HALF_CENT)
    ):
        problems.append(f"account {row.pk} below zero")
    paid: dict[int, int] = defaultdict(int)
    for d in Disbursement.objects.filter(posting__isnull=False).prefetch_related("approvals"):
        approvals = list(d.approvals.all())
        people = {a.approver_id for a in approvals}
        ok = len(people) >= d.approvals_needed and d.requested_by_id not in people
        ok = ok and (not d.final_role or any(d.final_role in a.roles.split(",") for a in approvals))
        if not ok:
            problems.append(f"disbursement {d.pk} paid without approval")
        paid[d.posting_id or 0] += 1
    for p in Posting.objects.filter(kind=PostingKind.DISBURSEMENT):
        if paid.get(p.pk) != 1:
            problems.append(f"disbursement posting {p.pk} has no approved request")
    return problems


def summary(case: Case) -> dict[str, Any]:
    """Totals of the case's postings by kind (net of reversals)."""
    out = {k: ZERO for k in PostingKind.values if k != PostingKind.REVERSAL}
    rows = (
        Posting.objects.filter(account__case=case, reversed_by__isnull=True)
        .exclude(kind=PostingKind.REVERSAL)
        .values_list("kind")
        .annotate(s=Sum("amount"))
    )
    for kind, total in rows:
        out[kind] = Decimal(total)
    return out


def money_by_case(case_ids: Iterable[int] | QuerySet[Any]) -> dict[int, dict[str, Decimal]]:
    """For each case with postings: ``received`` (receipts: deductions, voluntary payments, auction
    proceeds) and ``disbursed`` (paid out to the applicants), net of reversals — one GROUP BY."""
    out: dict[int, dict[str, Decimal]] = {}
    rows = (
        Posting.objects.filter(
            account__case_id__in=case_ids if isinstance(case_ids, QuerySet) else list(case_ids),
            reversed_by__isnull=True,
            kind__in=[*RECEIPTS, PostingKind.DISBURSEMENT],
        )
        .order_by()
        .values_list("account__case_id", "kind")
        .annotate(s=Sum("amount"))
    )
    for case_id, kind, total in rows:
        entry = out.setdefault(case_id, {"received": ZERO, "disbursed": ZERO})
        key = "disbursed" if kind == PostingKind.DISBURSEMENT else "received"
        entry[key] = (entry[key] + Decimal(total)).quantize(ZERO)
    return out
