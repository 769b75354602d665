"""Fixtures for measures and property: an officer of 黔0102 and one of 黔0302, enforcement cases against the
same debtor at both courts, assets on them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.enforcement.models import Asset
from zhiyuan.enforcement.property import services as property_services

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")
FILED = dt.date(2026, 1, 5)


@pytest.fixture
def staff(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Clerks and officers of 黔0102 and 黔0302, and a judge (no enforcement:measure)."""
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "clerk_zy": make_user("clerk_zy", roles=("filing_clerk",), court="黔0302"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "officer_zy": make_user("officer_zy", roles=("enforcement_officer",), court="黔0302"),
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102"),
    }


@pytest.fixture
def file_case(staff: dict[str, Any]) -> Any:
    """File a 执 case at ``court`` (黔0102 by default) against 李四."""

    def file(court: str = "黔0102", claim: str = "500000", filed_on: dt.date = FILED) -> Case:
        return cases.file_case(
            staff["clerk" if court == "黔0102" else "clerk_zy"],
            court_code=court,
            type_code="执",
            filed_on=filed_on,
            claim_amount=Decimal(claim),
            parties_in=[
                PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
                PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
            ],
        )

    return file


@pytest.fixture
def add_asset(staff: dict[str, Any]) -> Any:
    """Add an asset to a case as its court's officer."""

    def add(
        case: Case, asset_class: str = "real_estate", ref: str = "黔(2025)云岩区不动产权第0001号"
    ) -> Asset:
        officer = staff["officer" if case.court.code == "黔0102" else "officer_zy"]
        return property_services.add_asset(
            officer, case, asset_class=asset_class, description=f"{asset_class} {ref}", register_ref=ref
        )

    return add
