"""Reads of measures and property: a case's measures and assets, one measure or asset in the user's scope,
and the expiry calendar (measures in force ending within N days)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from zhiyuan.cases.models import Case
from zhiyuan.cases.selectors import scoped
from zhiyuan.enforcement.models import Asset, AssetStatus, Measure, MeasureStatus

MAX_WARN_DAYS = 366
HOLDING = ("seal", "seizure", "freeze")


def warn_days() -> int:
    """The court-wide default window of the expiry calendar (days before the last day)."""
    return int(settings.ZHIYUAN_MEASURES_WARN_DAYS)


def case_measures(case: Case) -> QuerySet[Measure]:
    """The case's measures, newest chain link last (renewed links included)."""
    return Measure.objects.filter(case=case).select_related("asset").order_by("pk")


def case_assets(case: Case) -> QuerySet[Asset]:
    """The case's assets."""
    return Asset.objects.filter(case=case).select_related("owner").order_by("pk")


def measure_for(user: Any, pk: int) -> Measure | None:
    """The measure ``pk`` when its case is visible to ``user``."""
    return Measure.objects.select_related("case", "asset").filter(pk=pk, case__in=scoped(user)).first()


def asset_for(user: Any, pk: int) -> Asset | None:
    """The asset ``pk`` when its case is visible to ``user``."""
    return Asset.objects.select_related("case", "owner").filter(pk=pk, case__in=scoped(user)).first()


def due(last_day: dt.date, *, open_cases_only: bool = False) -> QuerySet[Measure]:
    """Seals, seizures and freezes in force whose last day is ``last_day`` or earlier (the calendar's
    window; past ones the daily job has not lapsed yet), soonest first; ``open_cases_only`` leaves out
    closed cases (the renewal tasks and the renewal batch)."""
    found = Measure.objects.filter(status=MeasureStatus.ACTIVE, kind__in=HOLDING, ends_on__lte=last_day)
    if open_cases_only:
        found = found.exclude(case__closed_on__isnull=False)
    return found.select_related("case", "asset").order_by("ends_on", "pk")


def calendar(user: Any, today: dt.date, within: int) -> QuerySet[Measure]:
    """Measures in force on the cases ``user`` sees whose last day is at most ``within`` days away (or
    already past and not yet lapsed by the daily job), soonest first."""
    return due(today + dt.timedelta(days=within)).filter(case__in=scoped(user))


# ------------------------------------------------------------------------------- the command center

#: assets still held by a court: controlled, being valued, in auction
HELD_STATUSES = (AssetStatus.SEIZED, AssetStatus.VALUING, AssetStatus.IN_AUCTION)
#: assets in disposal: reference price being set or in auction
DISPOSAL_STATUSES = (AssetStatus.VALUING, AssetStatus.IN_AUCTION)


def held_assets(court_ids: Iterable[int]) -> QuerySet[Asset]:
    """Assets of cases of these courts still held (:data:`HELD_STATUSES`) with a seal, seizure or freeze
    in force on them."""
    in_force = Measure.objects.filter(asset=OuterRef("pk"), status=MeasureStatus.ACTIVE, kind__in=HOLDING)
    return Asset.objects.filter(
        Exists(in_force), case__court_id__in=list(court_ids), status__in=HELD_STATUSES
    )


def held_counts(court_ids: Iterable[int]) -> list[dict[str, Any]]:
    """:func:`held_assets` per case court and asset class: ``court_id``, ``asset_class``, ``n`` and
    ``value`` (the sum of the estimated values; None when none was recorded) — one GROUP BY."""
    return list(
        held_assets(court_ids)
        .values("case__court_id", "asset_class")
        .annotate(n=Count("pk"), value=Sum("estimated_value"))
        .values("case__court_id", "asset_class", "n", "value")
    )


def in_disposal(court_ids: Iterable[int]) -> QuerySet[Asset]:
    """Assets of cases of these courts in disposal (:data:`DISPOSAL_STATUSES`)."""
    return Asset.objects.filter(case__court_id__in=list(court_ids), status__in=DISPOSAL_STATUSES)


def expiring(court_ids: Iterable[int], today: dt.date, within: int) -> QuerySet[Measure]:
    """The expiry calendar's measures (:func:`due`) on cases of these courts: in force, last day at most
    ``within`` days away or past and not yet lapsed."""
    return due(today + dt.timedelta(days=within)).filter(case__court_id__in=list(court_ids))


def per_court(qs: QuerySet[Any], path: str = "case__court_id") -> dict[int, int]:
    """Rows of ``qs`` counted per court (``path`` leads to the court id) — one GROUP BY."""
    return {r[path]: r["n"] for r in qs.order_by().values(path).annotate(n=Count("pk"))}
