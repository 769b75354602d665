"""Orders and their receipts: what the institution applied, never more than the balance allows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from zhiyuan.gateway.client import GatewayClient, RetryPolicy
from zhiyuan.gateway.errors import GatewayError
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.gateway.protocol import AssetClass, OrderKind, OrderRequest

from .conftest import inquiry

Sim = Callable[..., SimulatorProcess]
FAST = RetryPolicy(attempts=5, base_delay=0.01, max_delay=0.05)


def order(kind: OrderKind, asset_id: str, amount: Decimal, n: int) -> OrderRequest:
    return OrderRequest(kind, asset_id, amount, "黔0102", "(2026)黔0102执100号", f"(2026)黔0102执100号之{n}")


def test_freeze_unfreeze_deduct_receipts(simulator: Sim) -> None:
    sim = simulator(seed=3, found_rate=1, result_max_ms=20)
    with GatewayClient(sim.url, retry=FAST) as client:
        submitted = client.submit_inquiry(inquiry("520102199001019999", AssetClass.DEPOSIT))
        asset = client.wait_for(submitted.inquiry_id, timeout=10).results[0].assets[0]
        balance = asset.balance
        assert balance is not None
        assert balance > Decimal("2.00")
        frozen = client.order(order(OrderKind.FREEZE, asset.asset_id, balance + 100, 1))
        assert frozen.status == "partial"
        assert frozen.applied == balance, "a freeze blocks at most the balance"
        assert frozen.reason == "insufficient_balance"
        released = client.order(order(OrderKind.UNFREEZE, asset.asset_id, Decimal("1.00"), 2))
        assert (released.status, released.applied) == ("applied", Decimal("1.00"))
        taken = client.order(order(OrderKind.DEDUCT, asset.asset_id, Decimal("2.00"), 3))
        assert (taken.status, taken.applied) == ("applied", Decimal("2.00"))
        assert client.order_receipt(taken.order_id) == taken
    state = sim.asset(asset.asset_id)
    assert state["balance"] == str(balance - 2)
    assert state["frozen"] == str(balance - 3)
    assert state["deducted"] == "2.00"
    assert state["orders"] == 3
    assert sim.stats()["repeated_orders"] == 0


def test_wait_for_times_out_with_what_is_pending(simulator: Sim) -> None:
    sim = simulator(seed=1, result_min_ms=5000, result_max_ms=6000)
    with GatewayClient(sim.url, retry=FAST) as client:
        submitted = client.submit_inquiry(inquiry("520102199001011234", AssetClass.VEHICLE))
        with pytest.raises(GatewayError) as err:
            client.wait_for(submitted.inquiry_id, timeout=0.3, interval=0.1)
    assert err.value.code == "gateway_timeout"
    assert err.value.retryable
    assert err.value.details["pending"] == ["vehicle"]
