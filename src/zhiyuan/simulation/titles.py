"""Performance tracking for simulated decisions: the enforceable titles, their obligations, payments and
pre-enforcement urging periods, so the command center's 自动履行 figures have data.

Each emitted case whose decision became a title (``Spec.title_kind``, set by the lifecycle) gets a
:class:`~zhiyuan.performance.models.Title` with one payment obligation of the claim, due
``performance.performance_period_days`` after it took effect. Where the creditor applied for enforcement
the title is ``enforcement_applied`` (``lapsed`` while the application is still to come); otherwise the
debtor pays within ``performance.voluntary_delay_max_days`` (a confirmed payment, ``performed``) or is
still within the period on ``as_of``. A share (``performance.urging_share``) of applications and of late
payments pass through an urging period. Notices (DOCX documents) are left out: generating one per title
would multiply the run time; the demo accounts' titles get theirs through the services
(``simulation.demo_work``). Runs inside the chunk's transaction; an existing title is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.performance.models import (
    Obligation,
    PaymentReport,
    PaymentStatus,
    Title,
    TitleStatus,
    Urging,
    UrgingStatus,
)
from zhiyuan.simulation.lifecycle import Spec
from zhiyuan.simulation.parameters import Rates

SYSTEM = "zhiyuan simulate province"
DAY = dt.timedelta(days=1)


def _parties(links: Sequence[tuple[int, str, str]]) -> list[dict[str, object]]:
    """The title's parties as the performance app stores them: references C1…, D1… into party records."""
    out: list[dict[str, object]] = []
    counters: dict[str, int] = {Side.PLAINTIFF.value: 0, Side.DEFENDANT.value: 0}
    for party_id, side, name in links:
        if side not in counters:
            continue
        counters[side] += 1
        ref, role = ("C", "creditor") if side == Side.PLAINTIFF else ("D", "debtor")
        out.append({"ref": f"{ref}{counters[side]}", "name": name, "role": role, "party_id": party_id})
    return out


def record_titles(disputes: Sequence[Sequence[Spec]], as_of: dt.date, seed: int, rates: Rates) -> int:
    """Create the missing titles (with obligations, payments and urging periods) of the chunk's decided
    cases; returns how many titles."""
    wanted = [
        (d, i)
        for d in disputes
        for i, s in enumerate(d)
        if s.title_kind and s.effective_on is not None and s.effective_on <= as_of and s.filed_on <= as_of
    ]
    if not wanted:
        return 0
    numbers = {d[i].number for d, i in wanted} | {
        s.number for d, _ in wanted for s in d if s.type_code == "执" and s.filed_on <= as_of
    }
    ids = dict(Case.objects.filter(case_number__in=numbers).values_list("case_number", "pk"))
    have = set(Title.objects.filter(case_id__in=ids.values()).values_list("case_id", flat=True))
    links: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for case_id, party_id, side, name, recorded in (
        CaseParty.objects.filter(case_id__in=ids.values())
        .order_by("case_id", "side", "position")
        .values_list("case_id", "party_id", "side", "name", "party__name")
    ):
        links[case_id].append((party_id, side, name or recorded))
    period = DAY * int(rates["performance.performance_period_days"])
    delay_max = int(rates["performance.voluntary_delay_max_days"])
    urging_share = float(rates["performance.urging_share"])
    plans = []
    for specs, at in wanted:
        spec = specs[at]
        found = ids.get(spec.number)
        if found is None or found in have or spec.claim is None or spec.effective_on is None:
            continue
        case_id = found
        parties = _parties(links[case_id])
        if not any(p["role"] == "debtor" for p in parties) or not any(
            p["role"] == "creditor" for p in parties
        ):
            continue
        rng = random.Random(hashlib.sha256(f"{seed}\x1ftitle\x1f{spec.number}".encode()).digest())
        effective = spec.effective_on
        due = effective + period
        enforcement = next(
            (s for s in specs if s.type_code == "执" and s.origin == at and s.filed_on <= as_of), None
        )
        status, performed_on, urging = TitleStatus.PERFORMING, None, None
        if spec.enforcement_applied:
            if enforcement is not None:
                status = TitleStatus.ENFORCEMENT_APPLIED
                if rng.random() < urging_share:
                    start = max(effective, enforcement.filed_on - DAY * 15)
                    urging = (start, enforcement.filed_on, UrgingStatus.FILED, enforcement.number)
            elif due < as_of:
                status = TitleStatus.LAPSED
        else:
            paid = effective + DAY * rng.randint(0, delay_max)
            if paid <= as_of:
                status, performed_on = TitleStatus.PERFORMED, paid
                if paid > due and rng.random() < urging_share:
                    status = TitleStatus.CLOSED_WITHOUT_ENFORCEMENT
                    urging = (due + DAY, paid, UrgingStatus.PERFORMED, "")
            elif due < as_of:
                status = TitleStatus.LAPSED
        plans.append((case_id, spec, effective, spec.claim, parties, due, status, performed_on, urging))
    titles = Title.objects.bulk_create(
        [
            Title(
                case_id=case_id,
                kind=spec.title_kind,
                effective_on=effective,
                parties=parties,
                items=[
                    {
                        "obligors": [p["ref"] for p in parties if p["role"] == "debtor"][:1],
                        "obligee": next(p["ref"] for p in parties if p["role"] == "creditor"),
                        "type": "payment",
                        "amount": str(claim),
                        "due": due.isoformat(),
                    }
                ],
                status=status,
                total_amount=claim,
                performed_on=performed_on,
                on_time=performed_on is not None and performed_on <= due,
            )
            for case_id, spec, effective, claim, parties, due, status, performed_on, _ in plans
        ],
        batch_size=500,
    )
    if titles and titles[0].pk is None:  # a backend without RETURNING: read the keys back
        pks = dict(Title.objects.filter(case_id__in=[p[0] for p in plans]).values_list("case_id", "pk"))
        for title in titles:
            title.pk = pks[title.case_id]
    obligations, payments, urgings = [], [], []
    for title, (_, _, _, claim, parties, due, _, performed_on, urging) in zip(titles, plans, strict=True):
        debtor = next(p["ref"] for p in parties if p["role"] == "debtor")
        creditor = next(p["ref"] for p in parties if p["role"] == "creditor")
        obligations.append(
            Obligation(
                title=title,
                item=1,
                kind="payment",
                obligors=[debtor],
                obligee=str(creditor),
                amount=claim,
                due=due,
                paid=claim if performed_on else Decimal(0),
                met_on=performed_on,
            )
        )
        if performed_on is not None:
            payments.append(
                PaymentReport(
                    title=title,
                    payer_ref=str(debtor),
                    paid_on=performed_on,
                    amount=claim,
                    evidence="银行转账凭证（模拟）",
                    status=PaymentStatus.CONFIRMED,
                    reported_by=SYSTEM,
                    confirmed_by=SYSTEM,
                )
            )
        if urging is not None:
            start, end, urging_status, number = urging
            urgings.append(
                Urging(
                    title=title,
                    applicant_ref=str(creditor),
                    applied_on=start,
                    ends_on=end,
                    status=urging_status,
                    closed_on=end,
                    enforcement_case_id=ids.get(number) if number else None,
                    opened_by=SYSTEM,
                )
            )
    Obligation.objects.bulk_create(obligations, batch_size=500)
    PaymentReport.objects.bulk_create(payments, batch_size=500)
    Urging.objects.bulk_create(urgings, batch_size=500)
    return len(titles)
