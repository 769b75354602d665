"""The home page, the language switch and the API docs in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from zhiyuan.courts.services import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_switches_language(live_server, page: Page) -> None:
    load_reference_data()
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("执源治理：从源头减少执行案件")
    expect(page.locator("#court-counts")).to_contain_text("88")
    expect(page.locator("#landing-verify")).to_contain_text("验证码")
    assert page.evaluate("typeof window.htmx") == "object", "htmx is served from node_modules"
    page.click("button[data-lang=en]")
    expect(page.locator("h1")).to_have_text("Source governance: fewer enforcement cases, from the source")
    expect(page.locator("#landing-verify")).to_contain_text("Verification code")
    page.click("button[data-lang=zh-hans]")
    expect(page.locator("h1")).to_contain_text("执源治理")


def test_api_docs_render_the_law_endpoints(live_server, page: Page) -> None:
    page.goto(live_server.url + "/api/docs")
    expect(page.locator("#swagger-ui")).to_contain_text("/api/law/{rule}", timeout=15000)


def test_admin_login_page(live_server, page: Page) -> None:
    page.goto(live_server.url + "/admin/")
    expect(page.locator("#login-form")).to_be_visible()
