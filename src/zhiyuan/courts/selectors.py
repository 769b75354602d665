"""Reads of reference data, and the law core's :class:`Reference` built from the database."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from django.db import DatabaseError
from django.db.models import QuerySet

from zhiyuan.courts.models import (
    CalendarDay,
    CalendarDayKind,
    CalendarYear,
    CaseType,
    Cause,
    CauseEdition,
    Court,
    CourtAlias,
)
from zhiyuan.law.courts import CourtNode
from zhiyuan.law.reference import Reference
from zhiyuan.rulebook.bundled import build_reference


def courts() -> QuerySet[Court]:
    """Active courts with their parents."""
    return Court.objects.filter(active=True).select_related("parent")


def court_names() -> dict[str, str]:
    """Court code (and alias code) → name."""
    names = dict(Court.objects.values_list("code", "name"))
    for code, name in Court.objects.filter(aliases__isnull=False).values_list("aliases__code", "name"):
        names.setdefault(code, name)
    return names


def _cause_editions() -> list[dict[str, Any]]:
    children: dict[int | None, list[Cause]] = defaultdict(list)
    for cause in Cause.objects.order_by("position"):
        children[cause.parent_id].append(cause)

    def tree(parent: int | None, edition_id: int) -> list[dict[str, Any]]:
        return [
            {
                "number": c.number,
                "name": c.name,
                "verified": c.verified,
                "formerly": list(c.aliases or ()),
                "ref": c.pk,
                "children": tree(c.pk, edition_id),
            }
            for c in children[parent]
            if c.edition_id == edition_id
        ]

    return [
        {
            "id": e.key,
            "title": e.title,
            "in_force_from": e.in_force_from.isoformat(),
            "verified": e.verified,
            "complete": e.complete,
            "successor": e.successor or None,
            "counts": e.counts or {},
            "citation": {"instrument": e.instrument, "article": ""},
            "parts": tree(None, e.pk),
        }
        for e in CauseEdition.objects.all()
    ]


def reference_or_none() -> Reference | None:
    """The law core's reference from the database, or None when ``zhiyuan setup`` has not run."""
    try:
        if not Court.objects.exists():
            return None
        days = list(CalendarDay.objects.values_list("date", "kind"))
        return build_reference(
            holidays=[d for d, k in days if k == CalendarDayKind.HOLIDAY],
            workdays=[d for d, k in days if k == CalendarDayKind.WORKDAY],
            published_years=CalendarYear.objects.values_list("year", flat=True),
            court_names=court_names(),
            case_type_rows=CaseType.objects.values_list("category_code", "name", "type_code"),
            cause_editions=_cause_editions(),
            courts=[
                CourtNode(code, name, level, parent)
                for code, name, level, parent in Court.objects.values_list(
                    "code", "name", "level", "parent__code"
                )
            ],
            court_aliases=dict(CourtAlias.objects.values_list("code", "court__code")),
        )
    except DatabaseError:  # tables not migrated yet
        return None


_CACHE: dict[str, tuple[float, Reference]] = {}
CACHE_SECONDS = 60.0


def reference() -> Reference:
    """The reference the platform's services use: the database's (cached for a minute, so an administrator's
    correction applies within that time in every process), or the shipped files before set-up."""
    hit = _CACHE.get("ref")
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    from zhiyuan.rulebook.bundled import reference as bundled

    ref = reference_or_none() or bundled()
    _CACHE["ref"] = (time.monotonic(), ref)
    return ref


def forget_reference() -> None:
    """Drop the cached reference (after reference data changes in this process)."""
    _CACHE.clear()


def cause_by_name(name: str, on: Any) -> Cause | None:
    """The cause a name designates on ``on``: by name or former name in the edition in force, through its
    successor where that edition's list is incomplete (:meth:`CauseCatalog.resolve`)."""
    from zhiyuan.law.errors import LawError

    try:
        _, hits = reference().causes.resolve(name, on)
    except LawError:
        return None
    ref = next((m.cause.ref for m in hits if m.cause.ref is not None), None)
    return Cause.objects.filter(pk=ref).first() if ref is not None else None
