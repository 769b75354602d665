"""Reads of triage: a case's triage, counts by track in a user's scope, and how well triage predicted
which cases close quickly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

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


def _open_by_track(cases: QuerySet[Case]) -> dict[str, int]:
    """Open enforcement cases among ``cases`` by track in force: ``simple``, ``complex`` and
    ``untriaged`` (no triage, or one the rule could not answer)."""
    qs = cases.filter(type_code__in=ENFORCEMENT_ACTION, closed_on__isnull=True)
    rows = dict(qs.values_list("triage__track").annotate(n=Count("pk")).values_list("triage__track", "n"))
    return {
        "simple": rows.get(Track.SIMPLE, 0),
        "complex": rows.get(Track.COMPLEX, 0),
        "untriaged": sum(n for track, n in rows.items() if track not in Track.values),
    }


def open_counts_by_track(user: Any) -> dict[str, int]:
    """Open enforcement cases in ``user``'s scope by track in force (see :func:`_open_by_track`)."""
    return _open_by_track(scoped(user))


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
    court_ids: Iterable[int] | None = None,
    filed_from: dt.date | None = None,
    closed_from: dt.date | None = None,
    closed_to: dt.date | None = None,
) -> dict[str, TrackOutcome]:
    """For enforcement cases closed with a track in force (over ``court_ids``, all courts when None; filed
    from ``filed_from``; closed between ``closed_from`` and ``closed_to``): per track, how many closed and
    how many within :data:`QUICK_DAYS` days. Triage is accurate when the simple track's share is high and
    the complex track's low."""
    qs = Triage.objects.filter(case__closed_on__isnull=False, track__in=Track.values)
    if court_ids is not None:
        qs = qs.filter(case__court_id__in=list(court_ids))
    if filed_from is not None:
        qs = qs.filter(case__filed_on__gte=filed_from)
    if closed_from is not None:
        qs = qs.filter(case__closed_on__gte=closed_from)
    if closed_to is not None:
        qs = qs.filter(case__closed_on__lte=closed_to)
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
    (``simple_quick_rate``, ``complex_quick_rate``; null when none closed) — :func:`accuracy`'s."""
    cases = Case.objects.all() if court_ids is None else Case.objects.filter(court_id__in=court_ids)
    counts = _open_by_track(cases)
    outcomes = accuracy(court_ids, closed_from=date_from, closed_to=date_to)

    def rate(track: str) -> float | None:
        share = outcomes[track].share
        return None if share is None else round(share, 4)

    return {
        "simple_open": counts["simple"],
        "complex_open": counts["complex"],
        "untriaged_open": counts["untriaged"],
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


def criminal_claims(case: Case) -> list[dict[str, Any]] | None:
    """The property items a transferred criminal judgment's enforcement case enforces, as claims of the
    Art 13 order (``zhiyuan.enforcement.criminal.selectors.claims``); None for any other case."""
    from zhiyuan.enforcement.criminal import selectors as criminal

    return criminal.claims(case)


def criminal_transfers(court_ids: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The criminal-judgment transfers of a period (``zhiyuan.enforcement.criminal.selectors.in_period``)."""
    from zhiyuan.enforcement.criminal import selectors as criminal

    return criminal.in_period(court_ids, start, end)
