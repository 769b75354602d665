"""Reads about credit sanctions, court-scoped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases.models import Case
from zhiyuan.credit.models import (
    IN_FORCE,
    Correction,
    Listing,
    ListingStatus,
    Restoration,
    RestorationStatus,
    Restriction,
    RestrictionStatus,
    TravelException,
)


def listings(user: Any) -> QuerySet[Listing]:
    """Every listing of the courts ``user`` sees."""
    return scope_of(user).filter(Listing.objects.select_related("case", "party"), court="court")


def listing(user: Any, pk: int) -> Listing | None:
    """One listing in scope."""
    return listings(user).filter(pk=pk).first()


def of_case(case: Case) -> QuerySet[Listing]:
    """A case's listings (the caller has checked the case is in scope)."""
    return Listing.objects.filter(case=case).order_by("-pk")


def _awaiting(user: Any, proposals: QuerySet[Any], court: str) -> QuerySet[Any]:
    """``proposals`` an approver may decide: at the approver's own court (the field ``court``), not proposed
    by the approver; oldest first."""
    court_id = getattr(user, "court_id", None)
    if court_id is None:
        return proposals.none()
    return (
        proposals.filter(**{court: court_id})
        .exclude(proposed_by_id=user.pk)
        .select_related("case")
        .order_by("proposed_on", "pk")
    )


def to_approve(user: Any) -> QuerySet[Listing]:
    """Listing proposals awaiting the approver's decision."""
    return _awaiting(user, Listing.objects.filter(status=ListingStatus.PENDING), "court_id")


def to_sign(user: Any) -> QuerySet[Restriction]:
    """Restriction orders awaiting the approver's signature."""
    return _awaiting(user, Restriction.objects.filter(status=RestrictionStatus.PROPOSED), "case__court_id")


def in_force_of(user: Any) -> QuerySet[Listing]:
    """Listings in force (decided, awaiting publication or published) in scope."""
    return listings(user).filter(status__in=IN_FORCE)


def corrections_of(listing: Listing) -> QuerySet[Correction]:
    """A listing's correction requests."""
    return Correction.objects.filter(listing=listing).order_by("-requested_on", "-pk")


def restrictions_of(case: Case) -> QuerySet[Restriction]:
    """A case's consumption restriction orders."""
    return Restriction.objects.filter(case=case).prefetch_related("exceptions").order_by("pk")


def restriction(user: Any, pk: int) -> Restriction | None:
    """One restriction order of the courts ``user`` sees."""
    rows = scope_of(user).filter(Restriction.objects.select_related("case"), court="case__court")
    return rows.filter(pk=pk).first()


def exception(user: Any, pk: int) -> TravelException | None:
    """One travel exception request of the courts ``user`` sees."""
    rows = TravelException.objects.select_related("restriction__case")
    return scope_of(user).filter(rows, court="restriction__case__court").filter(pk=pk).first()


#: who reads a case's listings and restrictions beyond the public list (the proposal's evidence, the
#: decision document, the restricted persons' numbers): the officers, approvers and reviewers — viewing the
#: case (mediators, trial judges, clerks, the command center) is not enough
READERS = frozenset({"credit:list", "credit:restrict", "credit:lift", "approval:grant", "enforcement:review"})


def reads(user: Any, request: Any = None) -> bool:
    """Whether ``user`` may read credit records beyond the public list (no audit: what pages offer)."""
    return bool(READERS & permissions_for(user, request))


def figures(
    court_ids: list[int] | None, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """For the command center's overview: listings published in the period (``listed``), listings deleted in
    the period (``deleted``) and of them those deleted by their deadline (``deleted_on_time``), restoration
    requests granted in the period (``restored``), and restrictions in force now (``restrictions_in_force``)
    — over the cases of ``court_ids`` (every court when None)."""
    listings = Listing.objects.all()
    restrictions = Restriction.objects.filter(status="in_force")
    restored = Restoration.objects.filter(status=RestorationStatus.GRANTED)
    if court_ids is not None:
        listings = listings.filter(court_id__in=court_ids)
        restrictions = restrictions.filter(case__court_id__in=court_ids)
        restored = restored.filter(listing__court_id__in=court_ids)
    published, deleted = (
        listings.filter(published_on__isnull=False),
        listings.filter(deleted_on__isnull=False),
    )
    if date_from:
        published = published.filter(published_on__gte=date_from)
        deleted = deleted.filter(deleted_on__gte=date_from)
        restored = restored.filter(decided_on__gte=date_from)
    if date_to:
        published = published.filter(published_on__lte=date_to)
        deleted = deleted.filter(deleted_on__lte=date_to)
        restored = restored.filter(decided_on__lte=date_to)
    return {
        "listed": published.count(),
        "deleted": deleted.count(),
        "deleted_on_time": deleted.filter(delete_by__isnull=False, deleted_on__lte=F("delete_by")).count(),
        "restored": restored.count(),
        "restrictions_in_force": restrictions.count(),
    }


def listing_in_force_of(case: Case) -> Listing | None:
    """The case's latest listing in force (decided and not deleted), if any — the 终本 checklist reads it."""
    return of_case(case).filter(status__in=IN_FORCE).first()


def restrictions_in_force_of(case: Case) -> QuerySet[Restriction]:
    """A case's consumption restriction orders in force — the 终本 checklist reads them."""
    return Restriction.objects.filter(case=case, status=RestrictionStatus.IN_FORCE).order_by("pk")
