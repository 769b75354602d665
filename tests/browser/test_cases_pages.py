"""The case pages in a real browser: an enforcement officer searches (HTMX, no reload), opens a case and
its timeline, then the dispute graph (ECharts on a canvas) and clicks through to the cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from zhiyuan.accounts.demo import DEMO_PASSWORD, ensure_demo_users
from zhiyuan.accounts.models import User
from zhiyuan.cases import duties, services
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CREDITOR = ("陈明", "110101198506120039")
DEBTOR = ("刘强", "520102199105050022")


@pytest.fixture
def dispute() -> list[Case]:
    """Demo users, and a dispute at 黔0102: a closed 民初, its enforcement case (notified, handled by the
    demo enforcement officer), an objection."""
    load_reference_data()
    ensure_demo_users()
    both = [PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]), PartyIn(DEBTOR[0], "defendant", DEBTOR[1])]
    trial = services.file_case(
        None,
        court_code="黔0102",
        type_code="民初",
        filed_on=dt.date(2025, 3, 4),
        cause="民间借贷纠纷",
        claim_amount=Decimal("80000"),
        parties_in=both,
    )
    trial = services.transition(None, trial, "close", dt.date(2025, 6, 3), closing_method="judgment")
    enforcement = services.file_case(
        None, court_code="黔0102", type_code="执", filed_on=dt.date(2025, 7, 1), origin=trial, parties_in=both
    )
    enforcement = services.transition(None, enforcement, "notify", dt.date(2025, 7, 3))
    officer, head = (User.objects.get(username=u) for u in ("enforcement_officer", "division_head"))
    duties.assign_handler(head, enforcement, officer, dt.date(2025, 7, 3))
    objection = services.file_case(
        None,
        court_code="黔0102",
        type_code="执异",
        filed_on=dt.date(2025, 8, 4),
        origin=enforcement,
        parties_in=both,
    )
    services.file_case(
        None,
        court_code="黔0102",
        type_code="民初",
        filed_on=dt.date(2025, 2, 3),
        cause="买卖合同纠纷",
        parties_in=[PartyIn("吴刚", "plaintiff"), PartyIn("某某商贸有限公司", "defendant")],
    )
    return [trial, enforcement, objection]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#current-user")).to_be_visible()


def test_search_open_a_case_and_its_dispute_graph(live_server, page: Page, dispute: list[Case]) -> None:
    _trial, enforcement, objection = dispute
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(live_server.url + "/cases/")
    expect(page.locator("#result-count")).to_contain_text("4")

    # HTMX: the results change, the page does not reload, the address bar follows
    page.evaluate("window.__sameDocument = true")
    page.fill("#id_party", CREDITOR[0])
    page.fill("#id_type_code", "执")
    page.click("#search-submit")
    expect(page.locator("#case-results tbody tr")).to_have_count(1)
    expect(page.locator("#case-results")).to_contain_text(enforcement.case_number)
    assert page.evaluate("window.__sameDocument") is True
    assert "type_code=" in page.url

    page.click(f"#case-results a:has-text('{enforcement.case_number}')")
    expect(page.locator("#case-number")).to_contain_text(enforcement.case_number)
    assert unquote(page.url).endswith(f"/cases/{enforcement.case_number}/")
    expect(page.locator("#timeline > li")).to_have_count(3)
    expect(page.locator("#timeline > li").nth(0)).to_contain_text("立案")
    expect(page.locator("#timeline > li").nth(1)).to_contain_text("发出执行通知书")
    expect(page.locator("#timeline > li").nth(2)).to_contain_text("分案")
    expect(page.locator("#case-handler")).to_contain_text("演示执行实施人员")  # the name, not the account
    expect(page.locator("#timeline")).to_contain_text("执行期限")
    expect(page.locator("#party-table")).to_contain_text("520102********0022")
    expect(page.locator("#party-table")).to_contain_text("申请执行人")
    expect(page.locator("form.action[data-action=execute]")).to_be_visible()

    page.click("#dispute-link")
    expect(page.locator("#dispute-graph canvas")).to_be_visible()
    rows = page.locator("#dispute-nodes tbody tr")
    expect(rows).to_have_count(3)
    for case in dispute:
        expect(page.locator("#dispute-nodes")).to_contain_text(case.case_number)
    expect(page.locator("[data-count=cases]")).to_have_text("3")
    assert page.evaluate("echarts.getInstanceByDom(document.getElementById('dispute-graph')) != null")

    page.click(f"#dispute-nodes a:has-text('{objection.case_number}')")
    expect(page.locator("#case-number")).to_contain_text(objection.case_number)
    expect(page.locator("#case-origin")).to_contain_text(enforcement.case_number)


def test_clicking_a_graph_node_opens_its_case(live_server, page: Page, dispute: list[Case]) -> None:
    trial = dispute[0]
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(f"{live_server.url}/cases/disputes/{trial.dispute_id}/")
    expect(page.locator("#dispute-graph[data-ready=true] canvas")).to_be_visible()
    # where ECharts drew the first node (the 民初), in page pixels
    point = page.evaluate(
        """() => {
          const el = document.getElementById('dispute-graph');
          const chart = echarts.getInstanceByDom(el);
          const node = chart.getOption().series[0].data[0];
          const [x, y] = chart.convertToPixel({seriesIndex: 0}, node.value);
          const box = el.getBoundingClientRect();
          return [box.left + x, box.top + y];
        }"""
    )
    page.mouse.click(point[0], point[1])
    expect(page.locator("#case-number")).to_contain_text(trial.case_number)


def test_a_transition_from_the_page(live_server, page: Page, dispute: list[Case]) -> None:
    enforcement = dispute[1]
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(f"{live_server.url}/cases/{enforcement.case_number}/")
    form = page.locator("form.action[data-action=execute]")
    form.locator("input[name=on]").fill("2025-07-20")
    form.locator("button").click()
    expect(page.locator("#messages")).to_contain_text("开始查控处置")
    expect(page.locator("#case-status")).to_have_text("执行中")
    expect(page.locator("#timeline > li")).to_have_count(4)
