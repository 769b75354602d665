"""Campaigns and monthly reports in a real browser: the high court's command operator opens the campaigns
from the command center, reads a campaign's line and case list, creates a campaign through the form, asks
for the monthly report, sees it finished and downloads both files; every page reads as zh-Hans and the
campaign page as English after the switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_overview import province, sign_in  # noqa: F401 (the fixture is used by name)
from tests.browser.textcheck import check_chinese, check_english
from zhiyuan.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COURT_DATA = ("演示指挥中心人员", "贵州省高级人民法院", "贵阳市", "遵义市", "追索劳动报酬纠纷", "黔", "执")


def test_campaigns_and_monthly_report(live_server, page: Page, province: Case) -> None:  # noqa: F811
    sign_in(page, live_server.url, "command_operator")
    page.goto(live_server.url + "/command/?from=2025-01-01&to=2025-12-31")
    page.click("#campaigns-link")
    expect(page.locator("#campaign-list")).to_be_visible()
    assert check_chinese(page) == []
    page.click("#campaign-list tr[data-campaign=migrant_wages] a")
    page.fill("#period-from", "2025-01-01")
    page.fill("#period-to", "2025-12-31")
    page.click("#period-submit")
    expect(page.locator("#campaign-line")).to_have_attribute("data-cases-closed", "1")
    expect(page.locator("#campaign-line")).to_contain_text("执结1件")
    expect(page.locator("#campaign-cases tbody tr")).to_have_count(1)
    assert check_chinese(page) == []
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.click("form.lang button[data-lang=en]")
    expect(page.locator("#campaign-line")).to_contain_text("cases closed")
    english = [f for f in check_english(page, COURT_DATA) if "贵" not in f.text and "黔" not in f.text]
    assert english == [], english
    page.click("form.lang button[data-lang=zh-hans]")

    page.goto(live_server.url + "/command/campaigns/new/")
    page.fill("input[name=code]", "winter_wages")
    page.fill("input[name=name_zh]", "冬季欠薪专项")
    page.fill("input[name=name_en]", "Winter wages")
    page.select_option("select[name=kind]", "migrant_wages")
    page.fill("input[name=starts_on]", "2025-01-01")
    page.fill("textarea[name=causes]", "追索劳动报酬纠纷")
    page.check("input[name=dispute_causes]")
    page.click("#campaign-save")
    expect(page.locator("#command-campaign")).to_have_attribute("data-campaign", "winter_wages")

    page.goto(live_server.url + "/command/")
    page.click("#reports-link")
    page.fill("#report-month", "2025-06")
    page.click("#report-request")
    row = page.locator("#report-list tbody tr").first
    expect(row).to_have_attribute("data-status", "done", timeout=20000)
    assert check_chinese(page) == []
    with page.expect_download() as download:
        row.locator("a.report-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
