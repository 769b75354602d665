"""The dishonest-debtor list in a real browser: the officer proposes a debtor from the case page, the rule's
refusal of a minor shows in words, the president (verified) approves, and an anonymous visitor finds the
listing on the public query page with a masked number. A screenshot goes to ``$ZHIYUAN_ARTEFACTS/credit``."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_cases_pages import sign_in
from zhiyuan.accounts.demo import DEMO_PASSWORD, ensure_demo_users
from zhiyuan.accounts.models import User
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data
from zhiyuan.credit import services as credit
from zhiyuan.credit.models import Listing, ListingStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEBTOR_ID = "520102199105050022"


@pytest.fixture
def case() -> Case:
    """A new 执 case at 黔0102 against 刘强."""
    load_reference_data()
    ensure_demo_users()
    return cases.file_case(
        None,
        court_code="黔0102",
        type_code="执",
        filed_on=timezone.localdate(),
        claim_amount=Decimal("120000"),
        parties_in=[
            PartyIn("陈明", "plaintiff", "110101198506120039"),
            PartyIn("刘强", "defendant", DEBTOR_ID),
        ],
    )


def test_propose_approve_and_find_publicly(live_server, page: Page, case: Case) -> None:
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(f"{live_server.url}/cases/{case.case_number}/")
    form = page.locator("#credit-propose-form")
    form.locator("input[name=grounds][value='1']").check()
    form.locator("input[name=grounds][value='4']").check()
    form.locator("textarea[name=evidence]").fill("未按执行通知报告财产，名下车辆已转让。")
    form.locator("button[type=submit]").click()
    expect(page.locator("#listing-status")).to_contain_text("待审批")
    listing = Listing.objects.get(case=case)

    president = User.objects.get(username="court_president")
    president.is_verified = lambda: True  # type: ignore[method-assign]
    credit.decide(president, listing, True, timezone.localdate())
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/credit/query")
    query = page.locator("#credit-query-form")
    query.locator("input[name=name]").fill("刘强")
    query.locator("input[name=id]").fill(DEBTOR_ID)
    query.locator("button[type=submit]").click()
    results = page.locator("#query-results")
    expect(results).to_contain_text(case.case_number)
    expect(results).to_contain_text(listing.id_masked)
    assert DEBTOR_ID not in page.content()

    folder = Path(os.environ.get("ZHIYUAN_ARTEFACTS") or "/tmp/zhiyuan-artefacts") / "credit"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "public_query.png"), full_page=True)


def test_the_officer_proposes_a_restriction_and_the_president_signs_it(
    live_server, page: Page, case: Case
) -> None:
    """限制消费令由院长签发: proposed on the case page, in force only once the president signs it there with a
    verified second factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import totp_now
    from zhiyuan.credit.models import Restriction, RestrictionStatus

    folder = Path(os.environ.get("ZHIYUAN_ARTEFACTS") or "/tmp/zhiyuan-artefacts") / "credit"
    folder.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(f"{live_server.url}/cases/{case.case_number}/")
    form = page.locator("#credit-restrict-form")
    expect(form.locator("button[type=submit]")).to_have_text("提请院长签发")
    form.locator("select[name=capacity]").select_option("debtor")
    form.locator("button[type=submit]").click()
    order = Restriction.objects.get(case=case)
    row = page.locator(f"#restriction-{order.pk}")
    expect(row).to_contain_text("待签发")
    expect(page.locator(f"#sign-{order.pk}")).to_have_count(0)  # the officer signs nothing
    expect(page.locator(f"#lift-{order.pk}")).to_have_count(0)  # and a proposal has nothing to lift
    page.screenshot(path=str(folder / "restriction_proposed.png"), full_page=True)

    president = User.objects.get(username="court_president")
    TOTPDevice.objects.create(user=president, name="phone", confirmed=True)
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "court_president")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.fill("input[name=token]", totp_now(president))
    page.click("#otp-form button[type=submit]")
    expect(page.locator("#current-user")).to_be_visible()
    expect(page.locator("body")).to_contain_text("限制消费令待签发")  # the workbench panel
    page.goto(f"{live_server.url}/credit/approvals/")
    page.click(f"a[href$='#restriction-{order.pk}']")
    signing = page.locator(f"#sign-{order.pk}")
    signing.locator("select[name=sign]").select_option("1")
    signing.locator("button[type=submit]").click()
    expect(page.locator(f"#restriction-{order.pk}")).to_contain_text("限制中")
    expect(page.locator(f"#restriction-{order.pk}")).to_contain_text(president.get_full_name())
    page.screenshot(path=str(folder / "restriction_signed.png"), full_page=True)
    order.refresh_from_db()
    assert (order.status, order.issued_by_name) == (RestrictionStatus.IN_FORCE, president.get_full_name())
