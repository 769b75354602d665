"""Fixtures for the enforcement tests: court users and enforcement cases filed through the case services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.cases import services
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A clerk and officers of 黔0102, an officer of 黔0302, a judge and a command operator."""
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102"),
        "officer_zunyi": make_user("officer_zy", roles=("enforcement_officer",), court="黔0302"),
        "command": make_user("command", roles=("command_operator",), court="黔01"),
    }


@pytest.fixture
def file_enforcement(people: dict[str, Any]) -> Any:
    """File an enforcement case at 黔0102 against the debtor 李四 (claim in yuan, type 执 by default)."""

    def file(claim: Any, type_code: str = "执", filed_on: dt.date = dt.date(2026, 11, 2)) -> Case:
        return services.file_case(
            people["clerk"],
            court_code="黔0102",
            type_code=type_code,
            filed_on=filed_on,
            claim_amount=Decimal(str(claim)) if claim is not None else None,
            parties_in=[
                PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
                PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
            ],
        )

    return file
