"""A seed decides the simulator's answers and faults, whatever the timing (docs/gateway.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from zhiyuan.gateway.client import GatewayClient, RetryPolicy
from zhiyuan.gateway.process import SimulatorProcess

from .conftest import inquiry

Sim = Callable[..., SimulatorProcess]
FAULTS = {"fail_rate": 0.3, "drop_rate": 0.2, "unanswered_rate": 0.2, "max_faults_per_key": 3}


def run(sim: SimulatorProcess) -> tuple[list[str], list[Any]]:
    """What ten raw attempts meet, and the answers of three inquiries (without timestamps)."""
    outcomes = []
    for n in range(10):
        try:
            status = httpx.post(
                f"{sim.url}/v1/inquiries", json=inquiry().as_json(), headers={"Idempotency-Key": f"k{n % 4}"}
            ).status_code
            outcomes.append(str(status))
        except httpx.TransportError:
            outcomes.append("dropped")
    answers = []
    with GatewayClient(sim.url, retry=RetryPolicy(attempts=8, base_delay=0.01)) as client:
        for n in range(3):
            submitted = client.submit_inquiry(inquiry(f"52010219800101{n:04d}"), key=f"inquiry-{n}")
            done = client.wait_for(submitted.inquiry_id, timeout=10, interval=0.05)
            answers.append(
                sorted(
                    (r.result_id, r.status.value, [(a.asset_id, a.balance) for a in r.assets])
                    for r in done.results
                )
            )
    return outcomes, answers


def test_same_seed_same_behaviour(simulator: Sim) -> None:
    first = run(simulator(seed=11, result_max_ms=40, **FAULTS))
    second = run(simulator(seed=11, result_max_ms=40, **FAULTS))
    other = run(simulator(seed=12, result_max_ms=40, **FAULTS))
    assert first == second
    assert {"503", "dropped"} & set(first[0]), "the faults did happen"
    assert first != other
