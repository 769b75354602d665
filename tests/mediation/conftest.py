"""Fixtures for the mediation workflow tests: court staff, a partner organization with its user and
mediator, and a dispute delegated to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization

APPLICANT = ("张三", "11010519491231002X")
RESPONDENT = ("李四", "520102199003070014")
DESCRIPTION = "申请人张三于2024年借给被申请人李四人民币三万元，约定半年内归还，到期后李四以资金周转困难为由一直未还，多次催要无果。"


@pytest.fixture
def orgs(reference_data: None) -> dict[str, Any]:
    """Two people's mediation committees at 黔0102 (one with a mediator) and one at 黔0302."""
    court = Court.objects.get(code="黔0102")
    tj = PartnerOrganization.objects.create(
        code="TJ-0102-A", name="南明区某街道人民调解委员会", kind="peoples_mediation", court=court,
        focus_types=["private_lending", "small_debt"],
    )  # fmt: skip
    other = PartnerOrganization.objects.create(
        code="TJ-0102-B", name="南明区某社区人民调解委员会", kind="peoples_mediation", court=court
    )
    zunyi = PartnerOrganization.objects.create(
        code="TJ-0302-A",
        name="红花岗区人民调解委员会",
        kind="peoples_mediation",
        court=Court.objects.get(code="黔0302"),
    )
    mediator = Mediator.objects.create(
        organization=tj, code="M-0102-1", name="王调解", focus_types=["private_lending"]
    )
    return {"tj": tj, "other": other, "zunyi": zunyi, "mediator": mediator}


@pytest.fixture
def staff(make_user, orgs: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A clerk, a court mediator and a judge at 黔0102; partner users of both organizations."""
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "mediator": make_user("mediator", roles=("mediator",), court="黔0102"),
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102"),
        "partner": make_user("partner", roles=("partner_user",), organization="TJ-0102-A"),
        "partner_b": make_user("partner_b", roles=("partner_user",), organization="TJ-0102-B"),
        "clerk_zunyi": make_user("clerk_zy", roles=("filing_clerk",), court="黔0302"),
    }


def delegate_one(clerk: Any, orgs: dict[str, Any], on: dt.date = dt.date(2025, 9, 1), **kw: Any) -> Any:
    """Delegate the loan dispute to the recommended organization (with an override reason if needed)."""
    from zhiyuan.mediation import services

    args: dict[str, Any] = {
        "court_code": "黔0102",
        "applicants": [PartyIn(APPLICANT[0], "plaintiff", APPLICANT[1])],
        "respondents": [PartyIn(RESPONDENT[0], "defendant", RESPONDENT[1])],
        "description": DESCRIPTION,
        "focus_type": "private_lending",
        "cause": "民间借贷纠纷",
        "claim_amount": 30000,
        "organization_code": orgs["tj"].code,
        "mediator_code": orgs["mediator"].code,
        "override_reason": "测试：指定组织",
        "on": on,
        **kw,
    }
    return services.delegate(clerk, **args)


@pytest.fixture
def mediation(staff: dict[str, Any], orgs: dict[str, Any]) -> Any:
    """The loan dispute delegated on 2025-09-01 to TJ-0102-A with mediator M-0102-1."""
    return delegate_one(staff["clerk"], orgs)


PAYMENT = {"obligors": ["R1"], "obligee": "A1", "liability": None, "type": "payment", "amount": "30000.00",
           "due": "2025-12-31"}  # fmt: skip
