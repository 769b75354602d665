"""Gunicorn's configuration for ``zhiyuan serve`` (the production web server; docs/deployment.md).

Sized for the reference server, 2 cores: ``gthread`` workers — each a process with a few threads, since a
request mostly waits for the database — numbering cores + 1 with 4 threads each (``ZHIYUAN_WEB_WORKERS``,
``ZHIYUAN_WEB_THREADS`` change it). On SQLite only one request writes at a time whatever the count.
Every value comes from the environment, so the systemd unit and the container run the same command."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

bind = os.environ.get("ZHIYUAN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("ZHIYUAN_WEB_WORKERS", str(multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("ZHIYUAN_WEB_THREADS", "4"))
#: a request longer than this is killed (a large import is a background job, not a request)
timeout = int(os.environ.get("ZHIYUAN_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
#: a worker is replaced after this many requests (with jitter), so slow leaks cannot grow without bound
max_requests = int(os.environ.get("ZHIYUAN_WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
#: the proxy in front (nginx on the same host by default) may say the original scheme and client address
forwarded_allow_ips = os.environ.get("ZHIYUAN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("ZHIYUAN_LOG_LEVEL", "info")
proc_name = "zhiyuan-web"
# the application is loaded in each worker after the fork: database connections are never shared
preload_app = False

#: the workers' metric files (prometheus-client's multi-process mode): set before any worker imports it
_METRICS = Path(os.environ.get("ZHIYUAN_VAR_DIR", "var")) / "metrics"
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_METRICS))


def on_starting(server: Any) -> None:
    """Start with no metric files of an earlier run."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    """A worker that ended keeps its counted requests but not its live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
