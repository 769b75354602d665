"""Standing re-query orders (定期复查): the debtor's assets are asked again every ``interval_months``
months for ``years`` years after a date — after 终本, every six months for five years (终本规定 Art 9;
``network.requery_interval_months``, ``network.requery_years``), the dates ``starts_on`` + 6, 12, …, 60
months. A daily job asks the due ones (one inquiry however many dates were missed, then the next date
after today); the officer can also ask at once (:func:`.services.ask`) and stop the order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import log_node
from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement.inquiries import services
from zhiyuan.enforcement.models import StandingRequery, StandingState
from zhiyuan.gateway.protocol import AssetClass
from zhiyuan.law.calendar import add_months
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party

SYSTEM = Actor.system("requery")
#: what a re-query asks: every class that can show property (not tax, household, travel or marriage records)
CLASSES = [
    c.value
    for c in AssetClass
    if c not in {AssetClass.TAX, AssetClass.HOUSEHOLD, AssetClass.ENTRY_EXIT, AssetClass.MARRIAGE}
]


def parameters() -> tuple[int, int, str]:
    """The interval in months, the years and their source, from the law's parameters."""
    params = courts.reference().params
    interval = params["network.requery_interval_months"]
    years = params["network.requery_years"]
    source = f"{interval.citation.instrument}{interval.citation.article}"
    return int(interval.at(None)), int(years.at(None)), source


def schedule(starts_on: dt.date, interval_months: int, years: int) -> list[dt.date]:
    """Every date a re-query is due: ``starts_on`` + k·interval months, k = 1 … years·12 / interval."""
    return [add_months(starts_on, interval_months * k) for k in range(1, years * 12 // interval_months + 1)]


def next_after(sr: StandingRequery, day: dt.date) -> dt.date | None:
    """The first due date after ``day`` (None when the order has run its course)."""
    return next((d for d in schedule(sr.starts_on, sr.interval_months, sr.years) if d > day), None)


def start(
    user: Any,
    case: Case,
    starts_on: dt.date,
    debtor_id: int | None = None,
    request: Any = None,
) -> StandingRequery:
    """The officer sets a standing re-query from ``starts_on`` (the 终本 date)."""
    if not isinstance(starts_on, dt.date):
        raise LawError("date_invalid", "请填写起算日。", "The start date is required.", field="starts_on")
    if starts_on > timezone.localdate():
        raise LawError(
            "requery_start_in_future",
            "起算日（终本日期）不能晚于今天。",
            "The start (the date the current procedure was terminated) cannot be in the future.",
            field="starts_on",
        )
    services.check_case(user, case, services.INQUIRY_PERMISSION, request)
    debtor = services.pick_debtor(case, debtor_id)
    return begin(case, debtor, starts_on, actor_of(user, request))


def begin(case: Case, debtor: Party, starts_on: dt.date, who: Actor) -> StandingRequery:
    """Set a standing re-query of ``debtor`` from ``starts_on`` (inside the caller's transaction, when there
    is one), audited under ``who``: for a workflow that has checked who may act (the 终本 workflow starts
    one per debtor as it terminates)."""
    interval, years, source = parameters()
    with transaction.atomic():
        if StandingRequery.objects.filter(case=case, debtor=debtor, state=StandingState.ACTIVE).exists():
            raise LawError(
                "requery_running",
                "该被执行人已有进行中的定期复查。",
                "A standing re-query of this debtor is already set.",
            )
        sr = StandingRequery(
            case=case,
            debtor=debtor,
            classes=CLASSES,
            starts_on=starts_on,
            interval_months=interval,
            years=years,
            source=source,
            created_at=timezone.now(),
            created_by_name=who.name,
        )
        sr.next_due = next_after(sr, starts_on)
        sr.save()
        after = {"starts_on": starts_on.isoformat(), "interval_months": interval, "years": years}
        record(who, "enforcement.requery.start", obj=case, after=after)
        log_node(case, "standing_requery_start", timezone.localdate(), who, {"requery": sr.pk, **after})
    return sr


def stop(user: Any, sr: StandingRequery, request: Any = None) -> StandingRequery:
    """The officer stops a standing re-query."""
    services.check_case(user, sr.case, services.INQUIRY_PERMISSION, request)
    return end(sr, actor_of(user, request), user.get_full_name())


def end(sr: StandingRequery, who: Actor, by_name: str) -> StandingRequery:
    """Stop a standing re-query (inside the caller's transaction, when there is one), audited under
    ``who``; ``by_name`` is the person's name the page shows."""
    with transaction.atomic():
        sr = StandingRequery.objects.select_for_update().select_related("case").get(pk=sr.pk)
        if sr.state != StandingState.ACTIVE:
            raise LawError("requery_not_running", "该定期复查已结束。", "The standing re-query has ended.")
        sr.state, sr.stopped_by_name, sr.stopped_at = StandingState.STOPPED, by_name, timezone.now()
        sr.save()
        record(who, "enforcement.requery.stop", obj=sr.case, after={"requery": sr.pk, "runs": sr.runs})
        log_node(sr.case, "standing_requery_stop", timezone.localdate(), who, {"requery": sr.pk})
    return sr


def run_due(today: dt.date) -> int:
    """The daily job: ask every standing re-query due by ``today`` (idempotent: the next date moves past
    today in the same transaction); how many inquiries were asked."""
    with transaction.atomic():
        due = list(
            StandingRequery.objects.select_for_update()
            .select_related("case", "debtor")
            .filter(state=StandingState.ACTIVE, next_due__lte=today)
        )
        if not due:
            return 0
        services.ask_many(SYSTEM, [(sr.case, sr.debtor, sr.classes) for sr in due], "requery")
        for sr in due:
            sr.runs += 1
            sr.next_due = next_after(sr, today)
            if sr.next_due is None:
                sr.state = StandingState.FINISHED
        StandingRequery.objects.bulk_update(due, ["runs", "next_due", "state"])
    return len(due)
