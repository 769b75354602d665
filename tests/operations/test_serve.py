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

import pytest

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


def _start(production: dict[str, str], *args: str, **env: str) -> tuple[subprocess.Popen[str], str]:
    """``zhiyuan serve *args`` on a free port with the production environment (and ``env``): the server and
    its address, once it answers its liveness check (``/health/live``)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [ZHIYUAN, "serve", *args, "--bind", f"127.0.0.1:{port}"],
        env=dict(production, ZHIYUAN_PUBLIC_BASE_URL=base, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            status, _, _ = _get(base + "/health/live")
            assert status == 200, status
            return server, base
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise AssertionError(f"the server did not start: {server.communicate()[0]}") from None
            time.sleep(0.3)


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory, collected: Path) -> dict[str, str]:
    """The environment of a production server — keys, settings, a migrated SQLite database with the cache
    table — made once for this module's servers (the migration is most of a test's time)."""
    keys = subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True).stdout.split()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_") and k != "DATABASE_URL"}
    env.update(dict(line.split("=", 1) for line in keys))
    env.update(
        ZHIYUAN_ENV="production",
        ZHIYUAN_ALLOWED_HOSTS="127.0.0.1",
        ZHIYUAN_PUBLIC_BASE_URL="http://127.0.0.1",  # each server's own port below
        ZHIYUAN_SECURE_SSL_REDIRECT="0",  # no TLS proxy in front of the test
        ZHIYUAN_VAR_DIR=str(collected),
        ZHIYUAN_CACHE="database",
        DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('production') / 'db.sqlite3'}",
    )
    for step in (["migrate", "-v0"], ["createcachetable"]):
        subprocess.run([ZHIYUAN, *step], env=env, check=True, capture_output=True)
    return env


def test_the_production_server_serves_pages_static_files_and_health(production: dict[str, str]) -> None:
    server, base = _start(production, ZHIYUAN_WEB_WORKERS="2")
    try:
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


def test_the_public_query_service_answers_the_query_and_nothing_else(production: dict[str, str]) -> None:
    """``zhiyuan serve --public`` as the zhiyuan-public unit starts it: Granian, production settings, the
    query answered with the platform's headers, another address or method refused as problem+json."""
    server, base = _start(production, "--public", ZHIYUAN_PUBLIC_WORKERS="1")  # its liveness check
    query = f"{base}/api/public/credit?case=%EF%BC%882026%EF%BC%89%E9%BB%940102%E6%89%A79%E5%8F%B7"
    try:
        for _ in ("the first answer: the platform's middleware", "the short path with the learned headers"):
            code, named, content = _get(query)
            assert code == 200, content
            headers = {k.lower(): v for k, v in named.items()}  # Granian sends lower-case names
            assert json.loads(content) == {"results": []}
            assert headers["content-length"] == str(len(content))
            assert headers["x-content-type-options"] == "nosniff"
            assert "default-src 'self'" in headers["content-security-policy"]
            assert len(headers["x-request-id"]) == 32
        status, named, _ = _get(f"{base}/accounts/login/")
        headers = {k.lower(): v for k, v in named.items()}
        assert (status, headers["content-type"]) == (404, "application/problem+json")
        request = urllib.request.Request(query, method="POST", data=b"")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 405
        assert refused.value.headers["Allow"] == "GET, HEAD"
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=60)
    assert "Traceback" not in out
    assert "Listening at" in out
