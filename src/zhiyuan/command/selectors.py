"""Reads of the command center: which court a user commands, the court tree with its case counts, overdue
process nodes and the default period. The indicators themselves come from ``zhiyuan.governance``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from zhiyuan.accounts.scoping import district, scope_of
from zhiyuan.cases.models import Case, CaseDeadline, NodeLog
from zhiyuan.cases.selectors import overdue_deadlines
from zhiyuan.cases.selectors import scoped as scoped_cases
from zhiyuan.courts.models import Court, CourtLevel
from zhiyuan.governance.selectors import court_counts
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError

#: enforcement-action cases ("E") of the indicator definitions: 执 and 执恢, not 执保
E_TYPES = tuple(sorted(ENFORCEMENT_ACTION - {"执保"}))
LEVEL_ORDER: dict[str, int] = {
    CourtLevel.SUPREME: 0,
    CourtLevel.HIGH: 1,
    CourtLevel.INTERMEDIATE: 2,
    CourtLevel.BASIC: 3,
    CourtLevel.SPECIAL: 3,
}
OLDEST_OVERDUE = 20


def home_court(user: Any) -> Court:
    """The court whose district the user commands: their own court, if their scope is a court district."""
    scope = scope_of(user)
    court_id = getattr(user, "court_id", None)
    if not court_id or court_id not in scope.court_ids:
        raise LawError(
            "no_court_scope",
            "指挥中心按法院辖区展示，您的账号未归属任何法院。",
            "The command center shows a court's district; your account belongs to no court.",
        )
    return Court.objects.get(pk=court_id)


def court_in_scope(user: Any, code: str) -> Court | None:
    """The court of this code if the user's scope covers it, else None (unknown or outside)."""
    court = Court.objects.filter(code=code).first()
    if court is None or court.pk not in scope_of(user).court_ids:
        return None
    return court


def ancestors(court: Court, stop_at: Court) -> list[Court]:
    """The courts from ``stop_at`` down to ``court``'s parent (the breadcrumbs), ``stop_at`` first."""
    chain: list[Court] = []
    current = court
    while current.pk != stop_at.pk and current.parent_id is not None:
        current = Court.objects.get(pk=current.parent_id)
        chain.append(current)
    return list(reversed(chain))


