"""Reads of reference data, and the law core's :class:`Reference` built from the database."""

from __future__ import annotations

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
)
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
            {"number": c.number, "name": c.name, "verified": c.verified, "children": tree(c.pk, edition_id)}
            for c in children[parent]
            if c.edition_id == edition_id
        ]

    return [
        {
            "id": e.key,
            "title": e.title,
            "in_force_from": e.in_force_from.isoformat(),
            "verified": e.verified,
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
        )
    except DatabaseError:  # tables not migrated yet
        return None
