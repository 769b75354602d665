"""``zhiyuan gateway-sim`` as a command."""

from __future__ import annotations

import subprocess
import sys

from zhiyuan.gateway.process import SimulatorProcess


def test_refuses_bad_options_in_both_languages() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zhiyuan.cli", "gateway-sim", "--fail-rate", "2"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "invalid_option" in done.stderr
    assert "比例" in done.stderr


def test_health_and_clean_exit() -> None:
    sim = SimulatorProcess(seed=5, latency_ms=100).start()
    try:
        import httpx

        health = httpx.get(f"{sim.url}/health").json()
        assert health == {"status": "ok", "seed": 5, "version": "v1"}
    finally:
        assert sim.stop() == 0