@dataclass
class TreeNode:
    """A court of the tree with the counts of its whole district (itself and every court below)."""

    code: str
    name: str
    level: str
    intake: int = 0
    closed: int = 0
    pending: int = 0
    overdue: int = 0
    children: list[TreeNode] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON form, children included."""
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "intake": self.intake,
            "closed": self.closed,
            "pending": self.pending,
            "overdue": self.overdue,
            "children": [c.as_dict() for c in self.children],
        }


def _court_counts(court_ids: list[int], date_from: dt.date, date_to: dt.date) -> dict[int, dict[str, int]]:
    """Intake, closed and pending E cases per court (the definitions of ../formats/indicators.md, applied
    court by court), from the indicator rollups as of their last refresh like the rest of the overview."""
    return court_counts(court_ids, date_from, date_to, path="rollup")


def _overdue(court_ids: list[int], today: dt.date) -> QuerySet[CaseDeadline]:
    """Overdue deadlines of open cases in these courts (``cases.selectors.overdue_deadlines``)."""
    return overdue_deadlines(today).filter(case__court_id__in=court_ids)


def subtree(root: Court) -> tuple[dict[int, Court], dict[int, list[int]]]:
    """``root`` and every active court below it by id, and each court's children ids in display order
    (level, then code) — the tree every drill-down of the command center walks."""
    courts = {root.pk: root}
    frontier = [root.pk]
    while frontier:
        found = list(Court.objects.filter(parent_id__in=frontier, active=True))
        courts.update((c.pk, c) for c in found)
        frontier = [c.pk for c in found]
    children: dict[int, list[int]] = defaultdict(list)
    for pk, c in courts.items():
        if pk != root.pk and c.parent_id is not None:
            children[c.parent_id].append(pk)
    for kids in children.values():
        kids.sort(key=lambda k: (LEVEL_ORDER.get(courts[k].level, 9), courts[k].code))
    return courts, children


def within(pk: int, children: dict[int, list[int]]) -> list[int]:
    """``pk`` and every court below it in a :func:`subtree`."""
    out, stack = [], [pk]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, ()))
    return out


def court_tree(root: Court, date_from: dt.date, date_to: dt.date, today: dt.date) -> TreeNode:
    """``root`` and every court below it, each with the counts of its own district."""
    courts, children = subtree(root)
    ids = list(courts)
    counts = _court_counts(ids, date_from, date_to)
    overdue = dict(_overdue(ids, today).values_list("case__court_id").annotate(n=Count("pk")))
    nodes = {
        pk: TreeNode(
            code=c.code,
            name=c.name,
            level=c.level,
            intake=counts.get(pk, {}).get("intake", 0),
            closed=counts.get(pk, {}).get("closed", 0),
            pending=counts.get(pk, {}).get("pending", 0),
            overdue=overdue.get(pk, 0),
        )
        for pk, c in courts.items()
    }

    def roll_up(pk: int) -> TreeNode:
        node = nodes[pk]
        for kid in children[pk]:
            child = roll_up(kid)
            node.children.append(child)
            node.intake += child.intake
            node.closed += child.closed
            node.pending += child.pending
            node.overdue += child.overdue
        return node

    return roll_up(root.pk)


def overdue_nodes(court_ids: list[int], today: dt.date, limit: int = OLDEST_OVERDUE) -> dict[str, Any]:
    """Statutory deadlines still running and past due (due before ``today``) on open cases of these courts:
    the count, the count per deadline rule, and the ``limit`` longest overdue."""
    qs = _overdue(court_ids, today)
    by_rule = list(qs.values("rule").annotate(n=Count("pk")).order_by("-n", "rule"))
    oldest = qs.select_related("case").order_by("due", "pk")[:limit]
    return {
        "count": sum(r["n"] for r in by_rule),
        "by_rule": [{"rule": r["rule"], "count": r["n"]} for r in by_rule],
        "oldest": [
            {
                "case_number": d.case.case_number,
                "court_code": d.case.court_code,
                "type_code": d.case.type_code,
                "rule": d.rule,
                "node": d.node,
                "due": d.due.isoformat(),
                "days_overdue": (today - d.due).days,
            }
            for d in oldest
        ],
    }


def latest_year(court_ids: list[int]) -> int | None:
    """The year of the latest filing in these courts, or None when they have no case."""
    latest: dt.date | None = Case.objects.filter(court_id__in=court_ids).aggregate(m=Max("filed_on"))["m"]
    return latest.year if latest else None


def data_version() -> tuple[int, int]:
    """Changes whenever a case is added or moves (every move appends to the node log): two index lookups."""
    case_max = Case.objects.aggregate(m=Max("pk"))["m"] or 0
    node_max = NodeLog.objects.aggregate(m=Max("pk"))["m"] or 0
    return case_max, node_max


def measure_cases(
    user: Any, court: Court, measure: str, date_from: dt.date, date_to: dt.date
) -> QuerySet[Case]:
    """The E cases behind one count of the tree (``intake``, ``closed`` or ``pending``) in ``court``'s
    district, within the user's scope, newest first."""
    conditions = {
        "intake": Q(filed_on__gte=date_from, filed_on__lte=date_to),
        "closed": Q(closed_on__gte=date_from, closed_on__lte=date_to),
        "pending": Q(filed_on__lte=date_to) & (Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)),
    }
    if measure not in conditions:
        raise LawError(
            "unknown_measure",
            f"未知的统计项“{measure}”，应为 intake、closed 或 pending。",
            f"Unknown measure '{measure}'; use intake, closed or pending.",
        )
    return (
        scoped_cases(user)
        .filter(conditions[measure], court_id__in=district(court.pk), type_code__in=E_TYPES)
        .select_related("court")
        .order_by("-filed_on", "case_number")
    )
