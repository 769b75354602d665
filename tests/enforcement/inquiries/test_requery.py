"""Standing re-query orders: every six months for five years after a date (终本规定 Art 9), month ends and
leap years, missed dates made up once, the order finishing after its last date, and the officer's stop."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.enforcement.inquiries import requery, tasks
from zhiyuan.enforcement.models import Inquiry, StandingRequery
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.scheduling.registry import jobs

D = dt.date


def test_the_schedule_is_ten_dates_six_months_apart_ending_at_five_years() -> None:
    dates = requery.schedule(D(2026, 8, 31), 6, 5)
    assert len(dates) == 10
    assert dates[0] == D(2027, 2, 28)  # no 31 February: the month's last day
    assert dates[2] == D(2028, 2, 29)  # a leap year
    assert dates[-1] == D(2031, 8, 31)  # exactly five years after
    assert requery.schedule(D(2026, 1, 15), 6, 5)[0] == D(2026, 7, 15)


@pytest.mark.django_db
def test_parameters_and_their_source_come_from_the_law(ref: Any) -> None:
    interval, years, source = requery.parameters()
    assert (interval, years) == (6, 5)
    assert "终结本次执行程序" in source
    assert "第九条" in source


@pytest.mark.django_db
def test_due_dates_ask_once_then_move_on_and_the_last_one_finishes_the_order(
    file_enforcement: Any, people: dict[str, Any]
) -> None:
    case: Case = file_enforcement(50000)
    sr = requery.start(people["officer"], case, D(2026, 8, 31))
    assert (sr.next_due, sr.interval_months, sr.years) == (D(2027, 2, 28), 6, 5)
    assert requery.run_due(D(2027, 2, 27)) == 0  # the day before
    assert requery.run_due(D(2027, 2, 28)) == 1  # the day itself
    assert requery.run_due(D(2027, 2, 28)) == 0  # idempotent
    sr.refresh_from_db()
    assert (sr.runs, sr.next_due) == (1, D(2027, 8, 31))
    inquiry = Inquiry.objects.get(case=case)
    assert inquiry.origin == "requery"
    assert "social_insurance" in inquiry.classes
    assert "marriage" not in inquiry.classes
    assert requery.run_due(D(2029, 1, 1)) == 1  # three dates missed: one inquiry, then the next date
    sr.refresh_from_db()
    assert (sr.runs, sr.next_due) == (2, D(2029, 2, 28))
    assert requery.run_due(D(2031, 8, 30)) == 1
    sr.refresh_from_db()
    assert (sr.next_due, sr.state) == (D(2031, 8, 31), "active")
    assert requery.run_due(D(2031, 8, 31)) == 1  # the tenth date, five years on
    sr.refresh_from_db()
    assert (sr.next_due, sr.state, sr.runs) == (None, "finished", 4)
    assert requery.run_due(D(2032, 3, 1)) == 0
    assert NodeLog.objects.filter(case=case, node="network_inquiry").count() == 4


@pytest.mark.django_db
def test_the_officer_stops_it_and_others_may_not_set_one(
    file_enforcement: Any, people: dict[str, Any]
) -> None:
    case: Case = file_enforcement(50000)
    with pytest.raises(Denied):
        requery.start(people["judge"], case, D(2026, 8, 31))
    with pytest.raises(Denied):
        requery.start(people["officer_zunyi"], case, D(2026, 8, 31))
    sr = requery.start(people["officer"], case, D(2026, 8, 31))
    with pytest.raises(LawError) as err:
        requery.start(people["officer"], case, D(2026, 9, 30))
    assert err.value.code == "requery_running"
    requery.stop(people["officer"], sr)
    assert StandingRequery.objects.get(pk=sr.pk).state == "stopped"
    assert requery.run_due(D(2027, 3, 1)) == 0
    with pytest.raises(LawError):
        requery.stop(people["officer"], sr)


def test_the_daily_jobs_are_declared_once() -> None:
    names = {job.name: job for job in jobs()}
    assert names["enforcement.standing_requeries"].task is tasks.standing_requeries
    assert names["enforcement.repeated_freezes"].task is tasks.repeated_freezes
    assert names["enforcement.network_sweep"].task is tasks.network_sweep
    slot = dt.datetime(2026, 12, 3, 22, 0, tzinfo=dt.UTC)  # 06:00 on 4 December in Shanghai
    assert names["enforcement.standing_requeries"].kwargs_for(slot) == {"today": "2026-12-04"}


def test_a_start_in_the_future_is_refused(case: Case, people: dict[str, Any]) -> None:
    from django.utils import timezone

    from zhiyuan.law.errors import LawError

    with pytest.raises(LawError) as err:
        requery.start(people["officer"], case, timezone.localdate() + dt.timedelta(days=1))
    assert err.value.code == "requery_start_in_future"
