"""Reads of the refusal workflow: a case's referrals and sanctions, the overdue police answers, and the
campaign figures (cases referred, accepted by the police, convicted, money recovered because of the
referral) over the courts a user sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.models import Referral, ReferralOutcome, ReferralState, Sanction, SanctionState

SENT = (ReferralState.REFERRED, ReferralState.FILED, ReferralState.DECLINED, ReferralState.CLOSED)


def referrals_of(case: Case) -> QuerySet[Referral]:
    """A case's referrals, newest first."""
    return Referral.objects.filter(case=case).select_related("suspect__party", "private_case")


def sanctions_of(case: Case) -> QuerySet[Sanction]:
    """A case's fines and detentions, newest first."""
    return Sanction.objects.filter(case=case)


def referral_for(user: Any, pk: int) -> Referral | None:
    """A referral of a court ``user`` sees (None otherwise)."""
    return (
        Referral.objects.filter(pk=pk, court_id__in=scope_of(user).court_ids)
        .select_related("case", "suspect__party", "private_case")
        .first()
    )


def sanction_for(user: Any, pk: int) -> Sanction | None:
    """A sanction of a court ``user`` sees (None otherwise)."""
    return (
        Sanction.objects.filter(pk=pk, court_id__in=scope_of(user).court_ids).select_related("case").first()
    )


def overdue(court_ids: Any, today: dt.date) -> QuerySet[Referral]:
    """Referrals whose police answer is past its last day."""
    return Referral.objects.filter(
        court_id__in=court_ids, state=ReferralState.REFERRED, decide_by__lt=today
    ).select_related("case")


@dataclass(frozen=True)
class Figures:
    """The campaign's figures (打击拒执) over some courts and a period of referral dates."""

    referred: int
    accepted: int
    declined: int
    overdue: int
    private: int
    convicted: int
    recovered: Decimal
    fines: int
    fines_amount: Decimal
    detentions: int

    def as_dict(self) -> dict[str, Any]:
        """JSON form (money as yuan strings)."""
        out = dict(self.__dict__)
        out["recovered"], out["fines_amount"] = str(self.recovered), str(self.fines_amount)
        return out


def figures(
    court_ids: Any, today: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> Figures:
    """Referrals sent in [``start``, ``end``] (all when None) at ``court_ids``: how many, how many the police
    accepted (answered 立案; a decline always carries reasons), declined, are overdue, went to private
    prosecution, ended in conviction, and the money recovered; the approved fines and detentions decided
    in the same period."""
    sent = Referral.objects.filter(court_id__in=court_ids, state__in=SENT)
    sanctions = Sanction.objects.filter(court_id__in=court_ids, state=SanctionState.APPROVED)
    if start is not None:
        sent, sanctions = sent.filter(referred_on__gte=start), sanctions.filter(decided_on__gte=start)
    if end is not None:
        sent, sanctions = sent.filter(referred_on__lte=end), sanctions.filter(decided_on__lte=end)
    r = sent.aggregate(
        referred=Count("pk"),
        accepted=Count("pk", filter=Q(answered_on__isnull=False, decline_reasons="")),
        declined=Count("pk", filter=Q(answered_on__isnull=False, decline_reasons__gt="")),
        overdue=Count("pk", filter=Q(state=ReferralState.REFERRED, decide_by__lt=today)),
        private=Count("pk", filter=Q(private_case__isnull=False)),
        convicted=Count("pk", filter=Q(outcome=ReferralOutcome.CONVICTED)),
        recovered=Sum("recovered_amount"),
    )
    s = sanctions.aggregate(
        fines=Count("pk", filter=Q(kind="fine")),
        fines_amount=Sum("amount", filter=Q(kind="fine")),
        detentions=Count("pk", filter=Q(kind="detention")),
    )
    return Figures(
        referred=r["referred"],
        accepted=r["accepted"],
        declined=r["declined"],
        overdue=r["overdue"],
        private=r["private"],
        convicted=r["convicted"],
        recovered=r["recovered"] or Decimal("0.00"),
        fines=s["fines"],
        fines_amount=s["fines_amount"] or Decimal("0.00"),
        detentions=s["detentions"],
    )


def overview_figures(court_ids: list[int] | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    """For the command center's overview (``command.overview.OPTIONAL_FIGURES``; the district's courts,
    already scoped there): the 打击拒执 campaign's figures for referrals sent from ``start`` to ``end``."""
    ids = court_ids if court_ids is not None else Referral.objects.values_list("court_id", flat=True)
    f = figures(ids, timezone.localdate(), start, end)
    return {
        "referred": f.referred,
        "accepted": f.accepted,
        "declined": f.declined,
        "overdue": f.overdue,
        "private": f.private,
        "convicted": f.convicted,
        "recovered_amount": str(f.recovered),
        "fines": f.fines,
        "detentions": f.detentions,
    }


def _own_court(user: Any) -> list[int]:
    """The user's own court (none for a user of no court)."""
    court_id = getattr(user, "court_id", None)
    return [court_id] if court_id is not None else []


def sanctions_to_approve(user: Any) -> QuerySet[Sanction]:
    """Fines and detentions of the user's own court awaiting the president, not proposed by the user."""
    return (
        Sanction.objects.filter(court_id__in=_own_court(user), state=SanctionState.PENDING)
        .exclude(proposed_by_id=user.pk)
        .select_related("case")
        .order_by("proposed_on", "pk")
    )


def referrals_to_approve(user: Any) -> QuerySet[Referral]:
    """Referrals of the user's own court awaiting approval, not proposed by the user."""
    return (
        Referral.objects.filter(court_id__in=_own_court(user), state=ReferralState.PENDING)
        .exclude(proposed_by_id=user.pk)
        .select_related("case", "suspect__party")
        .order_by("proposed_on", "pk")
    )


def awaiting_police(user: Any) -> QuerySet[Referral]:
    """Referrals of the courts the user sees still waiting for the police's answer, the earliest due first."""
    return (
        Referral.objects.filter(court_id__in=scope_of(user).court_ids, state=ReferralState.REFERRED)
        .select_related("case", "suspect__party")
        .order_by("decide_by", "pk")
    )
