"""A small province for the command-center tests: enforcement cases at two Guiyang basic courts and one
Zunyi basic court (imported, as real data would be), pending enforcement cases filed through the services
(so they carry the deadlines of their moves; an imported open case runs those of its filing), and users
at each level of the court tree."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache

from zhiyuan.cases import services
from zhiyuan.cases.importing import import_file
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn

HEADER = "case_number,filed_on,cause,claim_amount,closed_on,closing_method,recovered_amount,origin,plaintiffs,defendants"
ROWS = [
    # a migrant-wage judgment and its enforcement, fully performed
    "（2025）黔0102民初11号,2025-01-06,追索劳动报酬纠纷,50000,2025-03-03,judgment,,,王工|,某建筑公司|",
    "（2025）黔0102执21号,2025-04-01,,50000,2025-06-02,fully_performed,50000,（2025）黔0102民初11号,王工|,某建筑公司|",
    # filed in 2024, terminated (TCP) in 2025 with a little recovered
    "（2024）黔0102执90号,2024-11-04,民间借贷纠纷,30000,2025-02-03,tcp,1000,,甲|,乙|",
    # filed in 2024, still open at the end of 2025
    "（2024）黔0102执91号,2024-12-02,民间借贷纠纷,12000,,,,,丙|,丁|",
    # another Guiyang court: settlement performed
    "（2025）黔0103执5号,2025-07-01,买卖合同纠纷,20000,2025-09-01,settlement_performed,20000,,戊|,己|",
    # Zunyi: closed fully performed; not in Guiyang's district
    "（2025）黔0302执7号,2025-03-10,买卖合同纠纷,9000,2025-05-20,fully_performed,9000,,庚|,辛|",
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The overview is cached per process; each test starts without it."""
    cache.clear()


@pytest.fixture
def users(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Command operators of the high court, an intermediate court and (a division head of) a basic court,
    and an enforcement officer, who may not see the command center."""
    return {
        "high": make_user("cmd_high", roles=("command_operator",), court="黔"),
        "mid": make_user("cmd_mid", roles=("command_operator",), court="黔01"),
        "basic": make_user("cmd_basic", roles=("division_head",), court="黔0102"),
        "officer": make_user("cmd_officer", roles=("enforcement_officer",), court="黔0102"),
    }


@pytest.fixture
def province(users: dict[str, Any]) -> dict[str, Case]:
    """The imported cases above, plus two pending enforcement cases filed in 2025 whose time limit has run
    out (one at 黔0102, one at 黔0302) and one notified in time."""
    data = "\n".join([HEADER, *ROWS]).encode()
    report = import_file(io.BytesIO(data), filename="province.csv")
    assert report.written, report.errors
    both = [PartyIn("陈明", "plaintiff"), PartyIn("刘强", "defendant")]
    guiyang = services.file_case(
        None,
        court_code="黔0102",
        type_code="执",
        filed_on=dt.date(2025, 5, 6),
        cause="民间借贷纠纷",
        claim_amount=Decimal("80000"),
        parties_in=both,
    )
    guiyang = services.transition(None, guiyang, "notify", dt.date(2025, 5, 8))
    zunyi = services.file_case(
        None,
        court_code="黔0302",
        type_code="执",
        filed_on=dt.date(2025, 2, 3),
        claim_amount=Decimal("5000"),
        parties_in=both,
    )
    return {
        "guiyang_pending": guiyang,
        "zunyi_pending": zunyi,
        "migrant": Case.objects.get(case_number="（2025）黔0102执21号"),
    }
