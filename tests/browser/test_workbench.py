"""The workbench in a real browser: the enforcement officer signs in, lands on their workbench, sees the
case they handle with its count, opens it from the panel and finds themself named as its 承办人; a
division head, a clerk and a party land on theirs. Screenshots go to ``$ZHIYUAN_ARTEFACTS/workbench``
(a temporary folder by default)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from zhiyuan.accounts.demo import DEMO_PARTY_ID, DEMO_PASSWORD, ensure_demo_users
from zhiyuan.accounts.models import User
from zhiyuan.cases import duties, services
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def handled() -> Case:
    """Demo users; at 黔0102 a decided 民初 against the demo party, its enforcement case (notified, handled
    by the demo officer) and a second enforcement case nobody handles yet."""
    load_reference_data()
    ensure_demo_users()
    both = [PartyIn("陈明", "plaintiff", "110101198506120039"), PartyIn("刘强", "defendant", DEMO_PARTY_ID)]
    trial = services.file_case(
        None, court_code="黔0102", type_code="民初", filed_on=days(-200), cause="民间借贷纠纷",
        claim_amount=Decimal("80000"), parties_in=both,
    )  # fmt: skip
    trial = services.transition(None, trial, "close", days(-100), closing_method="judgment")
    case = services.file_case(
        None, court_code="黔0102", type_code="执", filed_on=days(-30), origin=trial, parties_in=both
    )
    case = services.transition(None, case, "notify", days(-29))
    officer, head = (User.objects.get(username=u) for u in ("enforcement_officer", "division_head"))
    duties.assign_handler(head, case, officer, days(-29))
    services.file_case(
        None, court_code="黔0102", type_code="执", filed_on=days(-2), origin=trial, parties_in=both
    )
    return case


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#workbench-title")).to_be_visible()


def shots() -> Path:
    folder = Path(os.environ.get("ZHIYUAN_ARTEFACTS") or "/tmp/zhiyuan-artefacts") / "workbench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_officer_opens_a_case_from_the_workbench(live_server, page: Page, handled: Case) -> None:
    sign_in(page, live_server.url, "enforcement_officer")
    assert page.url.rstrip("/") == live_server.url  # the workbench is where a user lands
    mine = page.locator("#panel-casesmine")
    expect(mine.locator(".count")).to_have_text("1 件")
    expect(page.locator("#panel-caseswarnings")).to_be_visible()
    page.screenshot(path=str(shots() / "enforcement_officer.png"), full_page=True)
    mine.get_by_role("link", name=handled.case_number).click()
    expect(page.locator("#case-number")).to_contain_text(handled.case_number)
    expect(page.locator("#case-handler")).to_contain_text("演示执行实施人员")
    page.goto(live_server.url + "/cases/?mine=1")
    expect(page.locator("#case-results tbody tr")).to_have_count(1)
    expect(page.locator("#case-results td.handler")).to_have_text("演示执行实施人员")


@pytest.mark.parametrize(
    ("username", "panel", "count"),
    [("division_head", "casesunassigned", "1 件"), ("filing_clerk", "performancepayments", "0 笔"),
     ("party", "casesown", "3 件")],
)  # fmt: skip
def test_other_roles_land_on_their_workbench(
    live_server, page: Page, handled: Case, username: str, panel: str, count: str
) -> None:
    sign_in(page, live_server.url, username)
    expect(page.locator(f"#panel-{panel} .count")).to_have_text(count)
    page.screenshot(path=str(shots() / f"{username}.png"), full_page=True)
