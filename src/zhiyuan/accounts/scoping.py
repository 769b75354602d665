"""Court scoping: the ONE place that decides which records a user may see.

A basic court sees its own cases; an intermediate court its district (itself and the basic courts under
it); the high court the province; a partner organization only what was delegated to it; a party only
their own cases; an administrator no case data at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from zhiyuan.accounts.matrix import ADMINISTRATOR, matrix
from zhiyuan.courts.models import Court
from zhiyuan.parties.selectors import identity_hash

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """The records a user may see, by court, organization and party identity."""

    court_ids: frozenset[int] = frozenset()
    organization_id: int | None = None
    party_hash: str | None = None

    @property
    def empty(self) -> bool:
        """Sees nothing."""
        return not self.court_ids and self.organization_id is None and not self.party_hash

    def filter(
        self,
        qs: QuerySet[M],
        *,
        court: str | None = "court",
        organization: str | None = None,
        party: str | None = None,
    ) -> QuerySet[M]:
        """Narrow ``qs`` to this scope. The arguments name the lookup paths from the model to the court,
        to the delegated organization and to the party identity hash; a path left None cannot match."""
        condition = Q(pk__in=[])
        if self.court_ids and court is not None:
            condition |= Q(**{f"{court}__in" if court else "pk__in": self.court_ids})
        if self.organization_id is not None and organization is not None:
            condition |= Q(**{organization: self.organization_id})
        if self.party_hash and party is not None:
            condition |= Q(**{party: self.party_hash})
        result = qs.filter(condition)
        joins_many = any(path and "__" in path for path in (organization, party))
        return result.distinct() if joins_many else result


def district(court_id: int) -> frozenset[int]:
    """A court and every court below it (the hierarchy is at most four levels deep)."""
    found = {court_id}
    frontier = {court_id}
    while frontier:
        frontier = set(Court.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return frozenset(found)


def scope_of(user: Any) -> Scope:
    """The scope of ``user`` (cached on the instance for the request)."""
    cached: Scope | None = getattr(user, "_scope", None)
    if cached is not None:
        return cached
    scope = Scope()
    if getattr(user, "is_authenticated", False) and user.is_active:
        kinds = {matrix().roles[r].kind for r in user.role_codes if r in matrix().roles}
        if ADMINISTRATOR in kinds or not kinds:
            scope = Scope()
        elif "court_staff" in kinds and user.court_id:
            scope = Scope(court_ids=district(user.court_id))
        elif "partner" in kinds and user.organization_id:
            scope = Scope(organization_id=user.organization_id)
        elif "party" in kinds and user.id_number:
            scope = Scope(party_hash=identity_hash(user.id_number))
    user._scope = scope
    return scope
