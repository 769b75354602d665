"""The 执转破 screening list: an enterprise debtor with a 终本 case at one court and a stalled case at
another is listed with both courts' figures; a person debtor and a recent case are not; scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.enforcement.bankruptcy import selectors

pytestmark = pytest.mark.django_db
COMPANY = ("贵阳某某建材有限公司", "91520102MA6H12345E")
PERSON = ("李四", "520102199003070014")
CREDITOR = ("张三", "11010519491231002X")


@pytest.fixture
def crowd(make_user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    clerks = {
        c: make_user(f"b_clerk_{c}", roles=("filing_clerk",), court=c) for c in ("黔0102", "黔0302", "黔0103")
    }

    def file(court: str, debtor: tuple[str, str], days_ago: int, claim: str) -> Case:
        return cases.file_case(
            clerks[court],
            court_code=court,
            type_code="执",
            filed_on=today - dt.timedelta(days=days_ago),
            claim_amount=Decimal(claim),
            parties_in=[
                PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
                PartyIn(debtor[0], "defendant", debtor[1]),
            ],
        )

    terminated = file("黔0102", COMPANY, 400, "300000")
    Case.objects.filter(pk=terminated.pk).update(
        status="closed",
        closed_on=today - dt.timedelta(days=100),
        closing_method="tcp",
        recovered_amount=Decimal("50000"),
    )
    stalled = file("黔0302", COMPANY, 200, "100000")
    file("黔0102", COMPANY, 30, "70000")  # recent: not stuck
    file("黔0102", PERSON, 300, "90000")  # a person: no bankruptcy
    return {
        "terminated": terminated,
        "stalled": stalled,
        "officer": make_user("b_officer", roles=("enforcement_officer",), court="黔0102"),
        "officer_other": make_user("b_officer_y", roles=("enforcement_officer",), court="黔0103"),
        "judge": make_user("b_judge", roles=("trial_judge",), court="黔0102"),
    }


def test_the_enterprise_debtor_is_listed_across_courts(crowd: dict[str, Any]) -> None:
    [debtor] = selectors.screening(crowd["officer"], timezone.localdate())
    assert (debtor.name, debtor.cases, debtor.courts, debtor.terminated) == (COMPANY[0], 2, 2, 1)
    assert debtor.unpaid == Decimal("350000.00")  # 300,000 + 100,000 claimed, 50,000 recovered
    assert debtor.own_cases == [crowd["terminated"].case_number]  # only this court's case numbers
    assert selectors.screening(crowd["officer_other"], timezone.localdate()) == []


def test_the_page_and_who_may_open_it(crowd: dict[str, Any]) -> None:
    client = Client()
    client.force_login(crowd["officer"])
    html = client.get(reverse("enforcement:bankruptcy_screening")).content.decode()
    assert COMPANY[0] in html
    assert "350000.00" in html
    assert crowd["stalled"].case_number not in html
    judge = Client()
    judge.force_login(crowd["judge"])
    assert judge.get(reverse("enforcement:bankruptcy_screening")).status_code == 403
