"""Fixtures for criminal-judgment transfers: a 刑初 case of 黔0102 (defendant 李四) filed by the clerk, the
trial judge who transfers it, officers and a division head who enforce it, and a transfer form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.cases import services
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn

DEFENDANT = ("李四", "520102199003070014")
VICTIMS = (("张三", "11010519491231002X"), ("王五", "110105198001010016"))
FILED = dt.date(2026, 6, 1)
EFFECTIVE = dt.date(2026, 9, 1)
TRANSFERRED = dt.date(2026, 9, 8)


def verified(user: Any) -> Any:
    user.is_verified = lambda: True
    return user


@pytest.fixture
def people(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "judge": make_user("judge", roles=("trial_judge",), court="黔0102", full_name="陈法官"),
        "judge_zunyi": make_user("judge_zy", roles=("trial_judge",), court="黔0302"),
        "officer": make_user("officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "officer2": make_user("officer2", roles=("enforcement_officer",), court="黔0102", full_name="赵执行"),
        "head": verified(make_user("head", roles=("division_head",), court="黔0102", full_name="刘庭长")),
        "command": make_user("command", roles=("command_operator",), court="黔01"),
    }


@pytest.fixture
def file_criminal(people: dict[str, Any]) -> Any:
    """File a criminal case (刑初 by default) at 黔0102 against 李四."""

    def file(type_code: str = "刑初", origin: Case | None = None, court: str = "黔0102") -> Case:
        return services.file_case(
            people["clerk"],
            court_code=court,
            type_code=type_code,
            filed_on=FILED,
            cause="诈骗罪",
            parties_in=[PartyIn(DEFENDANT[0], "defendant", DEFENDANT[1])],
            origin=origin,
        )

    return file


def form(**changes: Any) -> dict[str, Any]:
    """A transfer form: a fine, restitution to two victims, a confiscation; a frozen account and a sealed
    flat (the flat's seal lapsed before the transfer)."""
    base: dict[str, Any] = {
        "effective_on": EFFECTIVE,
        "transferred_on": TRANSFERRED,
        "items": [
            {"kind": "fine", "amount": "20000", "description": "罚金人民币二万元"},
            {
                "kind": "restitution",
                "amount": "50000",
                "victim": {"name": VICTIMS[0][0], "id_number": VICTIMS[0][1]},
            },
            {
                "kind": "restitution",
                "amount": "30000",
                "victim": {"name": VICTIMS[1][0], "id_number": VICTIMS[1][1]},
            },
            {"kind": "confiscation", "amount": "10000", "description": "没收个人财产一万元"},
        ],
        "seized": [
            {
                "asset_class": "deposit",
                "description": "工商银行账户存款",
                "register_ref": "6222000011112222",
                "measure": "freeze",
                "starts_on": dt.date(2026, 3, 1),
                "ends_on": dt.date(2027, 3, 1),
                "authority": "贵阳市公安局南明分局",
                "estimated_value": "45000",
            },
            {
                "asset_class": "real_estate",
                "description": "南明区某小区住房",
                "measure": "seal",
                "starts_on": dt.date(2023, 8, 1),
                "ends_on": dt.date(2026, 8, 1),
            },
        ],
        "property_leads": "名下车辆一辆，下落不明",
    }
    base.update(changes)
    return base
