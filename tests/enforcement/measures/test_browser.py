"""Measures in a real browser: the enforcement officer adds an asset and seals it from the case page, then
renews the freeze due in a few days from the expiry calendar and reads each measure's result. Screenshots go
to ``$ZHIYUAN_ARTEFACTS/measures``."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_cases_pages import sign_in
from zhiyuan.accounts.demo import ensure_demo_users
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data
from zhiyuan.enforcement.measures import services
from zhiyuan.enforcement.models import Measure
from zhiyuan.enforcement.property import services as property_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case() -> Case:
    """A 执 case at 黔0102 filed two years ago, with a deposit frozen a year ago (due in a few days)."""
    load_reference_data()
    ensure_demo_users()
    today = timezone.localdate()
    case = cases.file_case(
        None,
        court_code="黔0102",
        type_code="执",
        filed_on=today - dt.timedelta(days=730),
        claim_amount=Decimal("300000"),
        parties_in=[
            PartyIn("陈明", "plaintiff", "110101198506120039"),
            PartyIn("刘强", "defendant", "520102199105050022"),
        ],
    )
    from zhiyuan.accounts.models import User

    officer = User.objects.get(username="enforcement_officer")
    deposit = property_services.add_asset(
        officer, case, asset_class="deposit", description="工商银行账户", register_ref="6222-0001"
    )
    year_ago = today.replace(year=today.year - 1, day=min(today.day, 28)) + dt.timedelta(days=5)
    services.take_measure(officer, case, asset=deposit, kind="freeze", on=year_ago, amount="50000")
    return case


def test_seal_from_the_case_page_and_renew_from_the_calendar(live_server, page: Page, case: Case) -> None:
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(f"{live_server.url}/cases/{case.case_number}/")
    form = page.locator("#asset-add-form")
    form.locator("select[name=asset_class]").select_option("real_estate")
    form.locator("input[name=description]").fill("云岩区住宅一套")
    form.locator("input[name=register_ref]").fill("黔(2025)不动产权第0042号")
    form.locator("button[type=submit]").click()
    expect(page.locator("#asset-table")).to_contain_text("云岩区住宅一套")

    take = page.locator("#measure-take-form")
    take.locator("select[name=asset]").select_option(label="不动产 云岩区住宅一套")
    take.locator("select[name=kind]").select_option("seal")
    take.locator("button[type=submit]").click()
    table = page.locator("#measure-table")
    expect(table).to_contain_text("查封")
    expect(table).to_contain_text("即将届满")  # the freeze

    folder = Path(os.environ.get("ZHIYUAN_ARTEFACTS") or "/tmp/zhiyuan-artefacts") / "measures"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "case_page.png"), full_page=True)

    page.goto(f"{live_server.url}/enforcement/measures/calendar/")
    freeze = Measure.objects.get(case=case, kind="freeze")
    expect(page.locator(f"#due-{freeze.pk}")).to_contain_text("工商银行账户")
    page.locator(f"#due-{freeze.pk} input[type=checkbox]").check()
    page.locator("#batch-form button[type=submit]").click()
    expect(page.locator(f"#result-{freeze.pk}")).to_contain_text("已续行至")
    page.screenshot(path=str(folder / "calendar.png"), full_page=True)
    assert Measure.objects.get(renewed_from=freeze).status == "active"
