"""Reads of delegated mediations: the scoped list and detail, the parties of a mediation in the
executability contract's format, and the overview figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, overload

from django.db.models import Count, Q, QuerySet

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case, Side
from zhiyuan.mediation.models import Mediation, MediationStatus

PARTY_PATH = "case__parties__party__id_number_hash"
#: the contract's party role of each side by default: the applicant claims, the respondent owes
DEFAULT_ROLE = {Side.PLAINTIFF: "creditor", Side.DEFENDANT: "debtor", Side.THIRD_PARTY: "other"}
REF_PREFIX = {Side.PLAINTIFF: "A", Side.DEFENDANT: "R", Side.THIRD_PARTY: "T"}


def scoped(user: Any) -> QuerySet[Mediation]:
    """The mediations ``user`` may see: court staff their courts', partner users their organization's
    (``None`` is the system and sees all)."""
    qs = Mediation.objects.all()
    if user is None:
        return qs
    return scope_of(user).filter(qs, court="case__court", organization="organization", party=PARTY_PATH)


def listing(user: Any, *, status: str = "", organization: str = "") -> QuerySet[Mediation]:
    """Mediations in scope, newest first."""
    qs = scoped(user).select_related("case", "case__court", "organization", "mediator")
    if status:
        qs = qs.filter(status=status)
    if organization:
        qs = qs.filter(organization__code=organization)
    return qs.order_by("-opened_on", "-pk")


def detail(user: Any, pk: int) -> Mediation | None:
    """One mediation in scope, with what its page shows."""
    return (
        scoped(user)
        .filter(pk=pk)
        .select_related("case", "case__court", "organization", "mediator", "follow_up")
        .prefetch_related("case__parties__party", "case__nodes", "sessions", "extensions")
        .first()
    )


class Shaped(Sequence[dict[str, Any]]):
    """The rows of ``query`` shaped by ``shape`` (e.g. into an API row) only as a page of them is read:
    what django-ninja's pagination slices, and counts with ``len`` (one COUNT query)."""

    def __init__(self, query: QuerySet[Any], shape: Callable[[Any], dict[str, Any]]) -> None:
        self.query, self.shape = query, shape

    def __len__(self) -> int:
        return self.query.count()

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self.shape(row) for row in self.query[index]]
        return self.shape(self.query[index])


def contract_parties(case: Case, roles: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The case's parties as the executability contract names them: refs A1… (applicants), R1…
    (respondents), T1… (others); roles default by side and may be overridden per ref."""
    counters: dict[str, int] = {}
    out = []
    for cp in sorted(case.parties.all(), key=lambda cp: (Side.values.index(cp.side), cp.position)):
        counters[cp.side] = counters.get(cp.side, 0) + 1
        ref = f"{REF_PREFIX[Side(cp.side)]}{counters[cp.side]}"
        out.append(
            {
                "ref": ref,
                "name": cp.display_name,
                "id_type": cp.party.id_type,
                "id_number": cp.party.id_number,
                "role": (roles or {}).get(ref, DEFAULT_ROLE[Side(cp.side)]),
                "party_id": cp.party_id,
                "side": cp.side,
            }
        )
    return out


def _rate(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    return float((Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), ROUND_HALF_UP))


def figures(
    court_ids: list[int] | None, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """诉前调解 figures for the overview over mediations delegated in [date_from, date_to] at these courts
    (None: all courts): counts by outcome, ``mediation_success_rate`` = succeeded ÷ (succeeded + failed)
    (withdrawn and pending ones have no outcome) and ``mean_mediation_days`` from delegation to the end of
    the concluded ones; both None on an empty denominator."""
    qs = Mediation.objects.all()
    if court_ids is not None:
        qs = qs.filter(case__court_id__in=court_ids)
    if date_from:
        qs = qs.filter(opened_on__gte=date_from)
    if date_to:
        qs = qs.filter(opened_on__lte=date_to)
    counts = qs.aggregate(
        delegated=Count("pk"),
        succeeded=Count("pk", filter=Q(status=MediationStatus.SUCCEEDED)),
        failed=Count("pk", filter=Q(status=MediationStatus.FAILED)),
        withdrawn=Count("pk", filter=Q(status=MediationStatus.WITHDRAWN)),
        pending=Count("pk", filter=Q(status=MediationStatus.MEDIATING)),
    )
    concluded = list(
        qs.filter(
            closed_on__isnull=False, status__in=[MediationStatus.SUCCEEDED, MediationStatus.FAILED]
        ).values_list("opened_on", "closed_on")
    )
    days = [(closed - opened).days for opened, closed in concluded if closed is not None]
    mean = (
        float((Decimal(sum(days)) / Decimal(len(days))).quantize(Decimal("0.1"), ROUND_HALF_UP))
        if days
        else None
    )
    return {
        "mediation_success_rate": _rate(counts["succeeded"], counts["succeeded"] + counts["failed"]),
        "mean_mediation_days": mean,
        **counts,
    }


# ------------------------------------------------------------------------------------------ workbench


def open_mediations(user: Any) -> QuerySet[Mediation]:
    """Mediations in ``user``'s scope still being mediated, the nearest end of the period first."""
    return (
        scoped(user)
        .filter(status=MediationStatus.MEDIATING)
        .select_related("case", "organization", "mediator")
        .order_by("deadline", "pk")
    )


def without_session(user: Any) -> QuerySet[Mediation]:
    """Open mediations in scope with no session recorded yet (a session is due before the period ends)."""
    return open_mediations(user).filter(sessions__isnull=True)


def ending_within(user: Any, today: dt.date, days: int) -> QuerySet[Mediation]:
    """Open mediations in scope whose period ended or ends within ``days`` days."""
    return open_mediations(user).filter(deadline__lte=today + dt.timedelta(days=days))


#: the follow-up case's states in which the judge acts on a confirmation request (accept, then rule)
CONFIRMATION_WAITING = ("filed", "accepted")


def confirmations_waiting(user: Any) -> QuerySet[Mediation]:
    """Successful mediations in scope whose request for judicial confirmation waits to be accepted
    (``filed``) or ruled on (``accepted``), the oldest request first."""
    return (
        scoped(user)
        .filter(
            status=MediationStatus.SUCCEEDED,
            follow_up__isnull=False,
            follow_up__status__in=CONFIRMATION_WAITING,
        )
        .select_related("case", "follow_up", "organization")
        .order_by("follow_up__filed_on", "pk")
    )
