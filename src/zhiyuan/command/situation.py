"""Cases (案) on the command center, beyond intake, closings and pending: the open enforcement cases of a
district now by triage track, those pending over 6 and over 12 months since filing, and those with a node
warning in the last 30 days — per court in one GROUP BY, rolled up the court tree, each count drilling
down to its cases (:func:`cases`). Definitions: ``command.board_definitions.SITUATION``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhiyuan.cases import selectors as cases_selectors
from zhiyuan.cases.models import Case
from zhiyuan.command.selectors import E_TYPES, subtree, within
from zhiyuan.courts.models import Court
from zhiyuan.dispatch.selectors import in_dispatch_q
from zhiyuan.enforcement.models import Track
from zhiyuan.law.errors import LawError

ITEMS = (
    "open",
    "simple",
    "complex",
    "untriaged",
    "over_6_months",
    "over_12_months",
    "warned",
    "in_dispatch",
)
#: node warnings count when dated within this many days
WARNING_DAYS = 30


def _conditions(today: dt.date) -> dict[str, Q]:
    """Each item's condition on an open E case (``warned`` is the annotation :func:`_base` adds)."""
    return {
        "open": Q(),
        "simple": Q(triage__track=Track.SIMPLE),
        "complex": Q(triage__track=Track.COMPLEX),
        "untriaged": Q(triage__isnull=True) | ~Q(triage__track__in=Track.values),
        "over_6_months": Q(filed_on__lte=cases_selectors.months_before(today, 6)),
        "over_12_months": Q(filed_on__lte=cases_selectors.months_before(today, 12)),
        "warned": Q(warned=True),
        "in_dispatch": Q(in_dispatch=True),
    }


def _base(court_ids: list[int], today: dt.date) -> QuerySet[Case]:
    """Open enforcement-action cases (执, 执恢) of these courts, each marked ``warned`` and ``in_dispatch``."""
    return Case.objects.filter(
        cases_selectors.open_cases_q(), court_id__in=court_ids, type_code__in=E_TYPES
    ).annotate(
        warned=cases_selectors.warned_case_q(today, WARNING_DAYS),
        in_dispatch=in_dispatch_q(),
    )


def counts(court: Court, today: dt.date) -> dict[str, Any]:
    """``total`` (the district's counts by item) and ``courts`` (each court directly below, its district's
    counts), as JSON for the cached overview."""
    courts, children = subtree(court)
    conditions = _conditions(today)
    rows = (
        _base(list(courts), today)
        .values("court_id")
        .annotate(**{item: Count("pk", filter=conditions[item]) for item in ITEMS})
    )
    own = {r["court_id"]: r for r in rows}

    def rolled(pk: int) -> dict[str, Any]:
        c = courts[pk]
        out: dict[str, Any] = {"code": c.code, "name": c.name, "level": c.level}
        for item in ITEMS:
            out[item] = sum(own.get(k, {}).get(item, 0) for k in within(pk, children))
        return out

    return {"total": rolled(court.pk), "courts": [rolled(k) for k in children.get(court.pk, [])]}


def cases(user: Any, court: Court, item: str, today: dt.date) -> QuerySet[Case]:
    """The cases behind one count, within the user's scope, the oldest filing first."""
    conditions = _conditions(today)
    if item not in conditions:
        raise LawError(
            "unknown_measure",
            f"未知的统计项“{item}”。",
            f"Unknown measure '{item}'.",
        )
    ids = list(subtree(court)[0])
    in_scope = cases_selectors.scoped(user).values("pk")
    return (
        _base(ids, today)
        .filter(conditions[item], pk__in=in_scope)
        .select_related("court")
        .order_by("filed_on", "case_number")
    )
