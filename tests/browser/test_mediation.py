"""Delegated mediation in a real browser: the clerk registers a dispute (suggestion and recommendation
shown) and delegates it; the partner organization's user records a session and an agreement (the
executability findings appear next to the item), signs it and asks for judicial confirmation; the judge
accepts and confirms; the clerk sees every case in the dispute graph. And a failed mediation becomes a
filed 民初 case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from zhiyuan.accounts.demo import DEMO_ORGANIZATION, DEMO_PASSWORD, ensure_demo_users
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data
from zhiyuan.mediation import services
from zhiyuan.mediation.models import Mediation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLICANT = ("陈明", "110101198506120039")
RESPONDENT = ("刘强", "520102199105050022")
DESCRIPTION = "陈明2024年3月借给刘强五万元用于装修，约定年底归还并出具借条，到期后刘强只还了一万元，剩余四万元拖欠至今。"


@pytest.fixture
def demo() -> None:
    load_reference_data()
    ensure_demo_users()


@pytest.fixture
def as_user(browser: Browser, live_server) -> Iterator:  # type: ignore[no-untyped-def]
    contexts = []

    def open_as(username: str) -> Page:
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("#login-form button[type=submit]")
        expect(page.locator("#current-user")).to_be_visible()
        return page

    yield open_as
    for c in contexts:
        c.close()


def test_intake_to_a_confirmed_executable_agreement(live_server, demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    clerk = as_user("filing_clerk")
    clerk.goto(base + "/mediation/")
    clerk.click("#intake-link")
    clerk.fill("#id_party-0-name", APPLICANT[0])
    clerk.fill("#id_party-0-id_number", APPLICANT[1])
    clerk.fill("#id_party-1-name", RESPONDENT[0])
    clerk.fill("#id_party-1-id_number", RESPONDENT[1])
    clerk.fill("#id_description", DESCRIPTION)
    clerk.fill("#id_claim_amount", "40000")
    clerk.click("#suggest-button")
    expect(clerk.locator("#suggestion")).to_be_visible()
    expect(clerk.locator("#suggested-focus")).not_to_be_empty()
    expect(clerk.locator(f"#recommendations [data-organization='{DEMO_ORGANIZATION[0]}']")).to_be_visible()
    # the first recommendation is taken unless the clerk chooses another
    expect(
        clerk.locator(f"#recommendations [data-organization='{DEMO_ORGANIZATION[0]}'] input")
    ).to_be_checked()
    clerk.fill("#id_cause", "民间借贷纠纷")
    clerk.select_option("#id_focus_type", "private_lending")
    clerk.click("#delegate-button")
    expect(clerk.locator("#mediation-status")).to_have_attribute("data-status", "mediating")
    m = Mediation.objects.get()
    assert m.case.type_code == "民诉前调"
    assert m.focus_type == "private_lending"

    partner = as_user("partner_user")
    partner.goto(base + "/mediation/")
    partner.click(f"tr[data-mediation='{m.pk}'] a")
    partner.fill("#session-form input[name=place]", "南明区人民调解委员会调解室")
    partner.fill("#session-form input[name=notes]", "双方同意分两期归还")
    partner.click("#record-session")
    expect(partner.locator("#sessions li")).to_contain_text("南明区人民调解委员会调解室")
    row = partner.locator("#agreement-form tr[data-row='0']")
    row.locator("select[name='item-0-type']").select_option("payment")
    row.locator("input[name='item-0-obligors'][value='R1']").check()
    row.locator("select[name='item-0-obligee']").select_option("A1")
    row.locator("input[name='item-0-amount']").fill("40000")
    partner.click("#save-agreement")
    # no due date: a warning next to the item, still executable
    expect(partner.locator("#agreement-items li[data-item='0'] .finding.warning")).to_have_attribute(
        "data-code", "due_missing"
    )
    expect(partner.locator("#agreement-state")).to_have_attribute("data-executable", "true")
    # an act without its object is an error: signing is refused until it is corrected
    row = partner.locator("#agreement-form tr[data-row='1']")
    row.locator("select[name='item-1-type']").select_option("act")
    row.locator("input[name='item-1-obligors'][value='R1']").check()
    row.locator("select[name='item-1-obligee']").select_option("A1")
    row.locator("input[name='item-1-act']").fill("返还借条原件")
    partner.click("#save-agreement")
    expect(partner.locator("#agreement-items li[data-item='1'] .finding.error")).to_have_attribute(
        "data-code", "act_object_missing"
    )
    partner.click("#succeed")
    expect(partner.locator("#action-error")).to_have_attribute("data-code", "agreement_not_executable")
    partner.locator("#agreement-form input[name='item-1-object']").fill("2024年3月1日借条")
    partner.click("#save-agreement")
    expect(partner.locator("#agreement-state")).to_have_attribute("data-executable", "true")
    partner.click("#succeed")
    expect(partner.locator("#mediation-status")).to_have_attribute("data-status", "succeeded")
    partner.click("#request-confirmation")
    expect(partner.locator("#follow-up")).to_contain_text("诉前调确")

    judge = as_user("trial_judge")
    judge.goto(f"{base}/mediation/{m.pk}/")
    judge.click("#accept")
    judge.click("#rule")
    expect(judge.locator("#messages")).to_be_visible()
    m.refresh_from_db()
    assert m.follow_up is not None
    assert m.follow_up.closing_method == "confirmed"
    assert m.agreement.title_id is not None

    clerk.goto(f"{base}/mediation/{m.pk}/")
    clerk.click("#dispute-link")
    expect(clerk.locator("#dispute-nodes tbody tr")).to_have_count(2)
    expect(clerk.locator(f"#dispute-nodes tr[data-case='{m.case.case_number}']")).to_be_visible()
    expect(clerk.locator(f"#dispute-nodes tr[data-case='{m.follow_up.case_number}']")).to_contain_text(
        "司法确认"
    )
    expect(clerk.locator("#dispute-graph canvas")).to_be_visible()


def test_a_failed_mediation_becomes_a_first_instance_case(live_server, demo: None, as_user) -> None:  # type: ignore[no-untyped-def]
    m = services.delegate(
        None,
        court_code="黔0102",
        applicants=[PartyIn(APPLICANT[0], "plaintiff", APPLICANT[1])],
        respondents=[PartyIn(RESPONDENT[0], "defendant", RESPONDENT[1])],
        description=DESCRIPTION,
        focus_type="private_lending",
        cause="民间借贷纠纷",
        organization_code=DEMO_ORGANIZATION[0],
        override_reason="演示",
        on=timezone.localdate(),
    )
    partner = as_user("partner_user")
    partner.goto(f"{live_server.url}/mediation/{m.pk}/")
    partner.fill("#fail-form input[name=reason]", "被申请人拒绝调解")
    partner.click("#fail")
    expect(partner.locator("#mediation-status")).to_have_attribute("data-status", "failed")
    trial = Case.objects.get(type_code="民初")
    expect(partner.locator("#follow-up")).to_contain_text(trial.case_number)

    clerk = as_user("filing_clerk")
    clerk.goto(f"{live_server.url}/cases/disputes/{m.case.dispute_id}/")
    expect(clerk.locator(f"#dispute-nodes tr[data-case='{trial.case_number}']")).to_contain_text(
        "调解不成转立案"
    )
    clerk.click(f"#dispute-nodes tr[data-case='{trial.case_number}'] a")
    expect(clerk.locator("#case-origin")).to_contain_text(m.case.case_number)
