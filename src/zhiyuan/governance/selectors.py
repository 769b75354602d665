"""Indicators v1 from the database: the same numbers as :mod:`zhiyuan.governance.definitions`, by one of
two paths that the tests hold to each other and to the definitions:

- ``live``: a few SQL aggregates over the case table (conditional aggregation, EXISTS subqueries, GROUP BY
  month) — always current, but a province-year takes tens of seconds;
- ``rollup``: sums over the rollup tables (:mod:`zhiyuan.governance.rolled`), rebuilt by
  ``zhiyuan indicators refresh`` and automatically after writes — well under a second.

``path="auto"`` (the default: CLI, API) reads the rollups only when they describe the data as it is now
(:func:`zhiyuan.governance.refresh.is_fresh`) and otherwise reads live and asks for a refresh, so its
numbers are always exact. ``path="rollup"`` reads the rollups as of their last refresh (a dashboard that
shows when that was); it reads live when there has been no refresh yet.

Entry points (used by the CLI, the API and the command center):
``report``, ``indicators_for``, ``campaigns_for``, ``monthly``, ``courts_for``, ``court_codes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from functools import reduce
from operator import and_
from typing import Any, Literal

from django.db.models import Case as SqlCase
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, When
from django.db.models.expressions import Func
from django.db.models.functions import TruncMonth

from zhiyuan.accounts.scoping import district
from zhiyuan.cases.models import Case
from zhiyuan.cases.selectors import dispute_stats
from zhiyuan.courts.models import Court, CourtAlias
from zhiyuan.governance import refresh as rollups
from zhiyuan.governance import rolled

# what the command center's saved campaigns use of this app (same-layer apps talk through selectors)
from zhiyuan.governance.campaigns import Campaign as Campaign
from zhiyuan.governance.campaigns import campaigns as campaigns
from zhiyuan.governance.campaigns import parse as parse
from zhiyuan.governance.campaigns import seeded_entries as seeded_entries
from zhiyuan.governance.campaigns import use_source as use_source
from zhiyuan.governance.definitions import (
    APPEAL_CIVIL,
    DECISION_METHODS,
    E_TYPES,
    ENFORCEMENT_KIND,
    FIRST_ENFORCEMENT,
    FIRST_INSTANCE_CIVIL,
    INDICATORS,
    MEDIATION_SUCCESS,
    MEDIATION_TYPES,
    PERFORMED,
    TCP,
    amount,
    mean_days,
    rate,
)
from zhiyuan.law.derivation import KINDS
from zhiyuan.law.errors import LawError


class DaysBetween(Func):
    """``later − earlier`` in whole days, for two date columns (PostgreSQL: date − date is an integer)."""

    output_field = IntegerField()
    arity = 2
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


# --------------------------------------------------------------------------------------------- scope
def court_named(court_code: str) -> Court | None:
    """The court of this code or alias code."""
    return (
        Court.objects.filter(code=court_code).first()
        or Court.objects.filter(aliases__code=court_code).first()
    )


def courts_for(court_code: str, subtree: bool) -> list[int]:
    """Ids of the court (or its whole district with ``subtree``); empty for an unknown code."""
    court = court_named(court_code)
    if court is None:
        return []
    return sorted(district(court.pk)) if subtree else [court.pk]


def court_codes(court_ids: Collection[int]) -> frozenset[str]:
    """Every code (and alias code) of the courts: the scope as the export's case numbers name it."""
    codes = set(Court.objects.filter(pk__in=court_ids).values_list("code", flat=True))
    codes |= set(CourtAlias.objects.filter(court_id__in=court_ids).values_list("code", flat=True))
    return frozenset(codes)


def _in(court_ids: Collection[int]) -> QuerySet[Case]:
    return Case.objects.filter(court_id__in=list(court_ids)).order_by()


def _closed_in(date_from: dt.date, date_to: dt.date) -> Q:
    return Q(closed_on__gte=date_from, closed_on__lte=date_to)


def _e_cases(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> QuerySet[Case]:
    """E cases that count for the period: filed by its end and not closed before its start."""
    return (
        _in(court_ids)
        .filter(type_code__in=E_TYPES, filed_on__lte=date_to)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))
    )


def _sum(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value or 0)


