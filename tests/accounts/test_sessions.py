"""Session clocks: the idle timeout and the absolute limit start at sign-in, not at the first request after
it; the idle timeout slides, the absolute limit does not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests.conftest import totp_now
from zhiyuan.accounts.middleware import SESSION_STARTED

pytestmark = pytest.mark.django_db
PASSWORD = "Zhiyuan#2026"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.timedelta], None]:
    """Move the clock that sessions and the session policy read (``django.utils.timezone.now``)."""
    real_now = timezone.now
    start = real_now()
    offset = [dt.timedelta()]
    monkeypatch.setattr(timezone, "now", lambda: start + offset[0] + (real_now() - start))

    def advance(by: dt.timedelta) -> None:
        offset[0] += by

    return advance


def sign_in(client: Client, username: str) -> None:
    r = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302
    assert not r["Location"].endswith("/accounts/otp/")


def test_both_clocks_start_at_sign_in(client: Client, make_user) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    before = timezone.now().timestamp()
    sign_in(client, "clerk")  # and no request after it
    session = client.session
    assert before <= session[SESSION_STARTED] <= timezone.now().timestamp()
    assert session.get_expiry_age() == 15 * 60  # dengbao idle_minutes
    stored = Session.objects.get(session_key=session.session_key)
    assert stored.expire_date <= timezone.now() + dt.timedelta(minutes=15)


def test_idle_timeout_counts_from_sign_in(client: Client, make_user, clock) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    sign_in(client, "clerk")
    clock(dt.timedelta(minutes=16))
    r = client.get("/accounts/me/")
    assert r.status_code == 302
    assert "/accounts/login/" in r["Location"]


def test_idle_timeout_slides_with_each_request(client: Client, make_user, clock) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    sign_in(client, "clerk")
    for _ in range(4):
        clock(dt.timedelta(minutes=14))
        assert client.get("/accounts/me/").status_code == 200
    clock(dt.timedelta(minutes=16))
    assert client.get("/accounts/me/").status_code == 302


def test_absolute_limit_counts_from_sign_in(client: Client, make_user, clock) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    sign_in(client, "clerk")
    clock(dt.timedelta(minutes=14))  # the first request after signing in comes later
    assert client.get("/accounts/me/").status_code == 200
    elapsed = dt.timedelta(minutes=14)
    while elapsed + dt.timedelta(minutes=14) < dt.timedelta(hours=12):
        clock(dt.timedelta(minutes=14))
        elapsed += dt.timedelta(minutes=14)
        assert client.get("/accounts/me/").status_code == 200, elapsed
    clock(dt.timedelta(hours=12) - elapsed + dt.timedelta(minutes=1))  # 12 h 1 min after signing in
    r = client.get("/accounts/me/")
    assert r.status_code == 302
    assert "/accounts/login/" in r["Location"]


def test_the_session_never_outlives_the_absolute_limit(client: Client, make_user) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    sign_in(client, "clerk")
    session = client.session
    session[SESSION_STARTED] = timezone.now().timestamp() - (11 * 3600 + 55 * 60)  # signed in 11 h 55 min ago
    session.save()
    assert client.get("/accounts/me/").status_code == 200
    assert client.session.get_expiry_age() <= 5 * 60  # what is left of the 12 hours, not 15 minutes


def test_the_clocks_start_when_the_second_factor_is_accepted(client: Client, make_user, clock) -> None:
    admin = make_user("audit1", roles=("audit_admin",))
    r = client.post("/accounts/login/", {"username": "audit1", "password": PASSWORD})
    assert r["Location"].endswith("/accounts/otp/")
    client.get("/accounts/otp/")
    clock(dt.timedelta(minutes=10))
    assert client.post("/accounts/otp/", {"token": totp_now(admin)}).status_code == 302
    started = client.session[SESSION_STARTED]
    assert abs(started - timezone.now().timestamp()) < 60
    assert client.session.get_expiry_age() == 15 * 60


def test_a_password_waits_for_its_second_factor_only_for_the_idle_time(
    client: Client, make_user, clock
) -> None:
    admin = make_user("audit1", roles=("audit_admin",))
    client.post("/accounts/login/", {"username": "audit1", "password": PASSWORD})
    client.get("/accounts/otp/")
    clock(dt.timedelta(minutes=16))
    r = client.post("/accounts/otp/", {"token": totp_now(admin)})
    assert r.status_code == 302
    assert r["Location"].endswith("/accounts/login/")
    assert client.get("/accounts/me/").status_code == 302


def test_an_api_call_after_the_limit_is_unauthenticated(client: Client, make_user, clock) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    sign_in(client, "clerk")
    assert client.get("/api/accounts/me").status_code == 200
    clock(dt.timedelta(minutes=16))
    r = client.get("/api/accounts/me")
    assert r.status_code == 401
    assert r.json()["code"] == "not_authenticated"
