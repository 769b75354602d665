"""Many inquiries at once through one client, faults on: nothing placed twice, nothing lost (a small
version of benchmarks/gateway.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from zhiyuan.gateway.client import GatewayClient, RetryPolicy
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.gateway.protocol import AssetClass

from .conftest import inquiry

Sim = Callable[..., SimulatorProcess]
CLASSES = (AssetClass.DEPOSIT, AssetClass.REAL_ESTATE, AssetClass.VEHICLE)


def test_concurrent_inquiries_are_placed_once_and_answered_fully(simulator: Sim) -> None:
    sim = simulator(
        seed=9, latency_ms=50, result_max_ms=200, fail_rate=0.1, drop_rate=0.1, dup_rate=0.2, found_rate=0.5
    )
    with GatewayClient(sim.url, retry=RetryPolicy(attempts=8, base_delay=0.02, max_delay=0.2)) as client:

        def place(n: int) -> str:
            return client.submit_inquiry(
                inquiry(f"52010219700101{n:04d}", *CLASSES), key=f"load-{n}"
            ).inquiry_id

        with ThreadPoolExecutor(20) as pool:
            placed = list(pool.map(place, range(200)))
        received: set[str] = set()
        cursor, deadline = 0, time.monotonic() + 20
        while len(received) < 200 * len(CLASSES) and time.monotonic() < deadline:
            page = client.results(cursor, limit=1000)
            received.update(r.result_id for r in page.results)
            cursor = page.next_cursor
    stats = sim.stats()
    assert len(set(placed)) == 200
    assert stats["inquiries_created"] == 200
    assert stats["repeated_inquiries"] == 0
    assert stats["dropped"] > 0, "answers were lost on the way and replayed"
    assert stats["replays"] >= stats["dropped"]
    assert stats["deliveries"] > len(received) == 600
