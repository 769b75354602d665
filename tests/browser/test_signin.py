"""Signing in in a real browser: a clerk with a password; the audit administrator with TOTP enrolment,
then reading the audit log — which records all of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import totp_now
from zhiyuan.accounts.demo import DEMO_PASSWORD, ensure_demo_users
from zhiyuan.accounts.models import User
from zhiyuan.courts.services import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    load_reference_data()
    ensure_demo_users()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")


def test_clerk_signs_in_and_out(live_server, page: Page, demo: None) -> None:
    sign_in(page, live_server.url, "filing_clerk")
    expect(page.locator("#current-user")).to_have_text("演示立案人员")
    page.goto(live_server.url + "/accounts/me/")
    expect(page.locator("#my-permissions [data-permission='case:file']")).to_have_text("立案登记")
    page.click("#logout")
    expect(page.locator("#login-form")).to_be_visible()


def test_wrong_password_is_refused_without_saying_which_part(live_server, page: Page, demo: None) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "filing_clerk")
    page.fill("input[name=password]", "Wrong#Password1")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#login-error")).to_have_text("用户名或密码错误。")


def test_audit_administrator_enrols_totp_and_reads_the_log(live_server, page: Page, demo: None) -> None:
    sign_in(page, live_server.url, "audit_admin")
    expect(page.locator("#otp-qr svg")).to_be_visible()
    page.fill("input[name=token]", totp_now(User.objects.get(username="audit_admin")))
    page.click("#otp-form button[type=submit]")
    expect(page.locator("#current-user")).to_be_visible()
    page.goto(live_server.url + "/admin/audit/auditentry/")
    expect(page.locator("#result_list")).to_contain_text("auth.second_factor.enrol")
    expect(page.locator("#result_list")).to_contain_text("accounts.role.grant")
    page.goto(live_server.url + "/admin/accounts/user/")
    expect(page.locator("body")).to_contain_text("403")