def _closed_figures(**filters: Q) -> dict[str, Any]:
    """The conditional aggregates over closed E cases (``closed`` is the condition of being closed)."""
    c = filters["closed"]
    claimed = c & Q(claim_amount__gt=0)
    return {
        "closed": Count("pk", filter=c),
        "performed": Count("pk", filter=c & Q(closing_method__in=PERFORMED)),
        "tcp": Count("pk", filter=c & Q(closing_method=TCP)),
        "first_closed": Count("pk", filter=c & Q(type_code=FIRST_ENFORCEMENT)),
        "first_tcp": Count("pk", filter=c & Q(type_code=FIRST_ENFORCEMENT, closing_method=TCP)),
        "recovered": Sum("recovered_amount", filter=c),
        "claimed": Sum("claim_amount", filter=claimed),
        # each case counts at most its claim (definitions.recovered_within_claim)
        "claimed_recovered": Sum(
            SqlCase(
                When(recovered_amount__gt=F("claim_amount"), then=F("claim_amount")),
                default=F("recovered_amount"),
            ),
            filter=claimed,
        ),
        "days": Sum(DaysBetween(F("closed_on"), F("filed_on")), filter=c),
    }


def _closed_indicators(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "full_performance_rate": rate(row["performed"], row["closed"]),
        "tcp_rate": rate(row["tcp"], row["closed"]),
        "first_enforcement_tcp_rate": rate(row["first_tcp"], row["first_closed"]),
        "recovery_rate": rate(_sum(row["claimed_recovered"]), _sum(row["claimed"])),
        "recovered_amount": amount(_sum(row["recovered"])),
        "mean_enforcement_days": mean_days(int(row["days"] or 0), row["closed"]),
    }


# -------------------------------------------------------------------------------------- indicators
def _enforcement_figures(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    row = _e_cases(court_ids, date_from, date_to).aggregate(
        intake=Count("pk", filter=Q(filed_on__gte=date_from)),
        pending=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)),
        **_closed_figures(closed=_closed_in(date_from, date_to)),
    )
    return {
        "intake": row["intake"],
        "closed": row["closed"],
        "pending": row["pending"],
        **_closed_indicators(row),
    }


def _derived(kind: Q, date_to: dt.date) -> Exists:
    return Exists(Case.objects.filter(kind, origin_id=OuterRef("pk"), filed_on__lte=date_to))


