"""Fixtures for dispatch and orders: people of the high court, 贵阳中院 (黔01) and its basic courts 黔0102
and 黔0103, 遵义中院 (黔03) and 黔0302; open enforcement cases filed long ago at 黔0102."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn

PARTIES = [
    PartyIn("张三", "plaintiff", "11010519491231002X"),
    PartyIn("李四", "defendant", "520102199003070014"),
]


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Operators, officers and a president across the tree."""
    return {
        "high_op": make_user("high_op", roles=("command_operator",), court="黔"),
        "gy_op": make_user("gy_op", roles=("command_operator",), court="黔01"),
        "zy_op": make_user("zy_op", roles=("command_operator",), court="黔03"),
        "nm_officer": make_user("nm_officer", roles=("enforcement_officer",), court="黔0102"),
        "nm_president": make_user("nm_president", roles=("court_president",), court="黔0102"),
        "yy_officer": make_user("yy_officer", roles=("enforcement_officer",), court="黔0103"),
        "hhg_officer": make_user("hhg_officer", roles=("enforcement_officer",), court="黔0302"),
        "gy_officer": make_user("gy_officer", roles=("enforcement_officer",), court="黔01"),
        "nm_judge": make_user("nm_judge", roles=("trial_judge",), court="黔0102"),
    }


@pytest.fixture
def file_case(people: dict[str, Any]) -> Any:
    """File an open 执 case at ``court`` ``days`` days ago (400 by default: long-pending)."""

    def file(court: str = "黔0102", days: int = 400, claim: str = "80000") -> Case:
        return cases.file_case(
            None,
            court_code=court,
            type_code="执",
            filed_on=timezone.localdate() - dt.timedelta(days=days),
            claim_amount=Decimal(claim),
            parties_in=PARTIES,
        )

    return file
