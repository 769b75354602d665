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


def _ago(days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def staffed(make_user, users: dict[str, Any], province: dict[str, Case]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """People of 黔0102 and 黔0302 with cases, tasks and closings relative to today:

    - officer A (黔0102) handles the overdue pending case and three closed ones: two closed within the
      last twelve months (one this month), one closed 13 months ago;
    - officer B (黔0102) handles nothing; reviewer R (黔0102); affairs staff S (黔0102) has claimed two
      tasks, one overdue; one more task waits overdue in 黔0102's queue;
    - officer Z (黔0302) handles 黔0302's pending case."""
    from zhiyuan.affairs import services as affairs
    from zhiyuan.cases import duties
    from zhiyuan.enforcement.task_kinds import NOTICE

    people = {
        "a": make_user("cmd_a", roles=("enforcement_officer",), court="黔0102", full_name="安官"),
        "b": make_user("cmd_b", roles=("enforcement_officer",), court="黔0102", full_name="白官"),
        "r": make_user("cmd_r", roles=("enforcement_reviewer",), court="黔0102", full_name="任审"),
        "s": make_user("cmd_s", roles=("affairs_staff",), court="黔0102", full_name="孙务"),
        "z": make_user("cmd_z", roles=("enforcement_officer",), court="黔0302", full_name="赵官"),
        "zhead": make_user("cmd_zhead", roles=("division_head",), court="黔0302"),
    }
    this_month = _ago(0).replace(day=1)
    rows = [
        f"（2026）黔0102执801号,{_ago(200)},民间借贷纠纷,1000,{this_month},fully_performed,1000,,甲一|,乙一|",
        f"（2026）黔0102执802号,{_ago(200)},民间借贷纠纷,1000,{_ago(95)},fully_performed,1000,,甲二|,乙二|",
        f"（2025）黔0102执803号,{_ago(500)},民间借贷纠纷,1000,{_ago(400)},fully_performed,1000,,甲三|,乙三|",
    ]
    report = import_file(io.BytesIO("\n".join([HEADER, *rows]).encode()), filename="closed.csv")
    assert report.written, report.errors
    head = users["basic"]
    pending = province["guiyang_pending"]
    duties.assign_handler(head, pending, people["a"], pending.filed_on)
    for n in ("801", "802", "803"):
        case = Case.objects.get(case_number__contains=f"黔0102执{n}号")
        duties.assign_handler(head, case, people["a"], case.filed_on)
    zunyi = province["zunyi_pending"]
    duties.assign_handler(people["zhead"], zunyi, people["z"], zunyi.filed_on)
    late = affairs.spawn(pending, NOTICE, source_key="cmdtest:late", due=_ago(3))
    soon = affairs.spawn(pending, NOTICE, source_key="cmdtest:soon", due=_ago(-10))
    affairs.spawn(pending, NOTICE, source_key="cmdtest:queue", due=_ago(2))
    affairs.claim(people["s"], late)
    affairs.claim(people["s"], soon)
    return people


@pytest.fixture
def assets(make_user, users: dict[str, Any], province: dict[str, Case]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Property at 黔0102 (on the pending case): a deposit frozen 360 days ago (its year ends within 30
    days), a flat sealed ten days ago and being valued (in disposal), a car with no measure (not under
    control); at 黔0302 a sealed flat."""
    from zhiyuan.enforcement.measures import services as measures
    from zhiyuan.enforcement.property import services as prop

    officer = users["officer"]
    zofficer = make_user("cmd_prop_z", roles=("enforcement_officer",), court="黔0302")
    case, zcase = province["guiyang_pending"], province["zunyi_pending"]
    deposit = prop.add_asset(
        officer, case, asset_class="deposit", description="工商银行账户", register_ref="6222-77"
    )
    measures.take_measure(officer, case, asset=deposit, kind="freeze", on=_ago(360), amount="5000")
    flat = prop.add_asset(
        officer,
        case,
        asset_class="real_estate",
        description="南明区住宅",
        register_ref="黔不动产77",
        estimated_value="800000",
    )
    measures.take_measure(officer, case, asset=flat, kind="seal", on=_ago(10))
    prop.add_valuation(officer, flat, method="network", price="750000", valued_on=_ago(5))
    car = prop.add_asset(officer, case, asset_class="vehicle", description="小型轿车")
    zflat = prop.add_asset(
        zofficer,
        zcase,
        asset_class="real_estate",
        description="汇川区商铺",
        register_ref="黔不动产88",
        estimated_value="200000",
    )
    measures.take_measure(zofficer, zcase, asset=zflat, kind="seal", on=_ago(10))
    return {"deposit": deposit, "flat": flat, "car": car, "zflat": zflat}
