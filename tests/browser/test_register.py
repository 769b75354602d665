"""The register in a real browser: a filing clerk filters the organizations (HTMX, no reload), opens a
governance center with its grid units and mediators, edits it, adds a mediator and uploads a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_cases_pages import sign_in
from zhiyuan.accounts.demo import ensure_demo_users
from zhiyuan.courts.models import Mediator, PartnerOrganization
from zhiyuan.courts.organizations_demo import ensure_demo_register
from zhiyuan.courts.organizations_io import COLUMNS
from zhiyuan.courts.services import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo() -> None:
    load_reference_data()
    ensure_demo_users()
    ensure_demo_register(seed=1)


def test_filter_open_edit_and_upload(live_server, page: Page, demo: None, tmp_path: Path) -> None:
    sign_in(page, live_server.url, "filing_clerk")
    page.goto(live_server.url + "/mediation/organizations/")
    # 黔0102's seven units and the high court's five national partners
    expect(page.locator("#result-count")).to_contain_text("12")

    page.evaluate("window.__sameDocument = true")
    page.select_option("#id_kind", "grid_unit")
    page.click("#filter-submit")
    expect(page.locator("#organization-results tbody tr")).to_have_count(3)
    assert page.evaluate("window.__sameDocument") is True
    assert "kind=grid_unit" in page.url

    page.select_option("#id_kind", "governance_center")
    page.click("#filter-submit")
    expect(page.locator("#organization-results tbody tr")).to_have_count(1)
    page.click("#organization-results a.organization-link")
    expect(page.locator("#organization-code")).to_have_text("DEMO-ZZ-0102")
    expect(page.locator("#units tbody tr")).to_have_count(3)
    expect(page.locator("#mediators tbody tr")).to_have_count(2)
    expect(page.locator("#organization-load")).to_contain_text("0 /")

    page.click("#organization-edit")
    page.fill("#id_capacity", "77")
    page.click("#form-submit")
    expect(page.locator("#organization-load")).to_contain_text("0 / 77")
    assert PartnerOrganization.objects.get(code="DEMO-ZZ-0102").capacity == 77

    page.click("#mediator-new")
    page.fill("#id_code", "DEMO-ZZ-0102-M9")
    page.fill("#id_name", "测试调解员")
    page.check("input[name=focus_types][value=family]")
    page.click("#form-submit")
    expect(page.locator("#mediators tbody tr")).to_have_count(3)
    assert Mediator.objects.get(code="DEMO-ZZ-0102-M9").focus_types == ["family"]

    page.goto(live_server.url + "/mediation/organizations/")
    upload = tmp_path / "register.csv"
    upload.write_text(
        ",".join(COLUMNS) + "\n"
        "organization,DEMO-ZZ-0102-G4,第四网格（演示）,grid_unit,黔0102,DEMO-ZZ-0102,,520102104,,5,,\n"
        "organization,BAD-1,某,grid_unit,黔0102,,,,,,,\n",
        encoding="utf-8",
    )
    page.set_input_files("#id_file", str(upload))
    page.click("#upload-submit")
    expect(page.locator("#import-summary")).to_contain_text("未写入")
    expect(page.locator("#import-errors")).to_contain_text("parent_required")
    page.go_back()
    page.set_input_files("#id_file", str(upload))
    page.check("#id_skip_invalid")
    page.click("#upload-submit")
    expect(page.locator("#import-summary")).to_contain_text("已写入")
    assert PartnerOrganization.objects.filter(code="DEMO-ZZ-0102-G4").exists()
