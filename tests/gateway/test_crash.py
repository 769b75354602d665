"""A worker killed (SIGKILL) with a freeze in flight: re-sent under the key it stored before sending, the
freeze is applied once. The platform's persistence of the key is the enforcement app's; here the worker
keeps it in a file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from zhiyuan.gateway.client import GatewayClient, RetryPolicy
from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.gateway.protocol import AssetClass, OrderKind, OrderRequest

from .conftest import inquiry

Sim = Callable[..., SimulatorProcess]

WORKER = textwrap.dedent(
    """
    import sys
    from decimal import Decimal
    from pathlib import Path
    from zhiyuan.gateway.client import GatewayClient, new_key
    from zhiyuan.gateway.protocol import OrderKind, OrderRequest

    url, asset_id, store = sys.argv[1:4]
    key = new_key()
    Path(store).write_text(key)  # stored before sending, as the platform stores it with the order
    print("sending", flush=True)
    with GatewayClient(url) as client:
        client.order(OrderRequest(OrderKind.FREEZE, asset_id, Decimal("100.00"), "黔0102", "案号", "文书号"), key=key)
    print("done", flush=True)
    """
)


def test_a_killed_worker_resends_under_its_stored_key_and_the_freeze_is_applied_once(
    simulator: Sim, tmp_path: Path
) -> None:
    sim = simulator(seed=5, found_rate=1, result_max_ms=20)
    with GatewayClient(sim.url) as client:
        submitted = client.submit_inquiry(inquiry("520102199001015555", AssetClass.DEPOSIT))
        asset = client.wait_for(submitted.inquiry_id, timeout=10).results[0].assets[0]
    sim.configure(latency_ms=1500)  # the order is still being processed when the worker dies
    before = sim.stats()["requests"]
    store = tmp_path / "key"
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, sim.url, asset.asset_id, str(store)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert worker.stdout is not None
    assert worker.stdout.readline().strip() == "sending"
    deadline = time.monotonic() + 10
    while sim.stats()["requests"] == before and time.monotonic() < deadline:
        time.sleep(0.02)  # until the network has the order
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    worker.stdout.close()
    key = store.read_text()
    request = OrderRequest(OrderKind.FREEZE, asset.asset_id, Decimal("100.00"), "黔0102", "案号", "文书号")
    with GatewayClient(sim.url, retry=RetryPolicy(attempts=8, base_delay=0.2, max_delay=1.0)) as client:
        receipt = client.order(
            request, key=key
        )  # the re-run: 409 while the first is in flight, then its answer
    assert receipt.replayed
    assert sim.stats()["in_flight_409"] >= 1, "the re-run met the first attempt still in flight"
    assert receipt.applied == Decimal("100.00")
    state = sim.asset(asset.asset_id)
    assert state["orders"] == 1
    assert state["frozen"] == "100.00"
