"""A real ``zhiyuan db_worker`` killed (SIGKILL) with inquiries and freezes in flight against a real
``zhiyuan gateway-sim``; another worker and the periodic sweep finish the work: no inquiry created twice,
no freeze applied twice, no result lost. Everything runs in processes of its own on a database of its own
(a SQLite file migrated for the test)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from zhiyuan.gateway.client import GatewayClient
from zhiyuan.gateway.process import SimulatorProcess

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
STEPS = str(Path(__file__).with_name("crash_steps.py"))
FIRST, MORE = 6, 16


def _env(db: Path, sim: SimulatorProcess) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHIYUAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        ZHIYUAN_VAR_DIR=str(db.parent),
        ZHIYUAN_GATEWAY_URL=sim.url,
        ZHIYUAN_GATEWAY_LEASE_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    return env


def _step(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, STEPS, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, STEPS, "worker"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _left(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        (inquiries,) = conn.execute(
            "SELECT count(*) FROM enforcement_inquiry WHERE state NOT IN ('complete', 'failed')"
        ).fetchone()
        (orders,) = conn.execute(
            "SELECT count(*) FROM enforcement_networkorder WHERE state = 'pending'"
        ).fetchone()
    return int(inquiries) + int(orders)


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_a_worker_killed_mid_run_loses_nothing_and_applies_nothing_twice(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    log = tmp_path / "worker.log"
    with SimulatorProcess(seed=11, found_rate=1, result_min_ms=20, result_max_ms=200, dup_rate=0.3) as sim:
        env = _env(db, sim)
        subprocess.run([ZHIYUAN, "migrate", "-v0"], env=env, check=True, capture_output=True)
        _step(env, "setup", str(FIRST), str(MORE))  # answered; then freezes and more inquiries to send
        sim.configure(latency_ms=1500)  # in flight long enough to die in the middle
        # each worker first enqueues the sweep, as the scheduler does every minute
        for _ in range(2):  # the first dies with freezes in flight, the next with whatever it sends
            before = sim.stats()["requests"]
            worker = _worker(env, log)
            _wait(lambda b=before: sim.stats()["requests"] > b, 60, "the worker to send")
            time.sleep(0.3)
            os.kill(worker.pid, signal.SIGKILL)  # the network has requests whose answers nobody stores
            worker.wait()
            assert _left(db) > 0, "the worker died with work left"
        sim.configure(latency_ms=20)
        last = _worker(env, log)
        try:
            _wait(lambda: _left(db) == 0, 60, "the last worker to finish")
        finally:
            last.send_signal(signal.SIGTERM)
            last.wait(15)
        report = json.loads(_step(env, "report"))
        stats = sim.stats()
        gateway_ids = report["gateway_ids"]
        assert report["inquiries"] == {"complete": FIRST + MORE}
        assert len(set(gateway_ids)) == FIRST + MORE
        assert stats["replays"] >= 1, "a dead worker's request was re-sent under its key"
        assert stats["inquiries_created"] == FIRST + MORE, "0 duplicates: no inquiry created twice"
        with GatewayClient(sim.url) as client:
            expected = sum(max(1, len(r.assets)) for gid in gateway_ids for r in client.inquiry(gid).results)
        assert report["results"] == expected, "0 losses: every asset of every answer stored, once"
        orders = report["orders"]
        assert orders
        assert stats["orders_applied"] == len(orders), "0 duplicates: each freeze applied once"
        for ref, amount, state, applied in orders:
            assert (state, applied) == ("applied", amount)
            asset = sim.asset(ref)
            assert (asset["orders"], asset["frozen"]) == (1, amount)
    assert "Traceback" not in log.read_text()
