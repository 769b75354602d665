"""Reads of the affairs center: a court's queues with their counts, filtered task lists, a case's
tasks, batches and their items. A person sees the queues of their own court; a case's tasks show to
whoever may see the case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.affairs.models import ACTIVE, Batch, BatchItem, Task, TaskEvent, TaskStatus
from zhiyuan.affairs.registry import TEAMS
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case


def overdue_q(today: dt.date | None = None) -> Q:
    """Tasks still waiting past their due date; a closed case's tasks are never overdue."""
    case_open = Q(case__isnull=True) | (Q(case__closed_on__isnull=True) & ~Q(case__status=CLOSED))
    return Q(status__in=ACTIVE, due__lt=today or timezone.localdate()) & case_open


def is_overdue(task: Task, today: dt.date | None = None) -> bool:
    """Is ``task`` still waiting past its due date (and its case, if any, open)?"""
    case = task.case
    if case is not None and (case.closed_on is not None or case.status == CLOSED):
        return False
    return task.status in ACTIVE and task.due is not None and task.due < (today or timezone.localdate())


@dataclass(frozen=True)
class Filters:
    """What the queue page and the API narrow the list by (empty: any)."""

    team: str = ""
    kind: str = ""
    status: str = ""
    overdue: bool = False
    mine: bool = False
    case_number: str = ""


def court_tasks(user: Any) -> QuerySet[Task]:
    """The tasks of the user's own court (its queues); none for a person of no court."""
    court_id = getattr(user, "court_id", None)
    if court_id is None or court_id not in scope_of(user).court_ids:
        return Task.objects.none()
    return Task.objects.filter(court_id=court_id)


def tasks(user: Any, filters: Filters) -> QuerySet[Task]:
    """The user's court's tasks, filtered; waiting ones (open, claimed) unless a status is asked for."""
    qs = court_tasks(user).select_related("case")
    if filters.team:
        qs = qs.filter(team=filters.team)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif not filters.case_number:
        qs = qs.filter(status__in=ACTIVE)
    if filters.overdue:
        qs = qs.filter(overdue_q())
    if filters.mine:
        qs = qs.filter(claimed_by_id=user.pk)
    if filters.case_number:
        qs = qs.filter(case__case_number=filters.case_number)
    return qs.order_by("due", "pk")


@dataclass(frozen=True)
class QueueCount:
    """One team's queue at the court: tasks open, claimed, and overdue among them."""

    team: str
    name: str
    open: int
    claimed: int
    overdue: int


def queue_counts(user: Any) -> list[QueueCount]:
    """Every team's queue at the user's court, in the teams' order (empty queues too)."""
    rows = {
        r["team"]: r
        for r in court_tasks(user)
        .filter(status__in=ACTIVE)
        .values("team")
        .annotate(
            open=Count("pk", filter=Q(status=TaskStatus.OPEN)),
            claimed=Count("pk", filter=Q(status=TaskStatus.CLAIMED)),
            overdue=Count("pk", filter=overdue_q()),
        )
    }
    return [
        QueueCount(
            code,
            team.name,
            rows.get(code, {}).get("open", 0),
            rows.get(code, {}).get("claimed", 0),
            rows.get(code, {}).get("overdue", 0),
        )
        for code, team in TEAMS.items()
    ]


def task_for(user: Any, pk: int) -> Task | None:
    """A task of a court in the user's scope."""
    return (
        Task.objects.filter(pk=pk, court_id__in=scope_of(user).court_ids)
        .select_related("case", "court")
        .first()
    )


def events(task: Task) -> QuerySet[TaskEvent]:
    """Who did what to the task, oldest first."""
    return task.events.all()


def case_tasks(case: Case) -> QuerySet[Task]:
    """Every task of a case, waiting ones first."""
    return Task.objects.filter(case=case).order_by("closed_at", "due", "pk")


def waiting_for(user: Any) -> QuerySet[Task]:
    """The workbench: tasks claimed by the user, then the court's open ones, most urgent first."""
    return (
        court_tasks(user)
        .filter(Q(status=TaskStatus.OPEN) | Q(status=TaskStatus.CLAIMED, claimed_by_id=user.pk))
        .select_related("case")
        .order_by("due", "pk")
    )


def batches(user: Any) -> QuerySet[Batch]:
    """The batches of the user's court, newest first."""
    court_id = getattr(user, "court_id", None)
    return Batch.objects.filter(court_id=court_id) if court_id else Batch.objects.none()


def batch_for(user: Any, pk: int) -> Batch | None:
    """A batch of a court in the user's scope."""
    return Batch.objects.filter(pk=pk, court_id__in=scope_of(user).court_ids).first()


def items(batch: Batch) -> QuerySet[BatchItem]:
    """The batch's items in order."""
    return batch.items.all()


def cases_with_task(kind: str) -> Any:
    """The ids of the cases that have a task of ``kind`` (for ``exclude(pk__in=...)``)."""
    return Task.objects.filter(kind=kind, case__isnull=False).values("case_id")


# ------------------------------------------------------------------------------- the command center


def open_by_person(court_ids: Iterable[int], today: dt.date) -> dict[int, dict[str, int]]:
    """Per person (user id): tasks of these courts they have claimed and not finished (``claimed``) and
    those among them overdue (``overdue``, :func:`overdue_q`) — one GROUP BY."""
    rows = (
        Task.objects.filter(court_id__in=list(court_ids), status=TaskStatus.CLAIMED)
        .values("claimed_by_id")
        .annotate(claimed=Count("pk"), overdue=Count("pk", filter=overdue_q(today)))
    )
    return {
        r["claimed_by_id"]: {"claimed": r["claimed"], "overdue": r["overdue"]}
        for r in rows
        if r["claimed_by_id"] is not None
    }


def open_queues_by_court(court_ids: Iterable[int], today: dt.date) -> dict[int, dict[str, int]]:
    """Per court: tasks waiting unclaimed in its team queues (``open``) and those overdue (``overdue``).
    A person belongs to no team, so the queues are a court's figure, not a person's."""
    rows = (
        Task.objects.filter(court_id__in=list(court_ids), status=TaskStatus.OPEN)
        .values("court_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(today)))
    )
    return {r["court_id"]: {"open": r["open"], "overdue": r["overdue"]} for r in rows}


def claimed_by(user_id: int) -> QuerySet[Task]:
    """The unfinished tasks a person has claimed, the earliest due first (the command center's
    drill-down to a person; the caller has checked the person is in scope)."""
    return (
        Task.objects.filter(status=TaskStatus.CLAIMED, claimed_by_id=user_id)
        .select_related("case", "court")
        .order_by("due", "pk")
    )
