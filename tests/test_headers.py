"""Security headers: a Content-Security-Policy that allows only the site's own assets (no inline script, no
eval, no framing), nosniff, Referrer-Policy; in production HTTPS redirect and HSTS from the environment."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[1] / "src" / "zhiyuan"
ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


def assert_secure_headers(response) -> None:  # type: ignore[no-untyped-def]
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/api/docs", "/api/openapi.json", "/api/accounts/me"]
)
def test_every_response_carries_the_security_headers(client: Client, reference_data: None, path: str) -> None:
    assert_secure_headers(client.get(path))


@pytest.mark.django_db
def test_signed_in_pages_carry_them_too(client: Client, make_user) -> None:
    user = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    client.force_login(user)
    for path in ("/cases/", "/accounts/me/", "/mediation/", "/command/"):
        r = client.get(path)
        assert r.status_code in {200, 302, 403}, path
        assert_secure_headers(r)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)


@pytest.mark.parametrize(
    "path", sorted(SRC.rglob("templates/**/*.html")), ids=lambda p: str(p.relative_to(SRC))
)
def test_templates_need_no_unsafe_inline(path: Path) -> None:
    """What the policy would block: inline <script>, on…= handlers, javascript: URLs, <style> and style=."""
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "move the script to a static file"
    assert not HANDLER.search(text), "wire the handler in a static script (see static/zhiyuan/site.js)"
    assert "javascript:" not in text.lower()
    assert "<style" not in text.lower(), "move the style to a stylesheet"
    assert not STYLE_ATTRIBUTE.search(text), "use a class in a stylesheet"


@functools.cache
def _keys() -> list[str]:
    """One ``zhiyuan keys`` per test process (a Django start, about 1 s of CPU)."""
    return subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True).stdout.split()


def _production(tmp_path: Path, var: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    keys = _keys()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_") and k != "DATABASE_URL"}
    env.update(dict(line.split("=", 1) for line in keys))
    env.update(
        ZHIYUAN_ENV="production",
        ZHIYUAN_ALLOWED_HOSTS="testserver",
        ZHIYUAN_PUBLIC_BASE_URL="https://testserver",
        ZHIYUAN_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}",
        **extra,
    )
    code = (
        "from django.test import Client; c = Client(); "
        "r = c.get('/accounts/login/'); print(r.status_code, r.get('Location')); "
        "r = c.get('/accounts/login/', secure=True); print(r.status_code, r.get('Strict-Transport-Security')); "
        "r = c.get('/accounts/login/', HTTP_X_FORWARDED_PROTO='https'); print(r.status_code)"
    )
    return subprocess.run(
        [ZHIYUAN, "shell", "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_production_redirects_to_https_and_sends_hsts(tmp_path: Path, collected: Path) -> None:
    done = _production(tmp_path, collected)
    assert done.returncode == 0, done.stderr
    plain, secure, forwarded = done.stdout.strip().splitlines()[-3:]
    assert plain == "301 https://testserver/accounts/login/"
    assert secure == "200 max-age=31536000"
    assert forwarded.startswith("301")  # X-Forwarded-Proto is not believed unless configured


def test_production_transport_settings_come_from_the_environment(tmp_path: Path, collected: Path) -> None:
    done = _production(
        tmp_path,
        collected,
        ZHIYUAN_HSTS_SECONDS="600",
        ZHIYUAN_HSTS_INCLUDE_SUBDOMAINS="1",
        ZHIYUAN_SECURE_PROXY_SSL_HEADER="1",
    )
    assert done.returncode == 0, done.stderr
    _plain, secure, forwarded = done.stdout.strip().splitlines()[-3:]
    assert secure == "200 max-age=600; includeSubDomains"
    assert forwarded == "200"  # behind a TLS-terminating proxy that says so
    done = _production(tmp_path, collected, ZHIYUAN_SECURE_SSL_REDIRECT="0")
    assert done.stdout.strip().splitlines()[-3].startswith("200")
