"""Reads of cases: scoped search, detail, the dispute graph, a party's cases, dispute statistics."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from zhiyuan.accounts import selectors as accounts_selectors
from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.models import User
from zhiyuan.accounts.scoping import Scope, district, scope_of
from zhiyuan.cases.assignments import conflicting_people
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import (
    Approval,
    ApprovalStatus,
    Assignment,
    Capacity,
    Case,
    CaseDeadline,
    NodeLog,
)
from zhiyuan.courts.models import Court
from zhiyuan.law.case_types import ENFORCEMENT_ACTION, ENFORCEMENT_REVIEW
from zhiyuan.law.derivation import KINDS, NOT_LITIGATION
from zhiyuan.law.separation import REVIEW_TYPES, required_permission
from zhiyuan.parties.selectors import identity_hash

PARTY_PATH = "parties__party__id_number_hash"


def scoped(user: Any) -> QuerySet[Case]:
    """Every case query starts here: the cases ``user`` may see."""
    return scope_of(user).filter(Case.objects.all(), court="court", party=PARTY_PATH)


def search(
    user: Any,
    *,
    number: str = "",
    party: str = "",
    id_number: str = "",
    court: str = "",
    type_code: str = "",
    cause: str = "",
    status: str = "",
    filed_from: dt.date | None = None,
    filed_to: dt.date | None = None,
    mine: bool = False,
    unassigned: bool = False,
    approvals: bool = False,
) -> QuerySet[Case]:
    """Cases in scope matching every given criterion; ``mine``: those ``user`` handles now (承办人);
    ``unassigned``: open enforcement cases with no handler (待分案); ``approvals``: those with a request ``user`` may decide."""
    qs = scoped(user).select_related("court")
    if mine:
        qs = qs.filter(Exists(_current_handler_rows().filter(user_id=user.pk)))
    if unassigned:
        qs = qs.filter(pk__in=unassigned_enforcement(user).values("pk"))
    if approvals:
        qs = qs.filter(pk__in=approvals_waiting(user).values("case_id"))
    if number:
        qs = qs.filter(case_number__contains=number.strip())
    if party:
        qs = qs.filter(parties__party__name__contains=party.strip())
    if id_number:
        qs = qs.filter(parties__party__id_number_hash=identity_hash(id_number))
    if court:
        qs = qs.filter(court__code=court)
    if type_code:
        qs = qs.filter(type_code=type_code)
    if cause:
        qs = qs.filter(cause_text__contains=cause)
    if status:
        qs = qs.filter(status=status)
    if filed_from:
        qs = qs.filter(filed_on__gte=filed_from)
    if filed_to:
        qs = qs.filter(filed_on__lte=filed_to)
    return qs.distinct().order_by("-filed_on", "case_number")


def case_detail(user: Any, case_number: str) -> Case | None:
    """One case in scope, with parties, nodes and deadlines prefetched."""
    return (
        scoped(user)
        .filter(case_number=case_number)
        .select_related("court", "origin", "dispute", "cause")
        .prefetch_related("parties__party", "nodes", "deadlines", "derived")
        .first()
    )


def dispute_graph(user: Any, dispute_id: int) -> dict[str, Any] | None:
    """Nodes (cases) and edges (origin → derived, with the derivative kind) of a dispute the user may see.

    Seeing any case of a dispute shows the graph's shape; cases outside the user's scope appear with their
    number, type and family only."""
    visible_ids = set(scoped(user).filter(dispute_id=dispute_id).values_list("pk", flat=True))
    if not visible_ids:
        return None
    cases = list(
        Case.objects.filter(dispute_id=dispute_id).select_related("court").order_by("filed_on", "pk")
    )
    nodes = [
        {
            "id": c.pk,
            "case_number": c.case_number,
            "type_code": c.type_code,
            "family": c.family,
            "court": c.court.code,
            "filed_on": c.filed_on.isoformat(),
            "status": c.status,
            "closing_method": c.closing_method if c.pk in visible_ids else None,
            "visible": c.pk in visible_ids,
        }
        for c in cases
    ]
    edges = [{"from": c.origin_id, "to": c.pk, "kind": c.derivative_kind} for c in cases if c.origin_id]
    counted = [c for c in cases if c.type_code not in NOT_LITIGATION]
    return {
        "dispute": dispute_id,
        "nodes": nodes,
        "edges": edges,
        "cases": len(cases),
        "litigation_cases": len(counted),
        "derivative": dict(Counter(c.derivative_kind for c in cases if c.derivative_kind)),
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    return float(
        (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )


def courts_in(court_code: str, subtree: bool) -> list[int]:
    """The court's id, or its whole district."""
    court = Court.objects.filter(code=court_code).first()
    if court is None:
        return []
    return sorted(district(court.pk)) if subtree else [court.pk]


