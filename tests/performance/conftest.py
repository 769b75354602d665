"""Fixtures for voluntary performance: court users, a decided first-instance case, a title factory.

Dates are relative to today (Asia/Shanghai), because payments may not be dated in the future."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tests.cases.conftest import handled_by
from zhiyuan.cases import services as cases
from zhiyuan.cases.services import PartyIn

CREDITOR = ("张三丰", "11010519491231002X")
DEBTOR = ("李四海", "520102199003070014")


def days(n: int) -> dt.date:
    """Today (the court's, read now: a run may cross midnight in Asia/Shanghai) plus ``n`` days."""
    return timezone.localdate() + dt.timedelta(days=n)


PARTIES = [
    {"ref": "A", "name": CREDITOR[0], "id_number": CREDITOR[1], "role": "creditor"},
    {"ref": "B", "name": DEBTOR[0], "id_number": DEBTOR[1], "role": "debtor"},
]


def payment(
    amount: str, due: dt.date | None, instalments: list[tuple[dt.date, str]] | None = None
) -> dict[str, Any]:
    """One payment item of B to A."""
    item: dict[str, Any] = {"obligors": ["B"], "obligee": "A", "type": "payment", "amount": amount}
    if due is not None:
        item["due"] = due.isoformat()
    if instalments:
        item["instalments"] = [{"due": d.isoformat(), "amount": a} for d, a in instalments]
    return item


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A judge and a clerk at 黔0102, a clerk at 黔0302 (another district), a command operator at 黔01."""
    return {
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102"),
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102"),
        "clerk_zunyi": make_user("clerk_zy", roles=("filing_clerk",), court="黔0302"),
        "judge_zunyi": make_user("judge_zy", roles=("trial_judge",), court="黔0302"),
        "reviewer": make_user("reviewer", roles=("enforcement_reviewer",), court="黔0102"),
    }


@pytest.fixture
def trial(people: dict[str, Any]) -> Any:
    """A 民初 at 黔0102 decided by judgment 90 days ago."""
    case = cases.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="民初",
        filed_on=days(-200),
        cause="民间借贷纠纷",
        claim_amount=30000,
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    handled_by(case, people["judge"])
    return cases.transition(people["judge"], case, "close", days(-90), closing_method="judgment")


@pytest.fixture
def open_title(people: dict[str, Any], trial: Any) -> Callable[..., Any]:
    """Factory: the judge registers the trial's title with the given items (effective 60 days ago)."""
    from zhiyuan.performance import services

    def make(items: list[dict[str, Any]], effective_on: dt.date | None = None, case: Any = None) -> Any:
        return services.open_title(
            people["judge"],
            case=case or trial,
            kind="judgment",
            parties=PARTIES,
            items=items,
            effective_on=effective_on or days(-60),
        )

    return make
