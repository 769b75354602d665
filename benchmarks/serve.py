"""Requests per second of the production server (``zhiyuan serve``, Gunicorn) by worker count, against the
peer measured in the same run: Django's development server (``zhiyuan runserver --noreload``, one process,
a thread per request), which ``make demo`` uses.

Each server runs on a fresh migrated SQLite database with production settings (collected static files,
keys from ``zhiyuan keys``). A load generator of ``--clients`` threads (each with its own HTTP connection
pool) requests, round-robin, the sign-in page (a template rendered, no database write), the public document
verification with an unknown code (a database read, a 404 page) and a hashed static file, for ``--seconds`` after a warm-up; it reports requests per
second, the median and 95th-percentile latency and errors. On the 2-core reference machine the load
generator shares the cores with the server, as a reverse proxy would.

    .venv/bin/python benchmarks/serve.py [--seconds 15] [--clients 16] [--workers 1,3,5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(var: Path, port: int) -> dict[str, str]:
    keys = subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True).stdout.split()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHIYUAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(dict(line.split("=", 1) for line in keys))
    env.update(
        ZHIYUAN_ENV="production",
        ZHIYUAN_ALLOWED_HOSTS="127.0.0.1",
        ZHIYUAN_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        ZHIYUAN_SECURE_SSL_REDIRECT="0",
        ZHIYUAN_VAR_DIR=str(var),
        ZHIYUAN_CACHE="database",
        ZHIYUAN_LOG_REQUESTS="0",
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
    )
    return env


def wait_live(base: str, process: subprocess.Popen[bytes]) -> None:
    """Return once ``base``/health/live answers; exit when the server died or stayed silent 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/health/live", timeout=2)
            return
        except httpx.HTTPError:
            if process.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 60 s")


def _load(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=30) as http:
            i = n
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    r = http.get(paths[i % len(paths)])
                    if r.status_code >= 500:
                        bad += 1
                except httpx.HTTPError:
                    bad += 1
                mine.append(time.perf_counter() - started)
                i += 1
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "requests_per_s": round(len(latencies) / seconds, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "errors": errors,
    }


def _measure(
    name: str, command: list[str], var: Path, port: int, args: argparse.Namespace, workers: int = 0
) -> dict[str, object]:
    env = _env(var, port)
    if workers:
        env["ZHIYUAN_WEB_WORKERS"] = str(workers)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_live(base, process)
        page = httpx.get(base + "/accounts/login/").text
        css = next(p for p in page.split('"') if p.endswith(".css") and "site" in p)
        paths = ["/accounts/login/", "/performance/verify/?code=ABCD-EFGH-JKMN", css]
        _load(base, paths, args.clients, 3)  # warm-up
        result = _load(base, paths, args.clients, args.seconds)
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {"server": name, **result}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", default="1,3,5", help="worker counts of zhiyuan serve to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhiyuan-serve-bench-") as tmp:
        var = Path(tmp)
        env = _env(var, 0)
        for step in (["migrate", "-v0"], ["createcachetable"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([ZHIYUAN, *step], env=env, check=True, capture_output=True)
        rows = []
        port = free_port()
        rows.append(
            _measure(
                "runserver (peer)", [ZHIYUAN, "runserver", "--noreload", f"127.0.0.1:{port}"], var, port, args
            )
        )
        for workers in (int(w) for w in args.workers.split(",")):
            port = free_port()
            command = [ZHIYUAN, "serve", "--bind", f"127.0.0.1:{port}"]
            rows.append(_measure(f"serve {workers}×4 threads", command, var, port, args, workers))
    peer = rows[0]["requests_per_s"]
    for row in rows:
        row["ratio_to_peer"] = round(float(row["requests_per_s"]) / float(peer), 2)  # type: ignore[arg-type]
    print(json.dumps({"machine": f"{platform.machine()}, {os.cpu_count()} cores", "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