def dispute_stats(
    *,
    court_ids: list[int] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    cause: str = "",
    type_code: str = "",
    scope: Scope | None = None,
) -> dict[str, Any]:
    """案-件比 and derivative counts over the disputes whose first case (the root: no origin) matches the
    filters; every case of those disputes counts, wherever it was filed."""
    roots = Case.objects.filter(origin__isnull=True)
    if court_ids is not None:
        roots = roots.filter(court_id__in=court_ids)
    if scope is not None:
        roots = scope.filter(roots, court="court", party=PARTY_PATH)
    if date_from:
        roots = roots.filter(filed_on__gte=date_from)
    if date_to:
        roots = roots.filter(filed_on__lte=date_to)
    if cause:
        roots = roots.filter(cause_text=cause)
    if type_code:
        roots = roots.filter(type_code=type_code)
    cases = Case.objects.filter(dispute_id__in=roots.values("dispute_id"))
    litigation = ~Q(type_code__in=NOT_LITIGATION)
    totals = cases.aggregate(
        cases=Count("pk"),
        disputes=Count("dispute_id", distinct=True),
        litigation_cases=Count("pk", filter=litigation),
        litigation_disputes=Count("dispute_id", filter=litigation, distinct=True),
    )
    by_kind = dict(cases.exclude(derivative_kind="").values_list("derivative_kind").annotate(n=Count("pk")))
    return {
        "cases": totals["cases"],
        "disputes": totals["disputes"],
        "litigation_cases": totals["litigation_cases"],
        "litigation_disputes": totals["litigation_disputes"],
        "case_per_dispute": _ratio(totals["litigation_cases"], totals["litigation_disputes"]),
        "all_procedures_per_dispute": _ratio(totals["cases"], totals["disputes"]),
        "derivative": {kind: by_kind.get(kind, 0) for kind in KINDS},
    }


def party_cases(user: Any, party_id: int) -> QuerySet[Case]:
    """A party's cases across courts, within the user's scope."""
    return (
        scoped(user)
        .filter(parties__party_id=party_id)
        .select_related("court")
        .distinct()
        .order_by("-filed_on")
    )


def running_deadlines() -> QuerySet[CaseDeadline]:
    """Deadlines still running: neither met nor ended, on a case that is not closed. Every overdue list
    (the command center, governance) starts here, so a closed case never counts as overdue."""
    return CaseDeadline.objects.filter(
        met_on__isnull=True, ended_on__isnull=True, case__closed_on__isnull=True
    ).exclude(case__status=CLOSED)


def overdue_deadlines(today: dt.date) -> QuerySet[CaseDeadline]:
    """Running deadlines whose last day was before ``today``."""
    return running_deadlines().filter(due__lt=today)


