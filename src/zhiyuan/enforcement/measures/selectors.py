"""Reads of measures and property: a case's measures and assets, one measure or asset in the user's scope,
and the expiry calendar (measures in force ending within N days)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from zhiyuan.cases.models import Case
from zhiyuan.cases.selectors import scoped
from zhiyuan.enforcement.models import Asset, Measure, MeasureStatus

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
