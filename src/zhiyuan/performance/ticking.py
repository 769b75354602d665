"""The daily lapse check (``zhiyuan performance tick`` and the ``tick`` task): sanction warnings for due
dates that lapsed unmet, and the enforcement case (执) filed for every urging period that ended without
performance. Each title is one transaction under its row lock; running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.courts import selectors as courts
from zhiyuan.law import performance as law
from zhiyuan.parties.models import Party
from zhiyuan.performance import notices
from zhiyuan.performance.models import (
    FINAL_STATUSES,
    NoticeKind,
    Title,
    TitleStatus,
    Urging,
    UrgingStatus,
)
from zhiyuan.performance.services import SYSTEM, settle

ENFORCEMENT_TYPE = "执"
SIDES = {"creditor": "plaintiff", "debtor": "defendant"}


@dataclass
class TickReport:
    """What one run did."""

    today: dt.date
    warnings: list[str] = field(default_factory=list)
    filed: list[str] = field(default_factory=list)
    status_changes: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "today": self.today.isoformat(),
            "warnings": self.warnings,
            "filed": self.filed,
            "status_changes": self.status_changes,
        }


def tick(today: dt.date) -> TickReport:
    """Issue due sanction warnings and file the enforcement cases of lapsed urging periods."""
    report = TickReport(today)
    actor = Actor.system(SYSTEM)
    lag = int(law.chain_settings(courts.reference().params, today)["warn_after_days"])
    lapsed_titles = (
        Title.objects.exclude(status__in=[*FINAL_STATUSES, TitleStatus.PERFORMED])
        .filter(obligations__met_on__isnull=True, obligations__due__lte=today - dt.timedelta(days=lag))
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in list(lapsed_titles):
        with transaction.atomic():
            _warn(actor, pk, today, lag, report)
    for pk in list(
        Urging.objects.filter(status=UrgingStatus.OPEN, ends_on__lt=today).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            _lapse(actor, pk, today, report)
    return report


def _warn(actor: Actor, title_pk: int, today: dt.date, lag: int, report: TickReport) -> None:
    title = Title.objects.select_for_update().select_related("case__court").get(pk=title_pk)
    if title.status in FINAL_STATUSES:
        return
    before = title.status
    due_by = today - dt.timedelta(days=lag)
    for o in title.obligations.filter(met_on__isnull=True, warned_on__isnull=True, due__lte=due_by):
        o.warned_on = today
        o.save(update_fields=["warned_on"])
        report.warnings.append(
            notices.issue(actor, title, NoticeKind.SANCTION_WARNING, today, obligation=o).number
        )
    settle(actor, title, today)
    if title.status != before:
        report.status_changes += 1


def _lapse(actor: Actor, urging_pk: int, today: dt.date, report: TickReport) -> None:
    urging = Urging.objects.get(pk=urging_pk)
    title = Title.objects.select_for_update().select_related("case__court").get(pk=urging.title_id)
    urging = Urging.objects.select_for_update().get(pk=urging_pk)
    if urging.status != UrgingStatus.OPEN or title.status in FINAL_STATUSES:
        return  # a payment or another run got there first
    settle(actor, title, today)
    urging.refresh_from_db()
    if urging.status != UrgingStatus.OPEN:
        return
    outstanding = sum(
        (o.amount - o.paid for o in title.obligations.filter(kind="payment") if o.amount is not None),
        Decimal(0),
    )
    people = {p.pk: p for p in Party.objects.filter(pk__in=[p["party_id"] for p in title.parties])}
    parties_in = [
        cases.PartyIn(
            people[p["party_id"]].name,
            SIDES[p["role"]],
            people[p["party_id"]].id_number,
            people[p["party_id"]].id_type,
        )
        for p in title.parties
        if p.get("role") in SIDES
    ]
    case = cases.file_case(
        None,
        court_code=title.case.court_code,
        type_code=ENFORCEMENT_TYPE,
        filed_on=today,
        parties_in=parties_in,
        cause=title.case.cause_text,
        claim_amount=outstanding,
        origin=title.case,
        actor=actor,  # the tick's own (system) actor: no person moved this case
    )
    urging.status = UrgingStatus.FILED
    urging.closed_on = today
    urging.enforcement_case = case
    urging.save(update_fields=["status", "closed_on", "enforcement_case"])
    before = title.status
    title.status = TitleStatus.ENFORCEMENT_APPLIED
    title.save(update_fields=["status"])
    record(
        actor,
        "performance.urging.filed",
        obj=title.case,
        before={"status": before},
        after={"status": title.status, "enforcement_case": case.case_number},
    )
    report.filed.append(case.case_number)
