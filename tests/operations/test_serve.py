"""The production server as the systemd unit starts it (``zhiyuan serve``): production settings, collected
static files, a page, the health checks and an API problem over real HTTP; SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_the_production_server_serves_pages_static_files_and_health(tmp_path: Path, collected: Path) -> None:
    keys = subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True).stdout.split()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_") and k != "DATABASE_URL"}
    env.update(dict(line.split("=", 1) for line in keys))
    port = _free_port()
    env.update(
        ZHIYUAN_ENV="production",
        ZHIYUAN_ALLOWED_HOSTS="127.0.0.1",
        ZHIYUAN_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        ZHIYUAN_SECURE_SSL_REDIRECT="0",  # no TLS proxy in front of the test
        ZHIYUAN_VAR_DIR=str(collected),
        ZHIYUAN_WEB_WORKERS="2",
        ZHIYUAN_CACHE="database",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    for step in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run([ZHIYUAN, *step], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [ZHIYUAN, "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = _get(base + "/health/live")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.3)
        assert status == 200
        status, headers, body = _get(base + "/accounts/login/")
        assert status == 200
        assert "登录" in body.decode()
        css = next(part for part in body.decode().split('"') if part.endswith(".css") and "site" in part)
        assert css.count(".") >= 2  # the hashed name of the collected file
        status, headers, _ = _get(base + css)
        assert status == 200
        assert "max-age" in headers.get("Cache-Control", "")
        status, _, _ = _get(base + "/health/ready")
        assert status == 503  # no scheduler or worker runs beside this server
        status, headers, _ = _get(base + "/api/no/such/thing")
        assert status == 404
        assert headers["Content-Type"] == "application/problem+json"
        assert len(headers["X-Request-ID"]) == 32
        for _ in range(6):  # spread over both workers
            _get(base + "/health/live")
        status, headers, body = _get(base + "/metrics")
        assert status == 200
        text = body.decode()
        # the histogram summed over the worker processes (multi-process mode)
        live = [
            line
            for line in text.splitlines()
            if line.startswith("zhiyuan_http_request_duration_seconds_count")
            and 'route="/health/live"' in line
        ]
        assert live
        assert sum(float(line.rsplit(" ", 1)[1]) for line in live) >= 7
        assert "zhiyuan_deadlines_overdue 0.0" in text
        assert "zhiyuan_database_up 1.0" in text
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=60)
    assert server.returncode == 0, out
    assert "Booting worker" in out
    assert "Traceback" not in out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    served = [line for line in lines if line.get("logger") == "zhiyuan.requests"]
    assert {"request_id", "route", "status", "duration_ms", "user", "court"} <= set(served[0])
    assert any(line["route"] == "/health/live" and line["status"] == 200 for line in served)
