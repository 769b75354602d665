"""The language checker of the walk-through on pages written for it: what it flags and what it lets pass."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.textcheck import check_chinese, check_english

pytestmark = pytest.mark.browser


def _page(page: Page, lang: str, body: str) -> Page:
    page.set_content(
        f'<!DOCTYPE html><html lang="{lang}"><head><title>案件</title></head><body>{body}</body></html>'
    )
    return page


def test_chinese_page_flags_codes_and_user_names(page: Page) -> None:
    body = """<p>状态：executing</p><span class="actor">zhixing_zhang</span>
      <p hidden>hidden_code</p><input placeholder="Search">"""
    found = {f.found for f in check_chinese(_page(page, "zh-hans", body))}
    assert found == {"executing", "zhixing_zhang", "Search"}


def test_chinese_page_lets_data_and_court_usage_pass(page: Page) -> None:
    body = """<p>（2026）黔0102执1号 陈明 11010519491231002X 520102********002X</p>
      <p>统一社会信用代码 52520102MJY123456D；验证码 XT2V-83ZC-RY6R-7E9S；下载 DOCX</p>
      <p>验证地址 https://court.example/performance/verify/XT2V83ZCRY6R7E9S/</p>
      <button lang="en">English</button><code translate="no">2476aad816e0</code>
      <footer>执源 · v0.1.0</footer>"""
    assert check_chinese(_page(page, "zh-hans", body)) == []


def test_debug_pages_fail_both_checks(page: Page) -> None:
    body = "<h1>OperationalError</h1><p>Request Method: GET</p><p>Django Version: 5.2</p>"
    for check, lang in ((check_chinese, "zh-hans"), (check_english, "en")):
        assert {"Request Method:", "Django Version"} <= {f.found for f in check(_page(page, lang, body))}


def test_english_page_flags_han_outside_data(page: Page) -> None:
    body = """<p>Case （2026）黔0102执1号 of 贵州省贵阳市南明区人民法院（黔0102）, creditor 陈明</p>
      <p>Status: 执行中</p><button lang="zh-hans">中文</button>"""
    found = check_english(_page(page, "en", body), allowed=("陈明",))
    assert [f.found for f in found if f.where != "title"] == ["执行中"]
