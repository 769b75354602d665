"""Granian's command line for ``zhiyuan serve --public`` (the public credit query service; docs/deployment.md).

The service answers one address, ``GET /api/public/credit`` (:mod:`zhiyuan.operations.public_service`), and
is sized for the 2-core reference server with PostgreSQL on the same machine: one worker process per core,
one thread each (``ZHIYUAN_PUBLIC_WORKERS``, ``ZHIYUAN_PUBLIC_THREADS``). Measured there
(docs/benchmarks.md), fewer threads gave the same rate and a shorter tail: 2 × 1 about 2,350 queries a
second with a p99 of 10–12 ms, 3 × 2 the same rate with 16–20 ms; the database does the waiting and uses the
cores. With the database on another machine a worker waits longer per query: raise the threads. Granian — an HTTP server written in Rust — rather than Gunicorn: the same service under Gunicorn
answered about 1,450 queries a second, under Granian about 1,800 (docs/adr/0006-public-query-service.md). A worker that dies is started again; workers are
replaced every ``ZHIYUAN_PUBLIC_WORKERS_LIFETIME`` seconds (default a day), as Gunicorn's are after a number
of requests. Every value comes from the environment, so the systemd unit and the container run the same
command."""

from __future__ import annotations

import multiprocessing
import os

APPLICATION = "zhiyuan.public_wsgi:application"


def argv(executable: str, bind: str | None = None) -> list[str]:
    """The Granian command line (``bind``: HOST:PORT, default ``ZHIYUAN_PUBLIC_BIND`` or 127.0.0.1:8001)."""
    host, _, port = (bind or os.environ.get("ZHIYUAN_PUBLIC_BIND", "127.0.0.1:8001")).rpartition(":")
    workers = os.environ.get("ZHIYUAN_PUBLIC_WORKERS", str(multiprocessing.cpu_count()))
    return [
        executable,
        "--interface", "wsgi",
        "--host", host.strip("[]") or "127.0.0.1",
        "--port", port,
        "--http", "1",
        "--no-ws",
        "--workers", workers,
        "--blocking-threads", os.environ.get("ZHIYUAN_PUBLIC_THREADS", "1"),
        "--respawn-failed-workers",
        "--workers-lifetime", os.environ.get("ZHIYUAN_PUBLIC_WORKERS_LIFETIME", "86400"),
        "--workers-kill-timeout", "30",
        "--log-level", os.environ.get("ZHIYUAN_LOG_LEVEL", "info").lower(),
        "--no-access-log",
        APPLICATION,
    ]  # fmt: skip
