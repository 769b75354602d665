"""People (人) on the command center: the officers, reviewers and affairs staff of a court's district with
their open cases, claimed tasks, overdue items and closings of the last twelve months, and the load of
each court compared (open enforcement cases per officer).

Every figure comes from a handful of GROUP BY queries over the whole district (staff, handler load,
closings, tasks, open cases per court); the rows per person and the roll-up per court are put together
here, so a province of a hundred courts costs the same few queries as one court."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from zhiyuan.accounts import selectors as accounts
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.affairs import selectors as affairs
from zhiyuan.cases import selectors as cases
from zhiyuan.cases.models import Case
from zhiyuan.command.selectors import E_TYPES, subtree, within
from zhiyuan.courts.models import Court

#: the roles counted as the enforcement bureau's people
ROLES = ("enforcement_officer", "enforcement_reviewer", "affairs_staff")
OFFICER = "enforcement_officer"
#: the per-court counts, in table order (their definitions: ``command.board_definitions.PEOPLE``)
LOAD_FIELDS = (
    "officers",
    "reviewers",
    "affairs_staff",
    "open_cases",
    "handled_cases",
    "claimed_tasks",
    "queue_tasks",
    "overdue",
    "closed",
)
#: the per-person counts, in table order
PERSON_FIELDS = ("handled_cases", "claimed_tasks", "overdue", "closed")
#: closings are shown per month over this many months, the current one included
MONTHS = 12


def months(today: dt.date) -> list[str]:
    """The last :data:`MONTHS` months as ``YYYY-MM``, oldest first, the current month last."""
    first = cases.months_before(today.replace(day=1), MONTHS - 1)
    out = []
    year, month = first.year, first.month
    for _ in range(MONTHS):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass
class Person:
    """One person's figures."""

    id: int
    name: str
    username: str
    court_id: int
    court_code: str
    court_name: str
    roles: tuple[str, ...]
    handled_cases: int = 0
    overdue_cases: int = 0
    claimed_tasks: int = 0
    overdue_tasks: int = 0
    closings: dict[str, int] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        """Overdue items: the person's open cases with an overdue deadline plus their overdue tasks."""
        return self.overdue_cases + self.overdue_tasks

    @property
    def closed(self) -> int:
        """Closings over the twelve months."""
        return sum(self.closings.values())


@dataclass
class CourtLoad:
    """A court's district (itself and every court below it) in the people figures."""

    code: str
    name: str
    level: str
    officers: int = 0
    reviewers: int = 0
    affairs_staff: int = 0
    open_cases: int = 0
    handled_cases: int = 0
    claimed_tasks: int = 0
    queue_tasks: int = 0
    overdue: int = 0
    closed: int = 0

    @property
    def load(self) -> float | None:
        """Open enforcement cases per officer (None without officers)."""
        return round(self.open_cases / self.officers, 1) if self.officers else None

    def add(self, other: CourtLoad) -> None:
        """Add a court's counts (rolling a district up)."""
        for name in LOAD_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Board:
    """The people figures of a court's district."""

    court: Court
    months: list[str]
    total: CourtLoad
    courts: list[CourtLoad]
    people: list[Person]
    everyone: list[Person]


def _open_e_cases(court_ids: list[int]) -> dict[int, int]:
    rows = (
        Case.objects.filter(cases.open_cases_q(), court_id__in=court_ids, type_code__in=E_TYPES)
        .values("court_id")
        .annotate(n=Count("pk"))
    )
    return {r["court_id"]: r["n"] for r in rows}


def everyone(court_ids: list[int], courts: dict[int, Court], today: dt.date) -> list[Person]:
    """Every person of these courts with their figures, by court code then name."""
    shown = months(today)
    since = dt.date.fromisoformat(f"{shown[0]}-01")
    load = cases.handler_load(court_ids, today)
    closings = cases.handler_closings(court_ids, since, today)
    tasks = affairs.open_by_person(court_ids, today)
    out = []
    for m in accounts.staff(court_ids, ROLES):
        court = courts[m.court_id]
        mine, work = load.get(m.id, {}), tasks.get(m.id, {})
        out.append(
            Person(
                m.id,
                m.name,
                m.username,
                m.court_id,
                court.code,
                court.name,
                m.roles,
                handled_cases=mine.get("open", 0),
                overdue_cases=mine.get("overdue", 0),
                claimed_tasks=work.get("claimed", 0),
                overdue_tasks=work.get("overdue", 0),
                closings=closings.get(m.id, {}),
            )
        )
    return sorted(out, key=lambda p: (p.court_code, p.name, p.id))


def board(court: Court, today: dt.date) -> Board:
    """The people figures of ``court``'s district: per person, and per court rolled up its tree."""
    courts, children = subtree(court)
    ids = list(courts)
    people = everyone(ids, courts, today)
    open_cases = _open_e_cases(ids)
    queues = affairs.open_queues_by_court(ids, today)
    own = {
        pk: CourtLoad(
            c.code,
            c.name,
            c.level,
            open_cases=open_cases.get(pk, 0),
            queue_tasks=queues.get(pk, {}).get("open", 0),
            overdue=queues.get(pk, {}).get("overdue", 0),
        )
        for pk, c in courts.items()
    }
    for p in people:
        row = own[p.court_id]
        row.officers += OFFICER in p.roles
        row.reviewers += "enforcement_reviewer" in p.roles
        row.affairs_staff += "affairs_staff" in p.roles
        row.handled_cases += p.handled_cases
        row.claimed_tasks += p.claimed_tasks
        row.overdue += p.overdue
        row.closed += p.closed

    def rolled(pk: int) -> CourtLoad:
        c = courts[pk]
        total = CourtLoad(c.code, c.name, c.level)
        for k in within(pk, children):
            total.add(own[k])
        return total

    return Board(
        court=court,
        months=months(today),
        total=rolled(court.pk),
        courts=[rolled(k) for k in children.get(court.pk, [])],
        people=[p for p in people if p.court_id == court.pk],
        everyone=people,
    )


def person_in_scope(user: Any, person_id: int) -> accounts.Member | None:
    """The staff member ``person_id`` when their court is in ``user``'s scope (else None)."""
    found = accounts.staff(scope_of(user).court_ids, ROLES, user_ids=[person_id])
    return found[0] if found else None
