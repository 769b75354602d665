"""Fixtures for the affairs center: people of 黔0102 (two affairs staff, an officer, a division head, a
command operator) and of 黔0302, and enforcement cases filed through the case services (filing spawns
their first tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from zhiyuan.cases import services
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "staff": make_user("staff", roles=("affairs_staff",), court="黔0102", full_name="吴事务"),
        "staff2": make_user("staff2", roles=("affairs_staff",), court="黔0102", full_name="郑事务"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "head": make_user("head", roles=("division_head",), court="黔0102", full_name="刘庭长"),
        "command": make_user("command", roles=("command_operator",), court="黔0102"),
        "staff_zunyi": make_user("staff_zy", roles=("affairs_staff",), court="黔0302"),
    }


@pytest.fixture
def file_enforcement(people: dict[str, Any]) -> Callable[..., Case]:
    """File an enforcement case at 黔0102 (type 执 by default)."""

    def file(
        claim: Any = 50000,
        type_code: str = "执",
        filed_on: dt.date = dt.date(2026, 11, 2),
    ) -> Case:
        return services.file_case(
            people["clerk"],
            court_code="黔0102",
            type_code=type_code,
            filed_on=filed_on,
            claim_amount=Decimal(str(claim)),
            parties_in=[
                PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
                PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
            ],
        )

    return file


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
