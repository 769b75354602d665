"""Parallel writers: two answers (or two closings) of one order at once, two acceptances of one dispatch,
and two dispatches of one case — one wins, the other is told, nothing is written twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.races import race, skip_on_one_connection
from zhiyuan.cases.models import Case
from zhiyuan.dispatch import services
from zhiyuan.dispatch.models import Dispatch, DispatchEvent, OrderEvent
from zhiyuan.dispatch.orders import services as orders
from zhiyuan.law.errors import LawError

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _files() -> None:
    skip_on_one_connection()


def _codes(errors: list[BaseException]) -> list[str]:
    assert all(isinstance(e, LawError) for e in errors), errors
    return [e.code for e in errors if isinstance(e, LawError)]


def test_two_answers_and_two_closings_at_once_give_one(people: dict[str, Any]) -> None:
    today = timezone.localdate()
    o = orders.issue(
        people["gy_op"], to_court="黔0102", subject="督办", due=today + dt.timedelta(days=3), on=today
    )
    done, errors = race(
        lambda: orders.answer(people["nm_officer"], o.pk, "甲", today),
        lambda: orders.answer(people["nm_president"], o.pk, "乙", today),
    )
    assert len(done) == 1
    assert _codes(errors) == ["concurrent_change"]
    done, errors = race(
        lambda: orders.close(people["gy_op"], o.pk, "", today),
        lambda: orders.close(people["gy_op"], o.pk, "", today),
    )
    assert len(done) == 1
    assert _codes(errors) == ["concurrent_change"]
    events = list(OrderEvent.objects.filter(order=o).values_list("event", flat=True))
    assert events.count("answered") == 1
    assert events.count("closed") == 1


def test_two_acceptances_file_one_case_and_two_senders_make_one_dispatch(
    people: dict[str, Any], file_case
) -> None:
    today = timezone.localdate()
    case = file_case()
    done, errors = race(
        lambda: services.send(people["gy_op"], case_number=case.case_number, kind="designated",
                              to_court="黔0103", reason="回避", on=today),
        lambda: services.send(people["high_op"], case_number=case.case_number, kind="designated",
                              to_court="黔0302", reason="回避", on=today),
    )  # fmt: skip
    assert len(done) == 1
    assert _codes(errors) in (["dispatch_active"], ["concurrent_change"])
    d = Dispatch.objects.get(case=case)
    receiver = people["yy_officer"] if d.to_court.code == "黔0103" else people["hhg_officer"]
    done, errors = race(
        lambda: services.accept(receiver, d.pk, today), lambda: services.accept(receiver, d.pk, today)
    )
    assert len(done) == 1
    assert _codes(errors) == ["concurrent_change"]
    assert Case.objects.filter(origin=case).count() == 1
    assert DispatchEvent.objects.filter(dispatch=d, event="accepted").count() == 1