def handler_candidates(case: Case) -> list[tuple[str, str]]:
    """(username, name) of the active users of the case's court who may handle it: holding the permission
    its type needs (``law.separation.required_permission``) and not barred by 审执分离 from it."""
    needed = required_permission(case.type_code)
    users = User.objects.filter(court_id=case.court_id, is_active=True)
    if needed is not None:
        roles = [code for code, role in matrix().roles.items() if needed in role.permissions]
        users = users.filter(roles__role__in=roles)
    barred = conflicting_people(case)
    return [
        (u.username, u.full_name or u.username)
        for u in users.distinct().order_by("username")
        if u.pk not in barred
    ]


# ------------------------------------------------------------------------------------- handlers (承办人)


def _current_handler_rows() -> QuerySet[Assignment]:
    """The current handler assignment of the outer query's case (for ``Exists``)."""
    return Assignment.objects.filter(case=OuterRef("pk"), capacity=Capacity.HANDLER, ended_on__isnull=True)


def handler_names(case_ids: Iterable[int]) -> dict[int, str]:
    """The name of each case's current handler (the person's name, their user name only when the account
    has none), by case id; a case without a handler is absent."""
    rows = list(
        Assignment.objects.filter(
            case_id__in=list(case_ids), capacity=Capacity.HANDLER, ended_on__isnull=True
        ).order_by("case_id", "-assigned_on", "-pk")
    )
    names = person_names({r.user_id for r in rows})
    found: dict[int, str] = {}
    for r in rows:
        found.setdefault(r.case_id, names.get(r.user_id) or r.user_name)
    return found


def person_names(user_ids: Iterable[int]) -> dict[int, str]:
    """The names of these people (their user name where the account has no name), by user id — for apps
    above cases, which talk to accounts through cases (:func:`zhiyuan.accounts.selectors.person_names`)."""
    return {k: v for k, v in accounts_selectors.person_names(ids=user_ids).items() if isinstance(k, int)}


