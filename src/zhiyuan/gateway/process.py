"""Start ``zhiyuan gateway-sim`` as its own process and stop it — for tests, benchmarks and the demo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from types import TracebackType

import httpx

LISTENING = re.compile(r"listening on (http://\S+)")


class SimulatorProcess:
    """``with SimulatorProcess(seed=1, latency_ms=200) as sim: sim.url`` — a free port, ready on entry
    (its ``/health`` answered), SIGTERM on exit. Options are the command's, with underscores."""

    def __init__(self, **options: object) -> None:
        self.argv = [sys.executable, "-m", "zhiyuan.cli", "gateway-sim", "--port", "0"]
        for name, value in options.items():
            self.argv += [f"--{name.replace('_', '-')}", str(value)]
        self.proc: subprocess.Popen[str] | None = None
        # a file, not a pipe nobody reads (a full pipe would block the server); closed by stop()
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115
        self.url = ""

    def start(self, timeout: float = 15.0) -> SimulatorProcess:
        """Spawn the process and wait until it answers ``/health``."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            self.argv, stdout=subprocess.PIPE, stderr=self.errors, text=True, env=env
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = LISTENING.search(line)
        if not match:
            errors = self.stderr()
            self.stop()
            raise RuntimeError(f"gateway-sim did not start: {line!r} {errors}")
        self.url = match.group(1)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("gateway-sim did not answer /health")
            time.sleep(0.05)

    def stderr(self) -> str:
        """What the process wrote to its standard error so far."""
        self.errors.seek(0)
        return self.errors.read()

    def stats(self) -> dict[str, int]:
        """The simulator's counters (``GET /_sim/stats``)."""
        return dict(httpx.get(f"{self.url}/_sim/stats", timeout=5.0).json()["stats"])

    def configure(self, **changes: object) -> None:
        """Change the running simulator's behaviour (``POST /_sim/config``)."""
        httpx.post(f"{self.url}/_sim/config", json=changes, timeout=5.0).raise_for_status()

    def asset(self, asset_id: str) -> dict[str, object]:
        """An asset's balance, frozen and deducted amounts and count of orders applied."""
        return dict(httpx.get(f"{self.url}/_sim/assets/{asset_id}", timeout=5.0).json())

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after five seconds; the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        self.errors.close()
        return self.proc.returncode

    def __enter__(self) -> SimulatorProcess:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
