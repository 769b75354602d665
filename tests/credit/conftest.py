"""Fixtures for the credit tests: court people of 黔0102 (an officer, a president, a judge), an officer of
黔0302, and enforcement cases filed through the case services against an adult, a minor or a company."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.cases import services
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.credit import restrictions
from zhiyuan.credit import services as credit
from zhiyuan.credit.models import Listing

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")
MINOR = ("王小五", "52010220120501001X")
COMPANY = ("贵阳某某建材有限公司", "91520102MA6H12345E")
FILED = dt.date(2026, 3, 2)


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Court staff of 黔0102 and 黔0302."""
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "president": make_user("president", roles=("court_president",), court="黔0102", full_name="刘院长"),
        "both": make_user("both", roles=("enforcement_officer", "court_president"), court="黔0102"),
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102"),
        "officer_zunyi": make_user("officer_zy", roles=("enforcement_officer",), court="黔0302"),
        "president_zunyi": make_user("president_zy", roles=("court_president",), court="黔0302"),
    }


@pytest.fixture
def file_case(people: dict[str, Any]) -> Any:
    """File an enforcement case at 黔0102 against ``debtor`` (type 执 by default)."""

    def file(debtor: tuple[str, str] = DEBTOR, type_code: str = "执", claim: str = "80000") -> Case:
        return services.file_case(
            people["clerk"],
            court_code="黔0102",
            type_code=type_code,
            filed_on=FILED,
            claim_amount=Decimal(claim),
            parties_in=[
                PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
                PartyIn(debtor[0], "defendant", debtor[1]),
            ],
        )

    return file


def debtor_id(case: Case) -> int:
    """The party id of the case's (only) debtor."""
    return int(case.parties.get(side="defendant").party_id)


def verified(user: Any) -> Any:
    """``user`` as a session with a verified second factor would see it: a copy, so that ``user`` itself
    stays as a session without one sees it."""
    seen = copy.copy(user)
    seen.is_verified = lambda: True
    return seen


@pytest.fixture
def restricted(people: dict[str, Any]) -> Any:
    """Propose (officer) and sign (president, verified) a restriction order; returns it in force."""

    def make(case: Case, capacity: str = "debtor", on: dt.date = dt.date(2026, 6, 1), *person: str) -> Any:
        order = restrictions.propose(people["officer"], case, debtor_id(case), capacity, on, *person)
        return restrictions.decide(verified(people["president"]), order, True, on)

    return make


@pytest.fixture
def listed(people: dict[str, Any], file_case: Any) -> Any:
    """Propose (officer) and approve (president, verified) a listing; returns it."""

    def make(
        grounds: tuple[int, ...] = (1,),
        grace: int = 0,
        on: dt.date = dt.date(2026, 6, 1),
        case: Case | None = None,
        **flags: Any,
    ) -> Listing:
        case = case or file_case()
        proposal = credit.Proposal(
            debtor_id(case), list(grounds), "拒不申报财产，名下车辆转移", grace_months=grace, **flags
        )
        pending = credit.propose(people["officer"], case, proposal, on)
        return credit.decide(verified(people["president"]), pending, True, on)

    return make


@pytest.fixture(autouse=True)
def _fresh_query_counts() -> None:
    """The public query counts each client's queries in the cache; each test starts without counts."""
    from django.core.cache import cache

    cache.clear()
