"""The intake form in a real browser (issue 12): the place picked province → prefecture → county from
/api/regions, an organization and a mediator found by typing part of their names, parties as entries;
errors beside the fields and on top. Screenshots of the empty form and of the form with errors go to
``ZHIYUAN_SCREENSHOTS`` (default: the test's temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from zhiyuan.cases.models import CaseParty
from zhiyuan.mediation.models import Mediation

from .test_mediation import APPLICANT, DESCRIPTION, RESPONDENT, as_user, demo  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ZHIYUAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_clerk_fills_the_form_with_pickers(live_server, demo: None, as_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clerk: Page = as_user("filing_clerk")
    clerk.goto(live_server.url + "/mediation/intake/")
    clerk.screenshot(path=str(shots(tmp_path) / "intake-empty.png"), full_page=True)
    expect(clerk.locator("#region-refresh")).to_be_hidden()  # the script fills the levels below

    # delegate with everything missing: errors on top and beside the fields, nothing written
    clerk.fill("#id_party-0-phone", "12345")
    clerk.click("#delegate-button")
    expect(clerk.locator("#error-summary")).to_be_visible()
    expect(clerk.locator("#id_description_group .field-errors")).to_be_visible()
    expect(clerk.locator("#id_party-0-phone_group .field-errors")).to_contain_text("手机号码")
    clerk.screenshot(path=str(shots(tmp_path) / "intake-errors.png"), full_page=True)
    assert not Mediation.objects.exists()

    # the place: another prefecture's counties come from /api/regions
    clerk.select_option("#id_region_province", "520000")
    expect(clerk.locator("#id_region_prefecture option[value='520200']")).to_be_attached()
    clerk.select_option("#id_region_prefecture", "520200")
    expect(clerk.locator("#id_region_county option[value='520281']")).to_have_text("盘州市")
    clerk.select_option("#id_region_county", "520281")

    clerk.fill("#id_party-0-name", APPLICANT[0])
    clerk.fill("#id_party-0-id_number", APPLICANT[1])
    clerk.fill("#id_party-0-phone", "138-0013-8000")
    clerk.select_option("#id_party-1-kind", "natural_person")
    clerk.fill("#id_party-1-name", RESPONDENT[0])
    clerk.fill("#id_party-1-id_number", RESPONDENT[1])
    clerk.fill("#id_party-1-agent_name", "赵律师")
    clerk.fill("#id_party-1-agent_phone", "0851 8654 3210")
    clerk.fill("#id_description", DESCRIPTION)
    clerk.fill("#id_claim_amount", "40000")
    clerk.click("#suggest-button")
    expect(clerk.locator("#suggestion")).to_be_visible()
    expect(clerk.locator("#id_region_county")).to_have_value("520281")  # kept across the refresh

    # another organization, found by name as the clerk types
    clerk.check("#recommended-other")
    search = clerk.locator("#id_organization_search")
    search.fill("调解")
    first = clerk.locator("#id_organization_list li[data-code]").first
    expect(first).to_be_visible()
    name = first.inner_text()
    code = first.get_attribute("data-code")
    first.click()
    expect(search).to_have_value(name)
    expect(clerk.locator("#id_organization")).to_have_value(code or "")
    mediator = clerk.locator("#id_mediator_search")
    mediator.focus()
    choices = clerk.locator("#id_mediator_list li[data-code]")
    if choices.count():
        choices.first.click()
    reason = clerk.locator("#id_override_reason")
    if reason.is_visible():
        reason.fill("当事人共同选择该调解组织")
    clerk.click("#delegate-button")
    expect(clerk.locator("#mediation-status")).to_have_attribute("data-status", "mediating")
    m = Mediation.objects.get()
    assert m.organization.code == code
    assert m.region == "520281"
    agent = CaseParty.objects.get(case=m.case, side="defendant")
    assert agent.agent_name == "赵律师"
    assert agent.agent_phone == "0851-86543210"
