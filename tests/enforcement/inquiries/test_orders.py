"""Orders through the network: the receipt stored once with the case's node and the hooks, a re-send under
the stored key replayed (never applied twice), and the officer's refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.enforcement import network_hooks
from zhiyuan.enforcement.inquiries import dispatch, services
from zhiyuan.enforcement.models import InquiryResult, Measure, NetworkOrder
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.law.errors import Denied, LawError

from .conftest import answered

pytestmark = pytest.mark.django_db


def _deposit(user: Any, case: Case) -> InquiryResult:
    inquiry = answered(user, case, "deposit", "vehicle")
    return InquiryResult.objects.filter(inquiry=inquiry, asset_class="deposit").order_by("ref").first()  # type: ignore[return-value]


def test_a_freeze_is_applied_once_its_receipt_stored_once_and_the_hooks_called_once(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    asset = _deposit(people["officer"], case)
    seen: list[tuple[int, str]] = []

    def watch(order: NetworkOrder) -> None:
        seen.append((order.pk, order.state))

    network_hooks.ORDER_APPLIED.append(watch)
    try:
        order = services.send_order(
            people["officer"], case, "freeze", asset.pk, "100.00", "（2026）黔0102执1号之一"
        )
        assert NetworkOrder.objects.get(pk=order.pk).key  # stored before anything was sent
        dispatch.pump(budget=20)
        order.refresh_from_db()
        assert (order.state, order.applied) == ("applied", Decimal("100.00"))
        assert order.receipt_number.startswith("RCPT-")
        assert seen == [(order.pk, "applied")]
        # the same order sent again under its key (a worker that died before storing): the first receipt
        receipt = dispatch.client().order(dispatch._order_request(order), key=order.key)
        assert receipt.replayed
        assert receipt.receipt_number == order.receipt_number
        assert dispatch.store_receipt(order.pk, receipt) == 0  # stored already: nothing, no hook
        assert seen == [(order.pk, "applied")]
    finally:
        network_hooks.ORDER_APPLIED.remove(watch)
    state = network.asset(asset.ref)
    assert (state["orders"], state["frozen"]) == (1, "100.00")
    nodes = list(NodeLog.objects.filter(case=case).values_list("node", flat=True))
    assert nodes.count("network_order") == 1
    assert nodes.count("network_receipt") == 1
    assert AuditEntry.objects.filter(action="enforcement.order.freeze").count() == 1
    # the receipt became the case's freeze measure on that account, once, for the amount applied
    measure = Measure.objects.get(case=case, kind="freeze", asset__register_ref=asset.ref)
    assert (measure.status, measure.amount, measure.receipt_ref) == (
        "active",
        Decimal("100.00"),
        order.receipt_number,
    )


def test_an_order_sent_by_a_dead_worker_is_replayed_under_its_key_not_applied_again(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    asset = _deposit(people["officer"], case)
    order = services.send_order(
        people["officer"], case, "freeze", asset.pk, "50.00", "（2026）黔0102执1号之二"
    )
    dispatch.client().order(dispatch._order_request(order), key=order.key)  # sent, then the worker died
    dispatch.pump(budget=20)
    order.refresh_from_db()
    assert order.state == "applied"
    assert network.asset(asset.ref)["orders"] == 1
    assert network.asset(asset.ref)["frozen"] == "50.00"


def test_a_hook_that_fails_rolls_the_receipt_back_and_the_order_is_re_sent_later(
    network: SimulatorProcess, case: Case, people: dict[str, Any], settings: Any
) -> None:
    settings.ZHIYUAN_GATEWAY_LEASE_SECONDS = 0
    asset = _deposit(people["officer"], case)
    order = services.send_order(
        people["officer"], case, "freeze", asset.pk, "10.00", "（2026）黔0102执1号之三"
    )

    def broken(order: NetworkOrder) -> None:
        raise RuntimeError("measures app down")

    network_hooks.ORDER_APPLIED.append(broken)
    try:
        with pytest.raises(RuntimeError):
            dispatch.send_orders()
    finally:
        network_hooks.ORDER_APPLIED.remove(broken)
    order.refresh_from_db()
    assert (order.state, order.receipt_number) == ("pending", "")
    dispatch.send_orders()
    order.refresh_from_db()
    assert order.state == "applied"
    assert network.asset(asset.ref)["orders"] == 1


def test_orders_are_refused_without_the_permission_on_an_asset_of_another_case_or_with_bad_values(
    network: SimulatorProcess, case: Case, people: dict[str, Any], file_enforcement: Any
) -> None:
    asset = _deposit(people["officer"], case)
    with pytest.raises(Denied):
        services.send_order(people["judge"], case, "freeze", asset.pk, "1.00", "文号")
    with pytest.raises(Denied):
        services.send_order(people["officer_zunyi"], case, "freeze", asset.pk, "1.00", "文号")
    other = file_enforcement(1000)
    with pytest.raises(LawError) as err:
        services.send_order(people["officer"], other, "freeze", asset.pk, "1.00", "文号")
    assert err.value.code == "asset_not_found"
    for kind, amount, document, code in [
        ("seize", "1.00", "文号", "order_kind_invalid"),
        ("freeze", "-1", "文号", None),
        ("freeze", "0", "文号", None),
        ("freeze", "1.001", "文号", None),
        ("freeze", "1.00", "  ", "document_number_required"),
        ("freeze", "1.00", "文\n号", None),
    ]:
        with pytest.raises(LawError) as err:
            services.send_order(people["officer"], case, kind, asset.pk, amount, document)
        if code:
            assert err.value.code == code
    vehicle = InquiryResult.objects.filter(inquiry__case=case, asset_class="vehicle").first()
    assert vehicle is not None
    with pytest.raises(LawError) as err:
        services.send_order(people["officer"], case, "freeze", vehicle.pk, "1.00", "文号")
    assert err.value.code == "asset_not_freezable"
    assert not NetworkOrder.objects.exists()


def test_the_network_releases_lower_the_freeze_measure_and_end_it_at_nothing(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    asset = _deposit(people["officer"], case)
    officer = people["officer"]
    services.send_order(officer, case, "freeze", asset.pk, "100.00", "（2026）黔0102执1号之四")
    dispatch.pump(budget=20)
    measure = Measure.objects.get(case=case, kind="freeze", asset__register_ref=asset.ref)
    services.send_order(officer, case, "unfreeze", asset.pk, "30.00", "（2026）黔0102执1号之五")
    dispatch.pump(budget=20)
    measure.refresh_from_db()
    assert (measure.status, measure.amount) == ("active", Decimal("70.00"))
    assert NodeLog.objects.filter(case=case, node="measure.release_part").count() == 1
    services.send_order(officer, case, "unfreeze", asset.pk, "70.00", "（2026）黔0102执1号之六")
    dispatch.pump(budget=20)
    measure.refresh_from_db()
    assert measure.status == "released"
    assert not NodeLog.objects.filter(case=case, node="measure.network_unmatched").exists()


def test_no_freeze_or_deduction_beyond_what_the_case_is_still_owed(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    officer = people["officer"]  # the case's claim is 50,000
    asset = _deposit(officer, case)
    with pytest.raises(LawError) as err:
        services.send_order(officer, case, "freeze", asset.pk, "99999999", "（2026）黔0102执1号之七")
    assert err.value.code == "order_exceeds_claim"
    services.send_order(officer, case, "freeze", asset.pk, "30000.00", "（2026）黔0102执1号之八")
    # 30,000 on its way to being frozen: 20,000 more at most, then nothing
    with pytest.raises(LawError) as err:
        services.send_order(officer, case, "freeze", asset.pk, "20000.01", "（2026）黔0102执1号之九")
    assert err.value.details["room"] == "20000.00"
    dispatch.pump(budget=20)
    services.send_order(officer, case, "deduct", asset.pk, "30000.00", "（2026）黔0102执1号之十")
    dispatch.pump(budget=20)
    # what the bank deducted (the account may hold less than asked) is no longer owed
    deducted = sum(m.amount for m in Measure.objects.filter(case=case, kind="deduction"))
    frozen = sum(m.amount for m in Measure.objects.filter(case=case, kind="freeze", status="active"))
    owed = Decimal("50000.00") - deducted
    with pytest.raises(LawError) as err:
        services.send_order(
            officer, case, "deduct", asset.pk, owed + Decimal("0.01"), "（2026）黔0102执1号之十一"
        )
    assert err.value.details["room"] == str(owed)
    with pytest.raises(LawError) as err:
        services.send_order(
            officer,
            case,
            "freeze",
            asset.pk,
            max(owed - frozen, Decimal("0.00")) + Decimal("1.00"),
            "（2026）黔0102执1号之十二",
        )
    assert err.value.details["room"] == str(max(owed - frozen, Decimal("0.00")))
    assert NetworkOrder.objects.filter(case=case).count() == 2


def test_a_deduction_out_of_a_freeze_lowers_the_freeze(
    network: SimulatorProcess, case: Case, people: dict[str, Any]
) -> None:
    officer = people["officer"]
    asset = _deposit(officer, case)
    services.send_order(officer, case, "freeze", asset.pk, "100.00", "（2026）黔0102执1号之十三")
    dispatch.pump(budget=20)
    freeze = Measure.objects.get(case=case, kind="freeze", asset__register_ref=asset.ref)
    deduct = services.send_order(officer, case, "deduct", asset.pk, "40.00", "（2026）黔0102执1号之十四")
    dispatch.pump(budget=20)
    deduct.refresh_from_db()
    freeze.refresh_from_db()
    assert freeze.amount == Decimal("100.00") - deduct.applied
    assert not NodeLog.objects.filter(case=case, node="measure.network_unmatched").exists()
