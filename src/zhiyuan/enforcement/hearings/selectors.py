"""Reads of hearings: one hearing or a case's hearings in the user's scope, a reviewer's own hearings, the
public announcement list (no sign-in: masked names, no identity numbers), and the figures for the command
center (per court and period, scoped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.enforcement.hearings import rules
from zhiyuan.enforcement.models import Hearing, HearingState
from zhiyuan.law import hearings as law
from zhiyuan.privacy.masking import mask_name

HELD_STATES = (HearingState.HELD, HearingState.DECIDED, HearingState.CLOSED)


def scoped(user: Any) -> QuerySet[Hearing]:
    """Hearings of the courts ``user`` sees."""
    return scope_of(user).filter(Hearing.objects.all(), court="court").select_related("case", "linked")


def hearing_for(user: Any, pk: int) -> Hearing | None:
    """One hearing in ``user``'s scope."""
    return scoped(user).filter(pk=pk).first()


def of_case(case: Case) -> list[Hearing]:
    """A case's hearings (on it, or on reviews of it), newest first."""
    return list(
        Hearing.objects.filter(Q(case=case) | Q(linked=case))
        .select_related("case")
        .prefetch_related("participants")
        .order_by("-starts_at", "-pk")
    )


def mine(user: Any) -> QuerySet[Hearing]:
    """The hearings ``user`` presides over that are still to be held or decided, soonest first."""
    return (
        Hearing.objects.filter(presiding_id=user.pk, state__in=(HearingState.SCHEDULED, HearingState.HELD))
        .select_related("case")
        .order_by("starts_at", "pk")
    )


def matter_names(on: dt.date | None = None) -> dict[str, tuple[str, str]]:
    """code → (zh, en) of the matters in force."""
    return {m.code: (m.zh, m.en) for m in law.matters(rules.params(), on)}


@dataclass(frozen=True)
class PublicHearing:
    """One line of the public announcement: no identity numbers, people's names masked."""

    case_number: str
    court: str
    matter_zh: str
    matter_en: str
    starts_at: dt.datetime
    mode: str
    place: str
    parties: str


def public_upcoming(now: dt.datetime | None = None, limit: int = 200) -> list[PublicHearing]:
    """Upcoming public hearings of the province (every court), soonest first. An online hearing shows
    that it is online, not its link."""
    now = now or timezone.now()
    names = matter_names()
    rows = (
        Hearing.objects.filter(public=True, state=HearingState.SCHEDULED, starts_at__gte=now)
        .select_related("case", "court")
        .prefetch_related("participants")
        .order_by("starts_at", "pk")[:limit]
    )
    out = []
    for h in rows:
        zh, en = names.get(h.matter, (h.matter, h.matter))
        parties = "、".join(mask_name(p.name) for p in h.participants.all() if p.case_party_id is not None)
        out.append(
            PublicHearing(
                h.case.case_number,
                h.court.name,
                zh,
                en,
                h.starts_at,
                h.mode,
                h.place if h.mode == "room" else "",
                parties,
            )
        )
    return out


def figures(
    user: Any, start: dt.date, end: dt.date, court_ids: frozenset[int] | None = None
) -> dict[str, Any]:
    """The hearing figures of the courts ``user`` sees (narrowed to ``court_ids``) for hearings held (and,
    for the share, objection cases filed) from ``start`` to ``end`` inclusive:

    - ``held``: hearings held; ``by_matter``: held per matter code; ``outcomes``: per outcome (decided);
    - ``objection_share``: of the 执异 cases filed in the period, the share with a hearing held (None when
      none was filed);
    - ``median_days_to_hearing``: median days from the request to the hearing of those held (None when
      none)."""
    courts = scope_of(user).court_ids
    if court_ids is not None:
        courts = courts & court_ids
    return _figures(courts, start, end)


def overview_figures(court_ids: list[int] | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    """For the command center's overview (the district's courts, already scoped there): hearings held
    (``held``), 执异 cases filed and heard (``objections_filed``, ``objections_heard``), the share heard
    (``objection_heard_rate``) and the median days from request to hearing (``median_wait_days``)."""
    ids = set(court_ids) if court_ids is not None else set(Court.objects.values_list("pk", flat=True))
    f = _figures(ids, start, end)
    return {
        "held": f["held"],
        "objections_filed": f["objections_filed"],
        "objections_heard": f["objections_heard"],
        "objection_heard_rate": f["objection_share"],
        "median_wait_days": f["median_days_to_hearing"],
    }


def _figures(courts: Collection[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    held = Hearing.objects.filter(
        court_id__in=courts, state__in=HELD_STATES, held_on__gte=start, held_on__lte=end
    )
    by_matter = dict(held.values_list("matter").annotate(n=Count("pk")).values_list("matter", "n"))
    outcomes = dict(
        held.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n")
    )
    waits = [(h - r).days for h, r in held.values_list("held_on", "requested_on") if h is not None]
    objections = Case.objects.filter(
        court_id__in=courts, type_code="执异", filed_on__gte=start, filed_on__lte=end
    )
    filed = objections.count()
    heard = objections.filter(hearings__state__in=HELD_STATES).distinct().count() if filed else 0
    return {
        "held": sum(by_matter.values()),
        "by_matter": by_matter,
        "outcomes": outcomes,
        "objections_filed": filed,
        "objections_heard": heard,
        "objection_share": heard / filed if filed else None,
        "median_days_to_hearing": median(waits) if waits else None,
    }
