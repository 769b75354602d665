"""Repeated freezes (轮巡冻结): the running figure, covered → ends, over-freeze → release, exempt funds
never frozen and the living reserve kept, the officer's stop, and the daily rounds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.enforcement.inquiries import dispatch, teimosinha
from zhiyuan.enforcement.models import InquiryResult, NetworkOrder, RepeatedFreeze
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.law.errors import Denied, LawError

from .conftest import answered

pytestmark = pytest.mark.django_db
CLASSES = ("deposit", "online_payment", "wealth_product", "social_insurance")
RULING = "（2026）黔0102执1号之一"


def _money(case: Case) -> list[InquiryResult]:
    """The freezable money assets found, as a round sees them (by reference)."""
    rf = RepeatedFreeze(case=case, debtor=case.parties.get(side="defendant").party)
    return teimosinha.latest_assets(rf)


def _frozen(sim: SimulatorProcess, refs: set[str]) -> Decimal:
    return sum((Decimal(str(sim.asset(ref)["frozen"])) for ref in refs), Decimal("0.00"))


def test_parameters_come_from_the_law_with_their_sources(ref: Any) -> None:
    assert "social_insurance" in teimosinha.exempt_classes()
    assert "social_insurance" not in teimosinha.freeze_classes()
    assert teimosinha.reserve_for(0) == Decimal("2400.00")  # 800 × 1 person × 3 months (UNVERIFIED default)
    assert teimosinha.reserve_for(2) == Decimal("7200.00")
    assert teimosinha.default_days() == 30
    assert ref.params["network.living_allowance_monthly"].citation.verified is False


def test_two_accounts_freezing_beyond_the_amount_due_are_released_to_it(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    answered(people["officer"], case, *CLASSES)
    assets = _money(case)
    reserve = teimosinha.reserve_for(0)
    rich = [a for a in assets[1:] if a.balance and a.balance > 1000]
    assert (assets[0].balance or 0) > reserve + 1000, "seed 7 gives a first account above it"
    assert rich, "seed 7 gives a second account"
    rf = teimosinha.start(people["officer"], case, "1000.00", RULING)
    freezes = list(NetworkOrder.objects.filter(repeated_freeze=rf, kind="freeze"))
    assert len(freezes) >= 2  # each institution asked for up to what is owed, on its own
    assert all(o.amount == Decimal("1000.00") for o in freezes)
    dispatch.pump(budget=30, poll_after=0.5)
    rf.refresh_from_db()
    assert rf.frozen_total == Decimal("1000.00")
    assert rf.state == "covered"
    assert rf.still_owed == 0
    releases = NetworkOrder.objects.filter(repeated_freeze=rf, kind="unfreeze")
    assert sum(o.applied for o in releases) == Decimal(len(freezes) - 1) * 1000
    assert _frozen(network, {o.ref for o in freezes}) == Decimal("1000.00")
    nodes = list(NodeLog.objects.filter(case=case).values_list("node", flat=True))
    assert nodes.count("network_release") == releases.count()
    assert "repeated_freeze_start" in nodes
    assert "repeated_freeze_end" in nodes
    # covered: the daily round sends nothing more
    assert teimosinha.run_rounds(timezone.localdate() + dt.timedelta(days=1)) == 0


def test_exempt_funds_are_never_frozen_and_the_living_reserve_is_kept(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    answered(people["officer"], case, *teimosinha.freeze_classes(), "social_insurance")
    found = set(InquiryResult.objects.filter(status="found").values_list("asset_class", flat=True))
    assert "social_insurance" in found
    assets = _money(case)
    total = sum((a.balance or Decimal(0) for a in assets), Decimal(0))
    rf = teimosinha.start(people["officer"], case, str(total + 1000), RULING, dependants=1)
    assert rf.reserve == Decimal("4800.00")
    dispatch.pump(budget=30, poll_after=0.5)
    rf.refresh_from_db()
    orders = NetworkOrder.objects.filter(repeated_freeze=rf)
    assert not orders.filter(asset_class="social_insurance").exists()
    assert rf.state == "active"  # not covered: it goes on tomorrow
    assert rf.frozen_total == total - Decimal("4800.00")  # everything but the reserve
    assert rf.still_owed == Decimal("1000.00") + Decimal("4800.00")
    first = assets[0]
    assert orders.get(ref=first.ref).amount == max(Decimal(0), (first.balance or 0) - Decimal("4800.00"))
    # the next day's round asks again (balances may have grown) and freezes nothing beyond the reserve
    assert teimosinha.run_round(rf, timezone.localdate() + dt.timedelta(days=1)) == 0


def test_the_officer_stops_it_and_orders_never_sent_are_withdrawn(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    answered(people["officer"], case, *CLASSES)
    rf = teimosinha.start(people["officer"], case, "999999.00", RULING)
    pending = NetworkOrder.objects.filter(repeated_freeze=rf, state="pending")
    assert pending.exists()
    with pytest.raises(Denied):
        teimosinha.stop(people["judge"], rf)
    teimosinha.stop(people["officer"], rf)
    rf.refresh_from_db()
    assert (rf.state, rf.stopped_by_name) == ("stopped", "王执行")
    assert not NetworkOrder.objects.filter(repeated_freeze=rf, state="pending").exists()
    dispatch.pump(budget=20, poll_after=0.5)
    assert network.stats()["orders_applied"] == 0
    assert teimosinha.run_round(rf, timezone.localdate() + dt.timedelta(days=1)) == 0
    with pytest.raises(LawError) as err:
        teimosinha.stop(people["officer"], rf)
    assert err.value.code == "repeated_freeze_not_running"


def test_it_ends_after_its_days_and_refuses_bad_values(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    rf = teimosinha.start(people["officer"], case, "500.00", RULING, days=2)
    assert rf.until == rf.starts_on + dt.timedelta(days=1)
    with pytest.raises(LawError) as err:
        teimosinha.start(people["officer"], case, "500.00", RULING)
    assert err.value.code == "repeated_freeze_running"
    teimosinha.run_round(rf, rf.until + dt.timedelta(days=1))
    rf.refresh_from_db()
    assert rf.state == "finished"
    for amount, days, dependants, code in [
        ("0", 5, 0, None),
        ("abc", 5, 0, None),
        ("10.00", 0, 0, "days_invalid"),
        ("10.00", 91, 0, "days_invalid"),
        ("10.00", 5, -1, "dependants_invalid"),
    ]:
        with pytest.raises(LawError) as err:
            teimosinha.start(people["officer"], case, amount, RULING, days=days, dependants=dependants)
        if code:
            assert err.value.code == code
    with pytest.raises(Denied):
        teimosinha.start(people["officer_zunyi"], case, "10.00", RULING)
