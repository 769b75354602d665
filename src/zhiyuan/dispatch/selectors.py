"""Reads of dispatches: what a user sees, a case's dispatches, the figures by court, and the condition
the command center's "cases in dispatch" count uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case
from zhiyuan.dispatch.models import ACTIVE, Dispatch, DispatchStatus


def visible(user: Any) -> QuerySet[Dispatch]:
    """Dispatches from, to or ordered by a court of the user's scope."""
    ids = scope_of(user).court_ids
    return (
        Dispatch.objects.filter(Q(from_court_id__in=ids) | Q(to_court_id__in=ids) | Q(ordered_by_id__in=ids))
        .select_related("case", "linked_case", "from_court", "to_court", "ordered_by")
        .order_by("-sent_on", "-id")
    )


def of_case(case: Case) -> QuerySet[Dispatch]:
    """The dispatches that moved ``case`` or filed it, with their history."""
    return (
        Dispatch.objects.filter(Q(case=case) | Q(linked_case=case))
        .select_related("case", "linked_case", "from_court", "to_court", "ordered_by")
        .prefetch_related("events")
        .order_by("-sent_on", "-id")
    )


def in_dispatch_q() -> Exists:
    """A case being dispatched: a dispatch under way (sent, or accepted and not closed) moved it or filed
    it — for an annotation or filter on cases."""
    return Exists(
        Dispatch.objects.filter(status__in=ACTIVE).filter(
            Q(case_id=OuterRef("pk")) | Q(linked_case_id=OuterRef("pk"))
        )
    )


def overdue_q(today: dt.date) -> Q:
    """Past the receiving court's filing day (not accepted), or past its report day without a report."""
    return Q(status=DispatchStatus.SENT, filing_due__lt=today) | Q(
        status=DispatchStatus.ACCEPTED, report_due__lt=today, last_report_on__isnull=True
    )


def figures(court_ids: Iterable[int], today: dt.date) -> dict[int, dict[str, int]]:
    """Per court: dispatches under way sent out (``out``) and received (``in``), overdue ones received
    (``overdue``), and all received closed (``closed``) — one GROUP BY each way."""
    ids = list(court_ids)
    out: dict[int, dict[str, int]] = {pk: {"out": 0, "in": 0, "overdue": 0, "closed": 0} for pk in ids}
    for row in (
        Dispatch.objects.filter(from_court_id__in=ids, status__in=ACTIVE)
        .values("from_court_id")
        .annotate(n=Count("pk"))
    ):
        out[row["from_court_id"]]["out"] = row["n"]
    for row in (
        Dispatch.objects.filter(to_court_id__in=ids)
        .values("to_court_id")
        .annotate(
            active=Count("pk", filter=Q(status__in=ACTIVE)),
            overdue=Count("pk", filter=overdue_q(today)),
            closed=Count("pk", filter=Q(status=DispatchStatus.CLOSED)),
        )
    ):
        f = out[row["to_court_id"]]
        f["in"], f["overdue"], f["closed"] = row["active"], row["overdue"], row["closed"]
    return out
