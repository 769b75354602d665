"""Fixtures for the 终本 tests: two simulators (one that finds nothing, one that finds property in every
class), a switch between them, and an enforcement case four months old, handled by the officer, whose
checklist holds except what a test leaves out (from ``tests/enforcement/conftest.py``'s people and filing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

import zhiyuan.affairs.services as affairs
from tests.cases.conftest import handled_by
from tests.credit.conftest import verified
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.credit import restrictions
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.inquiries import dispatch
from zhiyuan.enforcement.inquiries import services as network
from zhiyuan.enforcement.models import FeedCursor, Inquiry
from zhiyuan.enforcement.termination import selectors, services
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.law.calendar import add_months

OFFICER_ITEMS = (
    "leads_checked",
    "onsite_inquiry_done_or_unneeded",
    "search_done_or_unneeded",
    "obstruction_sanctioned_or_none",
    "dishonesty_ineligible",
)


@pytest.fixture
def gateways(simulator: Callable[..., SimulatorProcess], settings: Any) -> Callable[[str], None]:
    """``use("empty")`` or ``use("rich")``: point the platform at a simulator that finds nothing, or one
    that finds property in every class (each its own results feed: the cursor starts again)."""
    sims = {
        "empty": simulator(seed=3, found_rate=0, result_min_ms=5, result_max_ms=30),
        "rich": simulator(seed=4, found_rate=1, result_min_ms=5, result_max_ms=30),
    }

    def use(name: str) -> None:
        settings.ZHIYUAN_GATEWAY_URL = sims[name].url
        FeedCursor.objects.filter(name=dispatch.FEED).update(position=0)

    use("empty")
    return use


def pump_until_answered(case: Case) -> None:
    """Pump until every inquiry of ``case`` is answered."""
    dispatch.pump(budget=20, poll_after=0.5)
    states = set(Inquiry.objects.filter(case=case).values_list("state", flat=True))
    assert states == {"complete"}, states


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def people(people: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """The enforcement people and the president of 黔0102, who signs restriction orders."""
    return {**people, "president": make_user("signer", roles=("court_president",), court="黔0102")}


@pytest.fixture
def tcp_case(file_enforcement: Any, people: dict[str, Any], today: dt.date) -> Case:
    """An enforcement case filed four months ago, claim 50 000, handled by the officer, notified."""
    case: Case = file_enforcement(50000, filed_on=add_months(today, -4))
    handled_by(case, people["officer"])
    return cases.transition(people["officer"], case, "notify", case.filed_on + dt.timedelta(days=2))


def ready(case: Case, people: dict[str, Any], today: dt.date, *, skip: tuple[str, ...] = ()) -> None:
    """Fill the checklist of ``case`` (the network inquiry aside): notice served, consumption restriction,
    the officer's findings, the applicant heard — except the items in ``skip``."""
    officer = people["officer"]
    if "notice_served" not in skip:
        affairs.complete_by_key(officer, task_kinds.source_key(case, "notice"), "已送达")
    if "consumption_restriction_issued" not in skip:
        debtor = case.parties.get(side="defendant").party_id
        on = case.filed_on + dt.timedelta(days=5)
        order = restrictions.propose(officer, case, debtor, "debtor", on)
        restrictions.decide(verified(people["president"]), order, True, on)  # 院长签发
    for item in OFFICER_ITEMS:
        if item not in skip:
            services.record_finding(officer, case, item, True, "已核查，无财产线索。", today)
    if "applicant_informed" not in skip:
        services.record_opinion(officer, case, today, "申请执行人同意终本，知悉后果。")


def ask_main_classes(case: Case, people: dict[str, Any]) -> None:
    """The officer asks the network about the main classes and the answers come."""
    network.ask(people["officer"], case, selectors.inquiry_classes())
    pump_until_answered(case)


def claim() -> Decimal:
    return Decimal("50000.00")
