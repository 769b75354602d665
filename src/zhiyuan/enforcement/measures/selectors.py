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

#: the calendar's default window in days; a court sets its own with the setting ZHIYUAN_MEASURES_WARN_DAYS
DEFAULT_WARN_DAYS = 15
MAX_WARN_DAYS = 366
HOLDING = ("seal", "seizure", "freeze")


def warn_days() -> int:
    """The court-wide default window of the expiry calendar (days before the last day)."""
    return int(getattr(settings, "ZHIYUAN_MEASURES_WARN_DAYS", DEFAULT_WARN_DAYS))


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


def calendar(user: Any, today: dt.date, within: int) -> QuerySet[Measure]:
    """Measures in force on the cases ``user`` sees whose last day is at most ``within`` days away (or
    already past and not yet lapsed by the daily job), soonest first."""
    return (
        Measure.objects.filter(
            case__in=scoped(user),
            status=MeasureStatus.ACTIVE,
            kind__in=HOLDING,
            ends_on__lte=today + dt.timedelta(days=within),
        )
        .select_related("case", "asset")
        .order_by("ends_on", "pk")
    )
