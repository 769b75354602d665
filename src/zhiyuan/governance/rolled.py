"""Indicators v1 from the rollup tables (:mod:`zhiyuan.governance.models`): the same figures as the live
SQL path of :mod:`zhiyuan.governance.selectors`, summed over per-court-day rows and per-decision facts
instead of the case table. Read these only when :func:`zhiyuan.governance.refresh.is_fresh` (the selectors
decide); the tests hold both paths to the same numbers on random case trees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from zhiyuan.governance.campaigns import Campaign
from zhiyuan.governance.definitions import (
    APPEAL_CIVIL,
    E_TYPES,
    FIRST_ENFORCEMENT,
    FIRST_INSTANCE_CIVIL,
    INDICATORS,
    MEDIATION_TYPES,
    amount,
    rate,
)
from zhiyuan.governance.models import (
    CampaignDay,
    CampaignFact,
    DayRollup,
    DecisionDay,
    DecisionFact,
    DerivativeDay,
    RootDay,
)
from zhiyuan.law.derivation import KINDS

_COUNTS = ("closed", "performed", "tcp", "first_closed", "first_tcp", "days")


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value or 0)


def _period(date_from: dt.date, date_to: dt.date) -> Q:
    return Q(day__gte=date_from, day__lte=date_to)


def court_counts(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date
) -> dict[int, dict[str, int]]:
    """Intake, closed and pending E cases per court: sums of the day rows (pending as of ``date_to`` is
    every E case filed by then less every one closed by then)."""
    rows = (
        DayRollup.objects.filter(court_id__in=court_ids, type_code__in=E_TYPES, day__lte=date_to)
        .values("court_id")
        .annotate(
            n_intake=Sum("filed", filter=Q(day__gte=date_from)),
            n_closed=Sum("closed", filter=Q(day__gte=date_from)),
            filed_by=Sum("filed"),
            closed_by=Sum("closed"),
        )
    )
    return {
        r["court_id"]: {
            "intake": r["n_intake"] or 0,
            "closed": r["n_closed"] or 0,
            "pending": (r["filed_by"] or 0) - (r["closed_by"] or 0),
        }
        for r in rows
    }


def _closed_sums(within: Q) -> dict[str, Any]:
    """The closed-case aggregates of the live path (same keys), over the day rows ``within``."""
    first = within & Q(type_code=FIRST_ENFORCEMENT)
    sums = {
        f"s_{key}": Sum(column, filter=within)
        for key, column in (
            ("closed", "closed"),
            ("performed", "performed"),
            ("tcp", "tcp"),
            ("recovered", "recovered"),
            ("claimed", "claimed"),
            ("claimed_recovered", "claimed_recovered"),
            ("days", "days"),
        )
    }
    return sums | {"s_first_closed": Sum("closed", filter=first), "s_first_tcp": Sum("tcp", filter=first)}


def _ints(row: dict[str, Any]) -> dict[str, Any]:
    """Aggregate names (``s_`` + the live path's key; the bare names are columns) back to the live keys,
    with counts as ints."""
    out = {k[2:] if k.startswith("s_") else k: v for k, v in row.items()}
    return {k: (int(v or 0) if k in _COUNTS else v) for k, v in out.items()}


E = Q(type_code__in=E_TYPES)
MEDIATION = Q(type_code__in=MEDIATION_TYPES)


def _days(court_ids: Collection[int]) -> Any:
    return DayRollup.objects.filter(court_id__in=list(court_ids)).order_by()


def day_figures(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """收结存, the closed-case figures and 诉前调解成功率, from the day rollups in one query; pending =
    filed by ``to`` − closed by ``to`` (a case never closes before it is filed: a constraint of the case
    table)."""
    from zhiyuan.governance.selectors import _closed_indicators

    within, to = _period(date_from, date_to), Q(day__lte=date_to)
    row = _ints(
        _days(court_ids).aggregate(
            intake=Sum("filed", filter=E & within),
            filed_by=Sum("filed", filter=E & to),
            closed_by=Sum("closed", filter=E & to),
            m_closed=Sum("closed", filter=MEDIATION & within),
            m_success=Sum("success", filter=MEDIATION & within),
            **_closed_sums(E & within),
        )
    )
    return {
        "intake": int(row["intake"] or 0),
        "closed": row["closed"],
        "pending": int(row["filed_by"] or 0) - int(row["closed_by"] or 0),
        **_closed_indicators(row),
        "m_closed": int(row["m_closed"] or 0),
        "m_success": int(row["m_success"] or 0),
    }


def decision_figures(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date, success: int
) -> dict[str, Any]:
    """民事裁判申请执行率 and the enforcement rate of the ``success`` successful mediations.

    A decision closed in the period counts as final unless appealed by ``to``, and as enforced when its
    (first) enforcement was filed by ``to``. The day rollups give the counts as if every appeal and
    enforcement ever filed came by ``to``; the facts closed in the period whose appeal or enforcement came
    *after* ``to`` (few: those near the period's end) correct them:

    - final = 民终 + 民初 never appealed + 民初 appealed after ``to`` (x1)
    - final and enforced = 民终 enforced + 民初 never appealed and enforced + x1 and enforced (x2)
      − final whose enforcement came after ``to`` (x3)
    - mediations enforced = ever enforced − enforced after ``to`` (x4)."""
    ids = list(court_ids)
    sums = (
        DecisionDay.objects.filter(court_id__in=ids, day__gte=date_from, day__lte=date_to)
        .order_by()
        .aggregate(
            appeals=Sum("decisions", filter=Q(role="final", type_code=APPEAL_CIVIL)),
            appeals_enforced=Sum("enforced", filter=Q(role="final", type_code=APPEAL_CIVIL)),
            first=Sum("unappealed", filter=Q(role="final", type_code=FIRST_INSTANCE_CIVIL)),
            first_enforced=Sum("unappealed_enforced", filter=Q(role="final", type_code=FIRST_INSTANCE_CIVIL)),
            mediations_enforced=Sum("enforced", filter=Q(role="mediation")),
        )
    )
    later_appeal = Q(role="final", type_code=FIRST_INSTANCE_CIVIL, appealed_on__gt=date_to)
    final = Q(role="final") & (
        Q(type_code=APPEAL_CIVIL) | Q(appealed_on__isnull=True) | Q(appealed_on__gt=date_to)
    )
    later_enforcement = Q(enforced_on__gt=date_to)
    late = (
        DecisionFact.objects.filter(court_id__in=ids, closed_on__gte=date_from, closed_on__lte=date_to)
        .filter(Q(appealed_on__gt=date_to) | later_enforcement)
        .aggregate(
            x1=Count("pk", filter=later_appeal),
            x2=Count("pk", filter=later_appeal & Q(enforced_on__isnull=False)),
            x3=Count("pk", filter=final & later_enforcement),
            x4=Count("pk", filter=Q(role="mediation") & later_enforcement),
        )
    )
    n = {k: int(v or 0) for k, v in (sums | late).items()}
    finals = n["appeals"] + n["first"] + n["x1"]
    enforced = n["appeals_enforced"] + n["first_enforced"] + n["x2"] - n["x3"]
    return {
        "judgment_to_enforcement_rate": rate(enforced, finals),
        "mediation_enforcement_rate": rate(n["mediations_enforced"] - n["x4"], success),
    }


def case_per_dispute(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> float | None:
    """案-件比 over the disputes whose root was filed in the scope and the period (one root per dispute)."""
    row = RootDay.objects.filter(
        court_id__in=list(court_ids), day__gte=date_from, day__lte=date_to
    ).aggregate(lc=Sum("litigation_cases"), ld=Sum("litigation_disputes"))
    return rate(int(row["lc"] or 0), int(row["ld"] or 0))


def derivative_counts(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Derived cases filed in the period by kind."""
    counts = dict(
        DerivativeDay.objects.filter(court_id__in=list(court_ids), day__gte=date_from, day__lte=date_to)
        .order_by()
        .values_list("kind")
        .annotate(n=Sum("cases"))
    )
    return {kind: int(counts.get(kind) or 0) for kind in KINDS}


def indicators_for(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date, *, single_roots: bool = True
) -> dict[str, Any]:
    """Every indicator of the registry, in registry order (案-件比 live when a dispute has two roots)."""
    from zhiyuan.cases.selectors import dispute_stats

    ids = sorted(court_ids)
    days = day_figures(ids, date_from, date_to)
    values: dict[str, Any] = {
        **days,
        "mediation_success_rate": rate(days["m_success"], days["m_closed"]),
        **decision_figures(ids, date_from, date_to, days["m_success"]),
        "case_per_dispute": (
            case_per_dispute(ids, date_from, date_to)
            if single_roots
            else dispute_stats(court_ids=ids, date_from=date_from, date_to=date_to)["case_per_dispute"]
        ),
        "derivative": derivative_counts(ids, date_from, date_to),
    }
    return {key: values[key] for key in INDICATORS}


def campaigns_for(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date, chosen: tuple[Campaign, ...]
) -> dict[str, dict[str, Any]]:
    """Each campaign's closed cases and recovered amount, from the campaign facts."""
    ids = list(court_ids)
    totals = {
        r["campaign"]: r
        for r in CampaignDay.objects.filter(court_id__in=ids, day__gte=date_from, day__lte=date_to)
        .order_by()
        .values("campaign")
        .annotate(n=Sum("cases"), a=Sum("recovered"))
    }
    # the cases whose derived case (the campaign's condition) was filed only after the period's end
    late = {
        r["campaign"]: r
        for r in CampaignFact.objects.filter(
            court_id__in=ids, closed_on__gte=date_from, closed_on__lte=date_to, since__gt=date_to
        )
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"), a=Sum("recovered"))
    }
    rows = {}
    for key, total in totals.items():
        minus = late.get(key, {"n": 0, "a": None})
        rows[key] = {"n": int(total["n"] or 0) - minus["n"], "a": _dec(total["a"]) - _dec(minus["a"])}
    out = {}
    for c in chosen:
        r = rows.get(c.id, {"n": 0, "a": None})
        out[c.id] = {"cases_closed": int(r["n"]), "amount_recovered": amount(_dec(r["a"]))}
    return out


def monthly_parts(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date
) -> tuple[int, dict[str, int], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """What the monthly trend is assembled from: pending before the period, intake by month, closed-case
    figures by month, mediations by month (keys "YYYY-MM")."""
    days = _days(court_ids)
    earlier = E & Q(day__lt=date_from)
    before = days.aggregate(f=Sum("filed", filter=earlier), c=Sum("closed", filter=earlier))
    pending = int(before["f"] or 0) - int(before["c"] or 0)
    by_month = days.filter(_period(date_from, date_to)).annotate(month=TruncMonth("day")).values("month")
    intake: dict[str, int] = {}
    closed: dict[str, dict[str, Any]] = {}
    mediation: dict[str, dict[str, Any]] = {}
    sums = _closed_sums(E) | {"filed_n": Sum("filed", filter=E)}
    sums |= {"m_closed": Sum("closed", filter=MEDIATION), "m_success": Sum("success", filter=MEDIATION)}
    for row in by_month.annotate(**sums):
        key = f"{row.pop('month'):%Y-%m}"
        intake[key] = int(row.pop("filed_n") or 0)
        mediation[key] = {"closed": int(row.pop("m_closed") or 0), "success": int(row.pop("m_success") or 0)}
        figures = _ints(row)
        if figures["closed"]:
            closed[key] = figures
    return pending, intake, closed, mediation
