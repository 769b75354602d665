"""The client against the real simulator process over real HTTP (docs/gateway.md)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from zhiyuan.gateway.client import CircuitBreaker, GatewayClient, RetryPolicy, new_key
from zhiyuan.gateway.errors import GatewayError
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.gateway.protocol import (
    Asset,
    AssetClass,
    OrderKind,
    OrderRequest,
    ResultStatus,
)

from .conftest import inquiry

Sim = Callable[..., SimulatorProcess]
FAST = RetryPolicy(attempts=5, base_delay=0.01, max_delay=0.05)


def money_asset(client: GatewayClient, id_number: str = "520102199001011234") -> Asset:
    """A deposit found for the debtor (the simulator finds everything when found_rate=1)."""
    submitted = client.submit_inquiry(inquiry(id_number, AssetClass.DEPOSIT))
    done = client.wait_for(submitted.inquiry_id, timeout=10)
    return next(a for r in done.results for a in r.assets)


def freeze(asset: Asset, amount: str = "100.00", document: str = "(2026)黔0102执100号之一") -> OrderRequest:
    return OrderRequest(
        OrderKind.FREEZE, asset.asset_id, Decimal(amount), "黔0102", "(2026)黔0102执100号", document
    )


def test_results_arrive_late_and_partial(simulator: Sim) -> None:
    sim = simulator(
        seed=7, result_min_ms=20, result_max_ms=100, late_rate=0.4, late_ms=800, unanswered_rate=0.2
    )
    with GatewayClient(sim.url, retry=FAST) as client:
        # The simulator draws lateness and silence from the seed *and the idempotency key*; a fixed key
        # makes the scenario fixed (with seed 7 this one: 9 of 17 classes late, 3 unanswered), where a
        # fresh key left none unanswered in about one run in forty.
        submitted = client.submit_inquiry(inquiry(), key="late-and-partial-4")
        assert submitted.status == "pending"
        assert set(submitted.pending) == set(AssetClass)
        time.sleep(0.3)
        early = client.inquiry(submitted.inquiry_id)
        assert early.status == "partial", "the prompt classes have answered, the late ones not yet"
        assert early.results
        assert early.pending
        done = client.wait_for(submitted.inquiry_id, timeout=10, interval=0.1)
    assert done.status == "complete"
    assert not done.pending
    assert {r.asset_class for r in done.results} == set(AssetClass)
    statuses = {r.status for r in done.results}
    assert ResultStatus.FAILED in statuses, "some institutions did not answer (to be asked again)"
    assert ResultStatus.FOUND in statuses


def test_feed_repeats_deliveries_and_loses_none(simulator: Sim) -> None:
    sim = simulator(seed=2, result_min_ms=0, result_max_ms=50, dup_rate=0.5)
    with GatewayClient(sim.url, retry=FAST) as client:
        ids = [client.submit_inquiry(inquiry(f"52010219900101{n:04d}")).inquiry_id for n in range(5)]
        for inquiry_id in ids:
            client.wait_for(inquiry_id, timeout=10, interval=0.05)
        seen: list[str] = []
        cursor = 0
        while True:
            page = client.results(cursor, limit=7)
            if not page.results:
                break
            seen += [r.result_id for r in page.results]
            cursor = page.next_cursor
    assert len(set(seen)) == 5 * len(AssetClass), "every class of every inquiry delivered"
    assert len(seen) > len(set(seen)), "and some twice: the consumer deduplicates on result_id"


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append(body)  # type: ignore[attr-defined]
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A callback endpoint the simulator posts results to."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.received = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/callback", server.received  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_callbacks_deliver_every_result(simulator: Sim, receiver: tuple[str, list[dict[str, Any]]]) -> None:
    url, received = receiver
    sim = simulator(seed=4, result_min_ms=0, result_max_ms=50, dup_rate=0.5)
    classes = (AssetClass.DEPOSIT, AssetClass.VEHICLE, AssetClass.REAL_ESTATE, AssetClass.SECURITIES)
    with GatewayClient(sim.url, retry=FAST) as client:
        submitted = client.submit_inquiry(inquiry("520102199001011234", *classes, callback_url=url))
        client.wait_for(submitted.inquiry_id, timeout=10, interval=0.05)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and sim.stats()["callbacks_delivered"] < sim.stats()["deliveries"]:
        time.sleep(0.05)
    assert {r["asset_class"] for r in received} == {c.value for c in classes}
    assert len(received) == sim.stats()["deliveries"] >= len(classes)


def test_freeze_after_a_dropped_answer_is_applied_once(simulator: Sim) -> None:
    sim = simulator(seed=1, found_rate=1, result_max_ms=20, drop_rate=1, max_faults_per_key=1)
    with GatewayClient(sim.url, retry=FAST) as client:
        asset = money_asset(client)
        sent_before = client.attempts
        receipt = client.order(freeze(asset))
        assert client.attempts - sent_before == 2, "the first answer was lost; the retry got it"
    assert receipt.replayed
    assert receipt.status == "applied"
    assert receipt.applied == Decimal("100.00")
    state = sim.asset(asset.asset_id)
    assert state["orders"] == 1, "frozen once, not twice"
    assert state["frozen"] == "100.00"
    assert sim.stats()["dropped"] >= 1


def test_same_key_same_body_gets_the_first_answer_and_another_body_is_refused(simulator: Sim) -> None:
    sim = simulator(seed=1, found_rate=1, result_max_ms=20)
    with GatewayClient(sim.url, retry=FAST) as client:
        asset = money_asset(client)
        key = new_key()
        first = client.order(freeze(asset), key=key)
        again = client.order(freeze(asset), key=key)
        assert again.replayed
        assert again.order_id == first.order_id
        assert again.receipt_number == first.receipt_number
        with pytest.raises(GatewayError) as err:
            client.order(freeze(asset, "999.00"), key=key)
    assert err.value.code == "gateway_idempotency_conflict"
    assert err.value.message_zh
    assert err.value.message_en
    assert not err.value.retryable
    assert sim.asset(asset.asset_id)["orders"] == 1
    raw = httpx.post(
        f"{sim.url}/v1/orders", json=freeze(asset, "999.00").as_json(), headers={"Idempotency-Key": key}
    )
    assert raw.status_code == 422
    assert raw.headers["Content-Type"].startswith("application/problem+json")
    assert raw.json()["code"] == "idempotency_key_reused"


def test_in_flight_duplicate_is_409_and_the_client_waits_for_the_first(simulator: Sim) -> None:
    sim = simulator(seed=1, found_rate=1, result_max_ms=20)
    with GatewayClient(sim.url, retry=FAST) as client:
        asset = money_asset(client)
    sim.configure(latency_ms=600)
    key, body = new_key(), freeze(asset).as_json()
    answers: list[httpx.Response] = []

    def send() -> None:
        answers.append(
            httpx.post(f"{sim.url}/v1/orders", json=body, headers={"Idempotency-Key": key}, timeout=5)
        )

    first = threading.Thread(target=send)
    first.start()
    time.sleep(0.2)
    send()
    first.join()
    assert sorted(a.status_code for a in answers) == [201, 409]
    assert next(a for a in answers if a.status_code == 409).headers["Retry-After"] == "1"
    with GatewayClient(sim.url, retry=RetryPolicy(attempts=4, base_delay=0.01)) as client:
        receipt = client.order(freeze(asset), key=key)
    assert receipt.replayed
    assert sim.asset(asset.asset_id)["orders"] == 1


def test_rate_limit_is_honoured(simulator: Sim) -> None:
    sim = simulator(seed=1, rate_limit=2, burst=1)
    burst = [httpx.get(f"{sim.url}/v1/results?after=0&limit=1") for _ in range(3)]
    limited = [r for r in burst if r.status_code == 429]
    assert limited
    assert limited[0].headers["Retry-After"] == "1"
    assert limited[0].json()["code"] == "rate_limited"
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        time.sleep(seconds)

    with GatewayClient(sim.url, retry=RetryPolicy(attempts=6, base_delay=0.01), sleep=sleep) as client:
        for _ in range(3):
            client.results(0, 1)
    assert slept
    assert min(slept) >= 1.0, "never sooner than Retry-After"
    time.sleep(0.6)  # a token for the next client's first call
    with GatewayClient(sim.url, retry=RetryPolicy(attempts=1)) as impatient:
        impatient.results(0, 1)
        with pytest.raises(GatewayError) as err:
            impatient.results(0, 1)
    assert err.value.code == "gateway_rate_limited"
    assert err.value.retryable


def test_breaker_opens_on_failures_and_recovers_through_a_probe(simulator: Sim) -> None:
    sim = simulator(seed=1)
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout=0.5)
    with GatewayClient(sim.url, retry=RetryPolicy(attempts=1), breaker=breaker) as client:
        client.results()
        sim.configure(down=True)
        for _ in range(3):
            with pytest.raises(GatewayError) as err:
                client.results()
            assert err.value.code == "gateway_unavailable"
        assert breaker.state == "open"
        reached = sim.stats()["requests"]
        with pytest.raises(GatewayError) as err:
            client.results()
        assert err.value.code == "gateway_circuit_open"
        assert err.value.retryable
        assert sim.stats()["requests"] == reached, "an open breaker sends nothing"
        time.sleep(0.55)
        assert breaker.state == "half_open"
        with pytest.raises(GatewayError):
            client.results()  # the probe fails: open again
        assert breaker.state == "open"
        sim.configure(down=False)
        time.sleep(0.55)
        assert client.results().next_cursor == 0
        assert breaker.state == "closed"


def test_unreachable_gateway_is_a_bilingual_error() -> None:
    policy = RetryPolicy(attempts=2, base_delay=0.01)
    with GatewayClient("http://127.0.0.1:9", retry=policy) as client, pytest.raises(GatewayError) as err:
        client.results()
    assert err.value.code == "gateway_unavailable"
    assert "查控网络" in err.value.message_zh
    assert err.value.details["reason"] == "ConnectError"


def test_bad_requests_are_problems(simulator: Sim) -> None:
    sim = simulator(seed=1)
    no_key = httpx.post(f"{sim.url}/v1/inquiries", json=inquiry().as_json())
    assert no_key.status_code == 400
    assert no_key.json()["code"] == "idempotency_key_required"
    bad = {**inquiry().as_json(), "classes": ["deposit", "gold_bars"]}
    refused = httpx.post(f"{sim.url}/v1/inquiries", json=bad, headers={"Idempotency-Key": "k"})
    assert refused.status_code == 422
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert refused.json()["details"] == {"field": "classes"}
    assert refused.json()["message_zh"]
    with GatewayClient(sim.url, retry=FAST) as client, pytest.raises(GatewayError) as err:
        client.inquiry("INQ-nothing")
    assert err.value.code == "gateway_not_found"
    missing = OrderRequest(OrderKind.FREEZE, "deposit-0000", Decimal("1.00"), "黔0102", "x", "y")
    with GatewayClient(sim.url, retry=FAST) as client, pytest.raises(GatewayError) as err:
        client.order(missing)
    assert err.value.code == "gateway_not_found"


def test_malformed_and_oversized_bodies_are_refused(simulator: Sim) -> None:
    sim = simulator(seed=1)
    headers = {"Idempotency-Key": "k", "Content-Type": "application/json"}
    broken = httpx.post(f"{sim.url}/v1/orders", content=b"{not json", headers=headers)
    assert broken.status_code == 400
    assert broken.json()["code"] == "bad_json"
    huge = httpx.post(f"{sim.url}/v1/orders", content=b" " * 1_000_001, headers=headers)
    assert huge.status_code == 400
    assert httpx.get(f"{sim.url}/health").status_code == 200, "the simulator is still up"
