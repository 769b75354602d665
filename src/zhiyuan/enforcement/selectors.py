"""Reads of triage: a case's triage, counts by track in a user's scope, and how well triage predicted
which cases close quickly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from zhiyuan.cases.models import Case
from zhiyuan.cases.selectors import case_detail, scoped
from zhiyuan.enforcement.models import Track, Triage
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError

#: a simple case should close within this many days (the measure of triage's accuracy)
QUICK_DAYS = 45


def triage_of(case: Case) -> Triage | None:
    """The case's triage (None before it is triaged)."""
    return Triage.objects.filter(case=case).first()


def open_counts_by_track(user: Any) -> dict[str, int]:
    """Open enforcement cases in ``user``'s scope by track in force: ``simple``, ``complex`` and
    ``untriaged`` (no triage, or one the rule could not answer)."""
    qs = scoped(user).filter(type_code__in=ENFORCEMENT_ACTION, closed_on__isnull=True)
    rows = dict(qs.values_list("triage__track").annotate(n=Count("pk")).values_list("triage__track", "n"))
    return {
        "simple": rows.get(Track.SIMPLE, 0),
        "complex": rows.get(Track.COMPLEX, 0),
        "untriaged": sum(n for track, n in rows.items() if track not in (Track.SIMPLE, Track.COMPLEX)),
    }


@dataclass(frozen=True)
class TrackOutcome:
    """Closed cases of one track and how many closed within :data:`QUICK_DAYS` of filing."""

    track: str
    closed: int
    quick: int

    @property
    def share(self) -> float | None:
        """The share closed within :data:`QUICK_DAYS` (None when none closed)."""
        return self.quick / self.closed if self.closed else None


def accuracy(
    court_ids: frozenset[int] | None = None, filed_from: dt.date | None = None
) -> dict[str, TrackOutcome]:
    """For enforcement cases closed with a track in force (over ``court_ids``, all courts when None;
    filed from ``filed_from``): per track, how many closed and how many within :data:`QUICK_DAYS` days.
    Triage is accurate when the simple track's share is high and the complex track's low."""
    qs = Triage.objects.filter(case__closed_on__isnull=False, track__in=Track.values)
    if court_ids is not None:
        qs = qs.filter(case__court_id__in=court_ids)
    if filed_from is not None:
        qs = qs.filter(case__filed_on__gte=filed_from)
    quick = Q(case__closed_on__lte=F("case__filed_on") + dt.timedelta(days=QUICK_DAYS))
    rows = {
        r["track"]: r
        for r in qs.values("track").annotate(closed=Count("pk"), quick=Count("pk", filter=quick))
    }
    return {
        track: TrackOutcome(track, rows.get(track, {}).get("closed", 0), rows.get(track, {}).get("quick", 0))
        for track in Track.values
    }


def figures(
    court_ids: list[int] | None, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """For the command center's overview (``command.overview``): open enforcement cases of the district by
    track in force now (``simple_open``, ``complex_open``, ``untriaged_open``), and of the cases of each
    track closed in the period the share closed within :data:`QUICK_DAYS` days of filing
    (``simple_quick_rate``, ``complex_quick_rate``; null when none closed)."""
    cases = Case.objects.filter(type_code__in=ENFORCEMENT_ACTION, closed_on__isnull=True)
    closed = Triage.objects.filter(case__closed_on__isnull=False, track__in=Track.values)
    if court_ids is not None:
        cases = cases.filter(court_id__in=court_ids)
        closed = closed.filter(case__court_id__in=court_ids)
    if date_from:
        closed = closed.filter(case__closed_on__gte=date_from)
    if date_to:
        closed = closed.filter(case__closed_on__lte=date_to)
    by_track = dict(
        cases.values_list("triage__track").annotate(n=Count("pk")).values_list("triage__track", "n")
    )
    quick = Q(case__closed_on__lte=F("case__filed_on") + dt.timedelta(days=QUICK_DAYS))
    rows = {
        r["track"]: r for r in closed.values("track").annotate(n=Count("pk"), q=Count("pk", filter=quick))
    }

    def rate(track: str) -> float | None:
        row = rows.get(track)
        return round(row["q"] / row["n"], 4) if row and row["n"] else None

    return {
        "simple_open": by_track.get(Track.SIMPLE, 0),
        "complex_open": by_track.get(Track.COMPLEX, 0),
        "untriaged_open": sum(n for t, n in by_track.items() if t not in Track.values),
        "simple_quick_rate": rate(Track.SIMPLE),
        "complex_quick_rate": rate(Track.COMPLEX),
    }


def enforcement_case(user: Any, number: str) -> Case:
    """The enforcement case (执/执恢/执保) ``number`` as ``user`` sees it (court scope), for the API; else
    ``case_not_found`` — the same answer whether it does not exist or is out of scope."""
    case = case_detail(user, number)
    if case is None or case.type_code not in ENFORCEMENT_ACTION:
        raise LawError(
            "case_not_found",
            "执行案件不存在或不在您的权限范围内。",
            "No such enforcement case in your scope.",
        )
    return case
