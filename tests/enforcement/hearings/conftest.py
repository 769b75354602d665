"""Fixtures for the hearing tests: a judgment, its enforcement case handled by an officer, a third party's
objection (执异) handled by a reviewer, and the people of 黔0102 and 黔0302."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.accounts import services as accounts
from zhiyuan.cases import duties, services
from zhiyuan.cases.services import PartyIn

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")
OUTSIDER = ("王五", "52010219850101001X")
FILED = dt.date(2026, 11, 2)


@pytest.fixture
def crew(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Clerk, officer, two reviewers and a division head of 黔0102; a reviewer of 黔0302; a judge."""
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "reviewer": make_user(
            "reviewer", roles=("enforcement_reviewer",), court="黔0102", full_name="赵审查"
        ),
        "reviewer2": make_user(
            "reviewer2", roles=("enforcement_reviewer",), court="黔0102", full_name="钱审查"
        ),
        "head": make_user("head", roles=("division_head",), court="黔0102", full_name="孙庭长"),
        "reviewer_zunyi": make_user("reviewer_zy", roles=("enforcement_reviewer",), court="黔0302"),
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102"),
    }


@pytest.fixture
def objection(crew: dict[str, Any]) -> Any:
    """An enforcement case (handled by the officer) and a third party's objection on it (handled by the
    reviewer), both at 黔0102."""
    parties = [PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]), PartyIn(DEBTOR[0], "defendant", DEBTOR[1])]
    enforcement = services.file_case(
        crew["clerk"],
        court_code="黔0102",
        type_code="执",
        filed_on=FILED,
        claim_amount=Decimal("80000"),
        parties_in=parties,
    )
    duties.assign(crew["head"], enforcement, crew["officer"], "handler", FILED)
    review = services.file_case(
        crew["clerk"],
        court_code="黔0102",
        type_code="执异",
        filed_on=FILED + dt.timedelta(days=1),
        origin=enforcement,
        parties_in=[
            PartyIn(OUTSIDER[0], "plaintiff", OUTSIDER[1]),
            PartyIn(CREDITOR[0], "defendant", CREDITOR[1]),
            PartyIn(DEBTOR[0], "third_party", DEBTOR[1]),
        ],
    )
    duties.assign(crew["head"], review, crew["reviewer"], "handler", FILED + dt.timedelta(days=1))
    return review


@pytest.fixture
def former_officer(crew: dict[str, Any], objection: Any, make_user) -> Any:  # type: ignore[no-untyped-def]
    """An officer who handled the enforcement case and has since become a reviewer."""
    person = make_user("former", roles=("enforcement_officer",), court="黔0102", full_name="周曾执行")
    duties.assign_handler(crew["head"], objection.origin, person, FILED + dt.timedelta(days=2), reason="改派")
    accounts.revoke_role(None, person, "enforcement_officer")
    accounts.grant_role(None, person, "enforcement_reviewer")
    person.refresh_from_db()
    person.__dict__.pop("_role_codes", None)
    return person


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """An aware datetime in the court's time."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))