def _open(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.filter(closed_on__isnull=True).exclude(status=CLOSED)


def _with_next_due(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with ``next_due``: the earliest last day of its running deadlines (None: none runs)."""
    running = Q(deadlines__met_on__isnull=True, deadlines__ended_on__isnull=True)
    return qs.annotate(next_due=Min("deadlines__due", filter=running))


def my_open_cases(user: Any) -> QuerySet[Case]:
    """The open cases in ``user``'s scope that ``user`` handles now, the most pressing deadline first
    (cases without a running deadline last)."""
    qs = _open(scoped(user)).filter(Exists(_current_handler_rows().filter(user_id=user.pk)))
    return _with_next_due(qs.select_related("court")).order_by(
        F("next_due").asc(nulls_last=True), "filed_on", "pk"
    )


def my_deadline_warnings(user: Any, today: dt.date, within: int) -> QuerySet[CaseDeadline]:
    """Running deadlines of the cases ``user`` handles that are overdue or end within ``within`` days
    (节点预警), the earliest first."""
    mine = my_open_cases(user).values("pk")
    return (
        running_deadlines()
        .filter(case__in=mine, due__lte=today + dt.timedelta(days=within))
        .select_related("case")
        .order_by("due", "pk")
    )


def unassigned_enforcement(user: Any) -> QuerySet[Case]:
    """Open enforcement cases (执行实施 and 执行审查) in scope that have no handler yet (待分案), the oldest
    first."""
    types = ENFORCEMENT_ACTION | ENFORCEMENT_REVIEW
    qs = _open(scoped(user)).filter(type_code__in=types).exclude(Exists(_current_handler_rows()))
    return _with_next_due(qs.select_related("court")).order_by("filed_on", "pk")


def open_reviews(user: Any) -> QuerySet[Case]:
    """Open review cases (执行异议、复议、监督…) in scope, the most pressing deadline first."""
    qs = _open(scoped(user)).filter(type_code__in=REVIEW_TYPES)
    return _with_next_due(qs.select_related("court")).order_by(
        F("next_due").asc(nulls_last=True), "filed_on", "pk"
    )


def approvals_waiting(user: Any) -> QuerySet[Approval]:
    """Pending approval requests ``user`` may decide: on cases of their own court (本院院长批准), in scope,
    not asked for by themselves; the oldest first."""
    court_id = getattr(user, "court_id", None)
    if court_id is None:
        return Approval.objects.none()
    return (
        Approval.objects.filter(
            status=ApprovalStatus.PENDING, case__court_id=court_id, case__in=scoped(user).values("pk")
        )
        .exclude(requested_by_id=user.pk)
        .select_related("case")
        .order_by("requested_on", "pk")
    )


def own_cases(user: Any) -> QuerySet[Case]:
    """A party's cases (the scope of a party is their own cases): open ones first, then by filing date."""
    return _with_next_due(scoped(user).select_related("court")).order_by(
        F("closed_on").asc(nulls_first=True), "-filed_on", "pk"
    )


# ------------------------------------------------------------------------- the command center's figures


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def open_cases_q(prefix: str = "") -> Q:
    """Open (not closed) cases, from a model whose path to the case is ``prefix`` (``""`` for Case)."""
    return Q(**{f"{prefix}closed_on__isnull": True}) & ~Q(**{f"{prefix}status": CLOSED})


def overdue_case_q(today: dt.date) -> Exists:
    """For a Case query: the case has a running deadline past due (the overdue nodes' definition)."""
    return Exists(overdue_deadlines(today).filter(case=OuterRef("pk")))


def warned_case_q(today: dt.date, days: int) -> Exists:
    """For a Case query: the node log gave the case a warning (``payload.warning``) within the last
    ``days`` days (the node warnings of the case-node supervision: overdue, abnormal_result, …)."""
    since = today - dt.timedelta(days=days)
    return Exists(
        NodeLog.objects.filter(case=OuterRef("pk"), on__gte=since, on__lte=today, payload__has_key="warning")
    )


def handler_load(court_ids: Iterable[int], today: dt.date) -> dict[int, dict[str, int]]:
    """Per person (user id): the open cases of these courts they handle now (``open``) and those among them
    with an overdue running deadline (``overdue``) — one GROUP BY."""
    rows = (
        Case.objects.filter(open_cases_q(), court_id__in=list(court_ids))
        .annotate(late=overdue_case_q(today))
        .filter(assignments__capacity=Capacity.HANDLER, assignments__ended_on__isnull=True)
        .values("assignments__user_id")
        .annotate(open=Count("pk", distinct=True), overdue=Count("pk", filter=Q(late=True), distinct=True))
    )
    return {r["assignments__user_id"]: {"open": r["open"], "overdue": r["overdue"]} for r in rows}


def handler_closings(court_ids: Iterable[int], since: dt.date, until: dt.date) -> dict[int, dict[str, int]]:
    """Per person: cases of these courts closed between ``since`` and ``until`` with them as handler at the
    closing (the handler then: not reassigned before the closing date), by month ``YYYY-MM``."""
    rows = (
        Assignment.objects.filter(
            capacity=Capacity.HANDLER,
            case__court_id__in=list(court_ids),
            case__closed_on__gte=since,
            case__closed_on__lte=until,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=F("case__closed_on")))
        .annotate(month=TruncMonth("case__closed_on"))
        .values("user_id", "month")
        .annotate(n=Count("case_id", distinct=True))
    )
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r["user_id"], {})[f"{r['month']:%Y-%m}"] = r["n"]
    return out


def handled_open_cases(user_id: int) -> QuerySet[Case]:
    """The open cases a person handles now, the most pressing deadline first (the command center's
    drill-down to a person; the caller has checked the person is in scope)."""
    qs = Case.objects.filter(open_cases_q()).filter(Exists(_current_handler_rows().filter(user_id=user_id)))
    return _with_next_due(qs.select_related("court")).order_by(
        F("next_due").asc(nulls_last=True), "filed_on", "pk"
    )