def judgment_to_enforcement(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> float | None:
    """民事裁判申请执行率 (see the definition in the registry)."""
    appealed = _derived(Q(type_code=APPEAL_CIVIL), date_to)
    row = (
        _in(court_ids)
        .filter(_closed_in(date_from, date_to), closing_method__in=DECISION_METHODS)
        .filter(Q(type_code=APPEAL_CIVIL) | (Q(type_code=FIRST_INSTANCE_CIVIL) & ~appealed))
        .aggregate(
            final=Count("pk"),
            enforced=Count("pk", filter=_derived(Q(derivative_kind=ENFORCEMENT_KIND), date_to)),
        )
    )
    return rate(row["enforced"], row["final"])


def _mediation_figures(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    success = Q(closing_method__in=MEDIATION_SUCCESS)
    enforced = Exists(
        Case.objects.filter(
            dispute_id=OuterRef("dispute_id"), derivative_kind=ENFORCEMENT_KIND, filed_on__lte=date_to
        )
    )
    row = (
        _in(court_ids)
        .filter(_closed_in(date_from, date_to), type_code__in=MEDIATION_TYPES)
        .aggregate(
            closed=Count("pk"),
            success=Count("pk", filter=success),
            enforced=Count("pk", filter=success & Q(enforced)),
        )
    )
    return {
        "mediation_success_rate": rate(row["success"], row["closed"]),
        "mediation_enforcement_rate": rate(row["enforced"], row["success"]),
    }


def derivative_counts(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Cases filed in the period by derivative kind (every kind, zeros included)."""
    counts = dict(
        _in(court_ids)
        .filter(filed_on__gte=date_from, filed_on__lte=date_to)
        .exclude(derivative_kind="")
        .values_list("derivative_kind")
        .annotate(n=Count("pk"))
    )
    return {kind: counts.get(kind, 0) for kind in KINDS}


def live_indicators_for(court_ids: Collection[int], date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Every indicator of the registry for the courts and the period, in registry order (live)."""
    ids = sorted(court_ids)
    values: dict[str, Any] = {
        **_enforcement_figures(ids, date_from, date_to),
        "judgment_to_enforcement_rate": judgment_to_enforcement(ids, date_from, date_to),
        **_mediation_figures(ids, date_from, date_to),
        "case_per_dispute": dispute_stats(court_ids=ids, date_from=date_from, date_to=date_to)[
            "case_per_dispute"
        ],
        "derivative": derivative_counts(ids, date_from, date_to),
    }
    return {key: values[key] for key in INDICATORS}


# --------------------------------------------------------------------------------------- campaigns
def campaign_filter(c: Campaign, date_to: dt.date) -> Q:
    """The SQL form of :meth:`Campaign.matches`."""
    match = static_filter(c)
    if c.derived_kinds:
        match &= Q(_derived(Q(derivative_kind__in=c.derived_kinds), date_to))
    return match


def static_filter(c: Campaign) -> Q:
    """The conditions of a campaign that do not depend on the period (all but ``derived_kinds``)."""
    parts: list[Q] = []
    if c.causes:
        cause = Q(cause_text__in=c.causes)
        if c.dispute_causes:
            first = Case.objects.filter(
                dispute_id=OuterRef("dispute_id"), origin__isnull=True, cause_text__in=c.causes
            )
            cause |= Q(Exists(first))
        parts.append(cause)
    if c.claim_max is not None:
        parts.append(Q(claim_amount__lte=c.claim_max))
    if c.claim_min is not None:
        parts.append(Q(claim_amount__gte=c.claim_min))
    if c.origin_types:
        parts.append(Q(origin__type_code__in=c.origin_types))
    if c.type_codes:
        parts.append(Q(type_code__in=c.type_codes))
    if c.courts:
        parts.append(Q(court__code__in=c.courts))
    return reduce(and_, parts, Q())


def campaign_cases(
    c: Campaign, court_ids: Collection[int], date_from: dt.date, date_to: dt.date
) -> QuerySet[Case]:
    """The closed E cases of the period that campaign ``c`` counts (the cases behind its figures)."""
    return (
        _in(court_ids)
        .filter(_closed_in(date_from, date_to), type_code__in=E_TYPES)
        .filter(campaign_filter(c, date_to))
    )


def live_campaigns_for(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date, chosen: tuple[Campaign, ...]
) -> dict[str, dict[str, Any]]:
    """Each campaign's ``cases_closed`` and ``amount_recovered`` over the closed E cases of the period."""
    if not chosen:
        return {}
    aggregates: dict[str, Any] = {}
    for i, c in enumerate(chosen):
        match = campaign_filter(c, date_to)
        aggregates[f"n{i}"] = Count("pk", filter=match)
        aggregates[f"a{i}"] = Sum("recovered_amount", filter=match)
    row = _in(court_ids).filter(_closed_in(date_from, date_to), type_code__in=E_TYPES).aggregate(**aggregates)
    return {
        c.id: {"cases_closed": row[f"n{i}"], "amount_recovered": amount(_sum(row[f"a{i}"]))}
        for i, c in enumerate(chosen)
    }


# ----------------------------------------------------------------------------------------- monthly
def _months(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    months, month = [], date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _month_key(value: Any) -> str:
    return f"{value:%Y-%m}" if value is not None else ""


def live_monthly_parts(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date
) -> tuple[int, dict[str, int], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Pending before the period, intake, closed-case figures and mediations by month, with GROUP BY month
    over the case table."""
    ids = sorted(court_ids)
    e = _in(ids).filter(type_code__in=E_TYPES)
    base = e.filter(filed_on__lt=date_from).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))
    pending = base.count()
    intake = dict(
        e.filter(filed_on__gte=date_from, filed_on__lte=date_to)
        .annotate(month=TruncMonth("filed_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    closed_rows = {
        _month_key(row.pop("month")): row
        for row in e.filter(_closed_in(date_from, date_to))
        .annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(**_closed_figures(closed=Q(pk__isnull=False)))
    }
    mediation = {
        _month_key(row["month"]): row
        for row in _in(ids)
        .filter(_closed_in(date_from, date_to), type_code__in=MEDIATION_TYPES)
        .annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(closed=Count("pk"), success=Count("pk", filter=Q(closing_method__in=MEDIATION_SUCCESS)))
    }
    return pending, {_month_key(k): v for k, v in intake.items()}, closed_rows, mediation


def assemble_months(
    date_from: dt.date,
    date_to: dt.date,
    parts: tuple[int, dict[str, int], dict[str, dict[str, Any]], dict[str, dict[str, Any]]],
) -> list[dict[str, Any]]:
    """The monthly rows from their parts (either path's)."""
    pending, intake_by, closed_rows, mediation = parts
    empty: dict[str, Any] = dict.fromkeys(
        ("closed", "performed", "tcp", "first_closed", "first_tcp", "days"), 0
    )
    empty |= {"recovered": None, "claimed": None, "claimed_recovered": None}
    out = []
    for month in _months(date_from, date_to):
        key = f"{month:%Y-%m}"
        row = closed_rows.get(key, empty)
        med = mediation.get(key, {"closed": 0, "success": 0})
        pending += intake_by.get(key, 0) - row["closed"]
        out.append(
            {
                "month": key,
                "intake": intake_by.get(key, 0),
                "closed": row["closed"],
                "pending": pending,
                **_closed_indicators(row),
                "mediation_success_rate": rate(med["success"], med["closed"]),
            }
        )
    return out


# -------------------------------------------------------------------------------------------- paths
Path = Literal["auto", "live", "rollup"]
PATHS: tuple[Path, ...] = ("auto", "live", "rollup")


def _rolled(path: Path, configured: tuple[Campaign, ...] | None = None) -> bool:
    """Read the rollups? ``auto``: only when fresh (else a refresh is requested); ``rollup``: when built."""
    if path == "live":
        return False
    if path == "rollup":
        state = rollups.state()
        return state is not None and state.refreshed_at is not None
    if rollups.is_fresh(configured):
        return True
    from zhiyuan.governance.tasks import request_refresh

    request_refresh()
    return False


def live_court_counts(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date
) -> dict[int, dict[str, int]]:
    """Intake, closed and pending E cases per court, in one grouped query over the case table."""
    rows = (
        Case.objects.filter(court_id__in=court_ids, type_code__in=E_TYPES, filed_on__lte=date_to)
        .values("court_id")
        .annotate(
            intake=Count("pk", filter=Q(filed_on__gte=date_from)),
            closed=Count("pk", filter=_closed_in(date_from, date_to)),
            pending=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)),
        )
    )
    return {r["court_id"]: {k: r[k] for k in ("intake", "closed", "pending")} for r in rows}


def court_counts(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date, *, path: Path = "auto"
) -> dict[int, dict[str, int]]:
    """``intake``, ``closed`` and ``pending`` of each court on its own (no subtree), by ``path``; courts
    with no E case are absent."""
    counts = rolled.court_counts if _rolled(path) else live_court_counts
    return {k: v for k, v in counts(court_ids, date_from, date_to).items() if any(v.values())}


def _single_roots() -> bool:
    state = rollups.state()
    return state is None or state.single_roots


def indicators_for(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date, *, path: Path = "auto"
) -> dict[str, Any]:
    """Every indicator of the registry for the courts and the period, in registry order."""
    if _rolled(path):
        return rolled.indicators_for(court_ids, date_from, date_to, single_roots=_single_roots())
    return live_indicators_for(court_ids, date_from, date_to)


def campaigns_for(
    court_ids: Collection[int],
    date_from: dt.date,
    date_to: dt.date,
    configured: tuple[Campaign, ...] | None = None,
    *,
    path: Path = "auto",
) -> dict[str, dict[str, Any]]:
    """Each campaign's ``cases_closed`` and ``amount_recovered`` over the closed E cases of the period (the
    rollups only hold the configuration they were built for: another one is read live)."""
    chosen = configured if configured is not None else campaigns()
    if path == "rollup":
        state = rollups.state()
        use = bool(state and state.refreshed_at and state.campaigns_key == rollups.campaigns_key(chosen))
    else:
        use = _rolled(path, chosen)
    if use:
        return rolled.campaigns_for(court_ids, date_from, date_to, chosen)
    return live_campaigns_for(court_ids, date_from, date_to, chosen)


def monthly(
    court_ids: Collection[int], date_from: dt.date, date_to: dt.date, *, path: Path = "auto"
) -> list[dict[str, Any]]:
    """One row per calendar month of the period (the edge months clipped to it): intake, closed, pending at
    the month's end, and the closed-case rates of the month."""
    source = rolled.monthly_parts if _rolled(path) else live_monthly_parts
    return assemble_months(date_from, date_to, source(court_ids, date_from, date_to))


# ------------------------------------------------------------------------------------------ report
def _unknown_court(code: str) -> LawError:
    return LawError("unknown_court", f"未知法院代字：{code}", f"Unknown court code '{code}'.")


def check_period(date_from: dt.date, date_to: dt.date) -> None:
    """A period starts on or before its end."""
    if date_from > date_to:
        raise LawError(
            "period_invalid",
            f"期间起日 {date_from} 晚于止日 {date_to}。",
            f"The period starts ({date_from}) after it ends ({date_to}).",
        )


def report(
    *, court_code: str, subtree: bool, date_from: dt.date, date_to: dt.date, path: Path = "auto"
) -> dict[str, Any]:
    """The JSON of ``zhiyuan indicators --json`` and ``GET /api/indicators`` (by ``path``, see above)."""
    check_period(date_from, date_to)
    court = court_named(court_code)
    if court is None:
        raise _unknown_court(court_code)
    ids = sorted(district(court.pk)) if subtree else [court.pk]
    return {
        "scope": {"court": court.code, "name": court.name, "subtree": subtree, "courts": len(ids)},
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "indicators": indicators_for(ids, date_from, date_to, path=path),
        "campaigns": campaigns_for(ids, date_from, date_to, path=path),
    }


def indicator_definitions() -> dict[str, Any]:
    """The registry of indicator definitions (key → definition), for pages of other apps that explain them."""
    from zhiyuan.governance.definitions import INDICATORS

    return dict(INDICATORS)
