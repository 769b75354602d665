"""Reads of orders (交办、督办): what a user sees (orders to a court of their scope or issued by one), an
order's history, a case's orders and the figures by receiving court."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case
from zhiyuan.dispatch.models import Order, OrderStatus

FIGURES = ("issued", "answered_on_time", "answered_late", "overdue", "escalated", "closed")


def _scoped(user: Any) -> QuerySet[Order]:
    ids = scope_of(user).court_ids
    return Order.objects.filter(Q(to_court_id__in=ids) | Q(issuer_court_id__in=ids))


def visible(user: Any) -> QuerySet[Order]:
    """Orders to a court of the user's scope or issued by one (the high court sees all)."""
    return (
        _scoped(user)
        .select_related("issuer_court", "to_court")
        .annotate(case_count=Count("order_cases"))
        .order_by("-issued_on", "-id")
    )


def of_case(case: Case) -> QuerySet[Order]:
    """The orders naming ``case``."""
    return Order.objects.filter(order_cases__case=case).select_related("issuer_court").order_by("-issued_on")


def overdue_q(today: dt.date) -> Q:
    """Not answered and past its day."""
    return Q(status=OrderStatus.OPEN, due__lt=today)


def figures(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """Per receiving court of the visible orders: issued, answered on time / late, overdue now, escalated,
    closed — one GROUP BY."""
    answered = Q(answered_on__isnull=False)
    rows = (
        _scoped(user)
        .values("to_court__code", "to_court__name")
        .annotate(
            issued=Count("pk"),
            answered_on_time=Count("pk", filter=answered & Q(answered_on__lte=F("due"))),
            answered_late=Count("pk", filter=answered & Q(answered_on__gt=F("due"))),
            overdue=Count("pk", filter=overdue_q(today)),
            escalated=Count("pk", filter=Q(escalated_on__isnull=False)),
            closed=Count("pk", filter=Q(status=OrderStatus.CLOSED)),
        )
        .order_by("to_court__code")
    )
    return [
        {"code": r["to_court__code"], "name": r["to_court__name"], **{k: r[k] for k in FIGURES}} for r in rows
    ]
