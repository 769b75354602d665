"""Sign-in through the pages: idle timeout, password policy and expiry, TOTP, audit of it all (lockout:
test_lockout.py; session clocks: test_sessions.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import totp_now
from zhiyuan.accounts import services
from zhiyuan.accounts.models import User
from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.verification import verify
from zhiyuan.law.errors import LawError

pytestmark = pytest.mark.django_db
PASSWORD = "Zhiyuan#2026"


def login(client: Client, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_staff_signs_in_and_out_and_it_is_audited(client: Client, make_user) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    r = login(client, "clerk")
    assert r.status_code == 302
    assert client.get("/accounts/me/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/accounts/me/").status_code == 302
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "auth.login" in actions
    assert "auth.logout" in actions
    assert verify().ok


def test_idle_timeout_is_the_profiles(client: Client, make_user) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    login(client, "clerk")
    client.get("/accounts/me/")
    assert client.session.get_expiry_age() == 15 * 60


def test_expired_password_must_be_changed_first(client: Client, make_user) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    User.objects.filter(username="clerk").update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    login(client, "clerk")
    r = client.get("/")
    assert r.status_code == 302
    assert r["Location"].endswith("/accounts/password/")
    r = client.post("/accounts/password/", {"old": PASSWORD, "new": "abcdefgh", "again": "abcdefgh"})
    assert "至少 3 类" in r.content.decode()
    r = client.post("/accounts/password/", {"old": PASSWORD, "new": "Newpass#2026", "again": "Newpass#2026"})
    assert r.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("profile", "password", "ok"),
    [
        ("dengbao", "Abcdef12", True),
        ("dengbao", "abcdefgh", False),  # one class
        ("dengbao", "Abc#12", False),  # too short
        ("asvs", "Abcdef12", False),  # shorter than 12
        ("asvs", "correct horse battery", True),  # no composition rule
        ("asvs", "password1234", False),  # in the breached list
    ],
)
def test_password_profiles(settings, reference_data, profile: str, password: str, ok: bool) -> None:
    settings.ZHIYUAN_SECURITY_PROFILE = profile
    if ok:
        services.create_user(None, username="u", password=password)
    else:
        with pytest.raises(LawError) as err:
            services.create_user(None, username="u", password=password)
        assert err.value.code == "password_policy"


def test_administrators_must_enrol_and_use_totp(client: Client, make_user, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a failure; not under test here
    admin = make_user("audit1", roles=("audit_admin",))
    r = login(client, "audit1")
    assert r["Location"].endswith("/accounts/otp/")
    page = client.get("/accounts/otp/").content.decode()
    assert "<svg" in page  # enrolment QR code
    assert client.get("/admin/").status_code == 302  # not signed in yet
    r = client.post("/accounts/otp/", {"token": "000000" if totp_now(admin) != "000000" else "111111"})
    assert "不正确" in r.content.decode()
    r = client.post("/accounts/otp/", {"token": totp_now(admin)})
    assert r.status_code == 302
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403  # not the system administrator's pages
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"auth.second_factor.enrol", "auth.second_factor_failed", "auth.login"} <= actions


def test_staff_with_a_device_are_asked_for_it(client: Client, make_user) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    head = make_user("head", roles=("division_head",), court="黔01")
    TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    assert login(client, "head")["Location"].endswith("/accounts/otp/")
    client.post("/accounts/otp/", {"token": totp_now(head)})
    assert client.get("/accounts/me/").status_code == 200


def test_system_admin_cannot_read_the_audit_log(client: Client, make_user) -> None:
    admin = make_user("sys1", roles=("system_admin",))
    login(client, "sys1")
    client.get("/accounts/otp/")  # enrolment creates the device
    client.post("/accounts/otp/", {"token": totp_now(admin)})
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/audit/auditentry/").status_code == 403
    assert client.get("/admin/accounts/userrole/").status_code == 403


def test_failed_codes_are_throttled(client: Client, make_user) -> None:
    admin = make_user("sec1", roles=("security_admin",))
    login(client, "sec1")
    client.get("/accounts/otp/")
    client.post("/accounts/otp/", {"token": "000000" if totp_now(admin) != "000000" else "111111"})
    r = client.post("/accounts/otp/", {"token": totp_now(admin)})  # right code, but too soon after a failure
    assert "尝试次数过多" in r.content.decode()
    assert client.get("/accounts/me/").status_code == 302


def test_an_approver_enrols_a_second_factor_from_their_account_page(client: Client, make_user) -> None:
    """A president's role does not require the code at sign-in, but approvals do: they enrol it on 我的账号,
    sign in again with it, and are verified — the next sign-in asks for the code."""
    president = make_user("president9", roles=("court_president",), court="黔0102")
    r = login(client, "president9")
    assert r.status_code == 302
    assert not r["Location"].endswith("/accounts/otp/")  # not required at sign-in
    page = client.get("/accounts/me/").content.decode()
    assert 'id="enrol-form"' in page
    r = client.post("/accounts/me/second-factor/")
    assert r["Location"].endswith("/accounts/otp/")
    assert client.get("/accounts/me/").status_code == 302  # signed out until the code is given
    assert "<svg" in client.get("/accounts/otp/").content.decode()
    r = client.post("/accounts/otp/", {"token": totp_now(president)})
    assert (r.status_code, r["Location"]) == (302, "/accounts/me/")
    assert 'id="enrol-form"' not in client.get("/accounts/me/").content.decode()
    assert AuditEntry.objects.filter(action="auth.second_factor.enrol", object_id=str(president.pk)).exists()
    client.logout()
    assert login(client, "president9")["Location"].endswith("/accounts/otp/")  # asked from now on
