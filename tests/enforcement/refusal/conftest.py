"""Fixtures for the refusal tests: the people of 黔0102 (an officer, a division head, the president, a
clerk, a command operator) and of 黔0302, and an enforcement case of 黔0102 against 李四."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.cases import duties, services
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import PartyIn
from zhiyuan.enforcement.models import Referral
from zhiyuan.enforcement.refusal import services as refusal

CREDITOR = ("张三", "11010519491231002X")
DEBTOR = ("李四", "520102199003070014")
FILED = dt.date(2026, 9, 1)
ON = dt.date(2026, 11, 2)
EVIDENCE = [
    {"item": "identity", "description": "身份证复印件", "pages": 1},
    {"item": "duty", "description": "民事判决书及执行通知书", "pages": 6},
    {"item": "ability", "description": "银行流水", "pages": 12},
    {"item": "refusal", "description": "转移房产的登记资料", "pages": 4},
    {"item": "circumstances", "description": "罚款、拘留后仍拒不履行的记录", "pages": 2},
]


def verified(user: Any) -> Any:
    """``user`` with a verified second factor (as a session that passed TOTP)."""
    user.is_verified = lambda: True
    return user


@pytest.fixture
def crew(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The people of 黔0102 and 黔0302."""
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "head": make_user("head", roles=("division_head",), court="黔0102", full_name="孙局长"),
        "head2": make_user("head2", roles=("division_head",), court="黔0102", full_name="李局长"),
        "president": make_user("president", roles=("court_president",), court="黔0102", full_name="赵院长"),
        "president2": make_user("vice", roles=("court_president",), court="黔0102", full_name="钱副院长"),
        "both": make_user(
            "both", roles=("enforcement_officer", "court_president"), court="黔0102", full_name="周兼任"
        ),
        "president_zunyi": make_user("president_zy", roles=("court_president",), court="黔0302"),
        "officer_zunyi": make_user("officer_zy", roles=("enforcement_officer",), court="黔0302"),
        "command": make_user("command", roles=("command_operator",), court="黔01"),
    }


@pytest.fixture
def case(crew: dict[str, Any]) -> Case:
    """An enforcement case of 黔0102 (claim 200 000 yuan), handled by the officer."""
    c = services.file_case(
        crew["clerk"],
        court_code="黔0102",
        type_code="执",
        filed_on=FILED,
        claim_amount=Decimal("200000"),
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    duties.assign(crew["head"], c, crew["officer"], "handler", FILED)
    return c


def debtor(case: Case) -> CaseParty:
    """The case's debtor."""
    return CaseParty.objects.get(case=case, side=Side.DEFENDANT)


def applicant(case: Case) -> CaseParty:
    """The case's applicant."""
    return CaseParty.objects.get(case=case, side=Side.PLAINTIFF)


@pytest.fixture
def proposed(crew: dict[str, Any], case: Case) -> Referral:
    """A referral of the debtor, proposed by the officer."""
    return refusal.propose(
        crew["officer"],
        case,
        suspect_id=debtor(case).pk,
        police="贵阳市公安局南明分局",
        situation="被执行人李四有能力履行而转移房产，经罚款后仍拒不履行。",
        evidence=EVIDENCE,
        on=ON,
    )


@pytest.fixture
def sent(crew: dict[str, Any], proposed: Referral) -> Referral:
    """The referral approved by the division head and sent on 2026-11-04 (Wednesday)."""
    refusal.decide(verified(crew["head"]), proposed, True, ON)
    return refusal.send(
        crew["officer"], proposed, referred_on=dt.date(2026, 11, 4), letter_number="（2026）黔0102执移1号"
    )
