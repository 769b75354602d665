"""Fixtures for the case registry tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.cases import services
from zhiyuan.cases.models import Assignment, Case
from zhiyuan.cases.services import PartyIn

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")


def handled_by(case: Case, user: Any) -> Case:
    """Record ``user`` as the case's handler (承办人), as a division head's assignment would, so that
    tests about something else can move the case in ``user``'s name."""
    Assignment.objects.get_or_create(
        case=case,
        user_id=user.pk,
        capacity="handler",
        defaults={"user_name": user.get_username(), "assigned_by": "test", "assigned_on": case.filed_on},
    )
    return case


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Court users of two basic courts, their intermediate and high courts, a reviewer and a party."""
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102"),
        "reviewer": make_user("reviewer", roles=("enforcement_reviewer",), court="黔0102"),
        "clerk_zunyi": make_user("clerk_zy", roles=("filing_clerk",), court="黔0302"),
        "officer_zunyi": make_user("officer_zy", roles=("enforcement_officer",), court="黔0302"),
        "mid": make_user("mid", roles=("command_operator",), court="黔01"),
        "high": make_user("high", roles=("command_operator",), court="黔"),
        "debtor": make_user("debtor", roles=("party",), id_number=DEBTOR[1]),
    }


@pytest.fixture
def judgment_and_enforcement(people: dict[str, Any]) -> tuple[Any, Any]:
    """A closed 民初 at 黔0102 and the enforcement case filed on it."""
    parties = [PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]), PartyIn(DEBTOR[0], "defendant", DEBTOR[1])]
    trial = services.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="民初",
        filed_on=dt.date(2025, 3, 3),
        cause="民间借贷纠纷",
        claim_amount=100000,
        parties_in=parties,
    )
    trial = services.transition(
        people["judge"],
        handled_by(trial, people["judge"]),
        "close",
        dt.date(2025, 6, 2),
        closing_method="judgment",
    )
    enforcement = services.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="执",
        filed_on=dt.date(2025, 7, 1),
        origin=trial,
        claim_amount=100000,
        parties_in=parties,
    )
    return trial, enforcement
