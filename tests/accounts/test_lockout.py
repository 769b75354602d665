"""Sign-in throttling (django-axes): by account AND client address, the profile's thresholds, the same answer
for unknown user names, the second factor counted too, locks audited and lifted by the security administrator."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from tests.conftest import totp_now
from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.verification import verify

pytestmark = pytest.mark.django_db
PASSWORD = "Zhiyuan#2026"
WRONG = "wrong-Password1"
HERE, ELSEWHERE = "10.1.1.1", "10.2.2.2"


def login(client: Client, username: str, password: str = PASSWORD, address: str = HERE):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def error_of(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'id="login-error">([^<]*)<', response.content.decode())
    return found.group(1) if found else ""


def test_failures_lock_the_pair_not_the_account(client: Client, make_user) -> None:
    make_user("judge", roles=("trial_judge",), court="黔0102")
    for _ in range(4):
        assert "用户名或密码错误" in error_of(login(client, "judge", WRONG))
    locked = login(client, "judge", WRONG)  # the fifth failure locks (dengbao: 5 failures, 30 minutes)
    assert locked.status_code == 429
    assert "锁定" in error_of(locked)
    assert login(client, "judge").status_code == 429  # the right password no longer helps from here
    assert Client().get("/accounts/me/").status_code == 302
    other = Client()
    r = login(other, "judge", address=ELSEWHERE)  # the owner, from their own address, is not locked out
    assert r.status_code == 302
    assert other.get("/accounts/me/").status_code == 200
    outcomes = dict(AuditEntry.objects.values_list("action", "outcome").order_by("seq"))
    assert outcomes["auth.login_failed"] == "failure"
    assert outcomes["auth.lockout"] == "denied"
    assert outcomes["auth.login_locked"] == "denied"
    lockout = AuditEntry.objects.get(action="auth.lockout")
    assert lockout.after["username"] == "judge"
    assert lockout.after["address"] == HERE
    assert lockout.after["failures"] == 5
    assert lockout.ip == HERE
    assert verify().ok


def test_an_administrator_cannot_be_locked_out_from_elsewhere(client: Client, make_user) -> None:
    admin = make_user("sec1", roles=("security_admin",))
    for _ in range(20):
        login(client, "sec1", WRONG, address=ELSEWHERE)
    owner = Client()
    r = login(owner, "sec1")
    assert r.status_code == 302
    assert r["Location"].endswith("/accounts/otp/")
    owner.get("/accounts/otp/")
    assert owner.post("/accounts/otp/", {"token": totp_now(admin)}, REMOTE_ADDR=HERE).status_code == 302
    assert owner.get("/accounts/me/").status_code == 200


def test_unknown_user_names_get_the_same_answers(client: Client, make_user) -> None:
    make_user("judge", roles=("trial_judge",), court="黔0102")
    answers = {}
    for name in ("judge", "nobody"):
        seen = []
        for _ in range(6):
            r = login(client, name, WRONG)
            seen.append((r.status_code, error_of(r)))
        seen.append((login(client, name).status_code, ""))
        answers[name] = seen
    assert answers["judge"] == answers["nobody"]
    assert answers["judge"][0] == (200, "用户名或密码错误。")
    assert answers["judge"][4][0] == 429
    assert answers["judge"][6] == (429, "")


def test_a_lock_ends_after_the_profiles_minutes(client: Client, make_user) -> None:
    make_user("officer", roles=("enforcement_officer",), court="黔0102")
    for _ in range(5):
        login(client, "officer", WRONG)
    assert login(client, "officer").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=29)
    )
    assert login(client, "officer").status_code == 429  # not yet; refused attempts did not extend it
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(minutes=1)
    )
    assert login(client, "officer").status_code == 302


def test_the_asvs_profile_locks_after_ten(client: Client, make_user, settings) -> None:
    settings.ZHIYUAN_SECURITY_PROFILE = "asvs"
    make_user("clerk", roles=("filing_clerk",), court="黔0102", password="a long pass phrase")
    for _ in range(9):
        assert login(client, "clerk", WRONG).status_code == 200
    assert login(client, "clerk", WRONG).status_code == 429


def test_a_completed_sign_in_clears_the_failures(client: Client, make_user) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    for _ in range(4):
        login(client, "clerk", WRONG)
    assert login(client, "clerk").status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR=HERE)
    for _ in range(4):
        assert login(client, "clerk", WRONG).status_code == 200


def test_wrong_second_factor_codes_count_towards_the_lock(client: Client, make_user, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own slowing down is not under test here
    admin = make_user("audit1", roles=("audit_admin",))
    assert login(client, "audit1")["Location"].endswith("/accounts/otp/")
    client.get("/accounts/otp/")
    wrong = "000000" if totp_now(admin) != "000000" else "111111"
    for _ in range(4):
        r = client.post("/accounts/otp/", {"token": wrong}, REMOTE_ADDR=HERE)
        assert "不正确" in r.content.decode()
    r = client.post("/accounts/otp/", {"token": wrong}, REMOTE_ADDR=HERE)
    assert r.status_code == 429  # the fifth failure of the pair locks it and ends the pending sign-in
    assert client.get("/accounts/otp/").status_code == 302
    assert login(client, "audit1").status_code == 429
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("auth.second_factor_failed") == 5
    assert "auth.lockout" in actions
    other = Client()
    assert login(other, "audit1", address=ELSEWHERE)["Location"].endswith("/accounts/otp/")


def test_the_operator_unlocks_from_the_command_line(client: Client, make_user, capsys) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    for _ in range(5):
        login(client, "clerk", WRONG)
    call_command("accounts", "unlock", "clerk")
    assert HERE in capsys.readouterr().out
    assert login(client, "clerk").status_code == 302
    assert AuditEntry.objects.filter(action="accounts.user.unlock").exists()


def test_the_security_administrator_sees_and_lifts_locks_in_the_admin(make_user) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    attacker = Client()
    for _ in range(5):
        login(attacker, "clerk", WRONG)
    sec = make_user("sec1", roles=("security_admin",))
    admin = Client()
    TOTPDevice.objects.create(user=sec, name="phone", confirmed=True)
    login(admin, "sec1", address=ELSEWHERE)
    admin.post("/accounts/otp/", {"token": totp_now(sec)}, REMOTE_ADDR=ELSEWHERE)
    page = admin.get("/admin/accounts/lockout/", REMOTE_ADDR=ELSEWHERE)
    assert page.status_code == 200
    assert "clerk" in page.content.decode()
    pk = AccessAttempt.objects.get(username="clerk").pk
    admin.post(
        "/admin/accounts/lockout/",
        {"action": "unlock", "_selected_action": [pk]},
        REMOTE_ADDR=ELSEWHERE,
    )
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    assert AuditEntry.objects.filter(action="accounts.user.unlock", actor_name="sec1").exists()
    assert login(attacker, "clerk").status_code == 302


def test_the_admin_has_no_password_form_of_its_own(client: Client) -> None:
    r = client.get("/admin/login/?next=/admin/audit/auditentry/")
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/?next=")


def test_an_address_behind_a_trusted_proxy(client: Client, make_user, settings) -> None:
    settings.ZHIYUAN_TRUSTED_PROXIES = frozenset({"10.9.9.9"})
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "clerk", "password": WRONG},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {HERE}",  # the left part is the client's own claim
        )
    assert AccessAttempt.objects.get().ip_address == HERE
    r = client.post(
        "/accounts/login/",
        {"username": "clerk", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert r.status_code == 302
