"""Fixtures for the funds ledger: people of 黔0102 (two officers, a division head, a president, an affairs
clerk) and a division head of 黔0302; enforcement cases filed through the case services with two creditors."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.races import skip_on_one_connection
from zhiyuan.cases import services
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import PartyIn

CREDITORS = (("张三", "11010519491231002X"), ("王五", "110105198001010016"), ("赵六", "520102198506062046"))
DEBTOR = ("李四", "520102199003070014")
FILED = dt.date(2026, 11, 2)


def verified(user: Any) -> Any:
    """``user`` with a verified second factor (as after TOTP in a session)."""
    user.is_verified = lambda: True
    return user


def key() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "clerk_zunyi": make_user("clerk_zy", roles=("filing_clerk",), court="黔0302"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "officer2": make_user("officer2", roles=("enforcement_officer",), court="黔0102", full_name="赵执行"),
        "head": verified(make_user("head", roles=("division_head",), court="黔0102", full_name="刘庭长")),
        "head2": verified(make_user("head2", roles=("division_head",), court="黔0102", full_name="孙庭长")),
        "president": verified(
            make_user("president", roles=("court_president",), court="黔0102", full_name="周院长")
        ),
        "staff": make_user("staff", roles=("affairs_staff",), court="黔0102", full_name="吴事务"),
        "head_zunyi": verified(make_user("head_zy", roles=("division_head",), court="黔0302")),
        "officer_zunyi": make_user("officer_zy", roles=("enforcement_officer",), court="黔0302"),
    }


@pytest.fixture
def file_enforcement(people: dict[str, Any]) -> Callable[..., Case]:
    """File an enforcement case at 黔0102 (type 执) with two creditors and one debtor."""

    def file(
        claim: Any = 50000, court: str = "黔0102", filed_on: dt.date = FILED, creditors: int = 2
    ) -> Case:
        return services.file_case(
            people["clerk"] if court == "黔0102" else people["clerk_zunyi"],
            court_code=court,
            type_code="执",
            filed_on=filed_on,
            claim_amount=Decimal(str(claim)),
            parties_in=[
                *(PartyIn(name, "plaintiff", number) for name, number in CREDITORS[:creditors]),
                PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
            ],
        )

    return file


def creditor(case: Case, index: int = 0) -> int:
    """The party id of the case's ``index``-th creditor."""
    links = CaseParty.objects.filter(case=case, side=Side.PLAINTIFF).order_by("position", "pk")
    return int(links[index].party_id)


def debtor(case: Case) -> int:
    return int(CaseParty.objects.get(case=case, side=Side.DEFENDANT).party_id)


@pytest.fixture
def on_a_file_database() -> None:
    """Parallel writers need a database with more than one connection (a file SQLite or PostgreSQL)."""
    skip_on_one_connection()
