"""Triage in a real browser: the enforcement officer opens a new 执 case, sees it on the simple track,
records that a third party objects and sees the case move to the complex track with the reason in words.
A screenshot goes to ``$ZHIYUAN_ARTEFACTS/triage``."""

from __future__ import annotations

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
from zhiyuan.enforcement.models import Triage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case() -> Case:
    """A new 执 case at 黔0102 for 8,000 yuan (a small claim: the simple track)."""
    load_reference_data()
    ensure_demo_users()
    return cases.file_case(
        None,
        court_code="黔0102",
        type_code="执",
        filed_on=timezone.localdate(),
        claim_amount=Decimal("8000"),
        parties_in=[
            PartyIn("陈明", "plaintiff", "110101198506120039"),
            PartyIn("刘强", "defendant", "520102199105050022"),
        ],
    )


def test_officer_records_facts_and_sees_the_track_change(live_server, page: Page, case: Case) -> None:
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(f"{live_server.url}/cases/{case.case_number}/")
    section = page.locator("#triage")
    expect(section.locator("#triage-track")).to_contain_text("简案")
    expect(section.locator("#triage-reasons")).to_contain_text("不超过小额标准 10,000.00 元")

    form = page.locator("#triage-facts-form")
    form.locator("input[name=frozen_amount]").fill("2000")
    form.locator("input[name=third_party_objection]").check()
    form.locator("button[type=submit]").click()

    expect(section.locator("#triage-track")).to_contain_text("繁案")
    expect(section.locator("#triage-reasons")).to_contain_text("案外人对执行标的提出异议，须审查处理。")
    expect(section.locator("#triage-facts")).to_contain_text("2000.00")
    assert Triage.objects.get(case=case).track == "complex"

    # a negative amount never leaves the browser (the field's min=0); the server's refusal is tested in
    # tests/enforcement/test_pages.py
    amount = page.locator("#triage-facts-form input[name=frozen_amount]")
    assert amount.get_attribute("min") == "0"

    folder = Path(os.environ.get("ZHIYUAN_ARTEFACTS") or "/tmp/zhiyuan-artefacts") / "triage"
    folder.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/cases/{case.case_number}/")
    page.screenshot(path=str(folder / "case_page.png"), full_page=True)
