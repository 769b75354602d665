"""Under the Content-Security-Policy (no inline script or style, no eval) the interactive parts still work:
chart tooltips, the behaviours that used to be inline handlers (status filter, recommendation choice), the
API docs and the admin. The ``page`` fixture fails a test on any policy violation in the console."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_cases_pages import dispute
from tests.browser.test_overview import CHARTS, charts_drawn, province, sign_in
from zhiyuan.accounts.demo import DEMO_ORGANIZATION
from zhiyuan.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["dispute", "province"]  # the fixtures, used here by name


def test_the_policy_header_reaches_the_browser(live_server, page: Page) -> None:
    response = page.goto(live_server.url + "/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("typeof htmx") == "object"  # the site's own scripts run
    assert page.evaluate("htmx.config.allowEval") is False


def test_chart_tooltips_under_the_policy(live_server, page: Page, province: Case) -> None:
    sign_in(page, live_server.url, "command_operator")
    page.goto(live_server.url + "/command/")
    charts_drawn(page)
    for chart in CHARTS:
        box = page.locator(f"#{chart} canvas").first.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(300)


def test_dispute_graph_tooltip_under_the_policy(live_server, page: Page, dispute: list[Case]) -> None:
    sign_in(page, live_server.url, "enforcement_officer")
    page.goto(f"{live_server.url}/cases/disputes/{dispute[0].dispute_id}/")
    expect(page.locator("#dispute-graph[data-ready=true] canvas")).to_be_visible()
    point = page.evaluate(
        """() => {
          const el = document.getElementById('dispute-graph');
          const chart = echarts.getInstanceByDom(el);
          const [x, y] = chart.convertToPixel({seriesIndex: 0}, chart.getOption().series[0].data[0].value);
          const box = el.getBoundingClientRect();
          return [box.left + x, box.top + y];
        }"""
    )
    page.mouse.move(point[0], point[1])
    page.wait_for_timeout(300)


def test_status_filter_and_recommendation_choice(live_server, page: Page, province: Case) -> None:
    sign_in(page, live_server.url, "filing_clerk")
    page.goto(live_server.url + "/mediation/")
    options = page.locator("#status-filter select option")
    value = options.nth(1).get_attribute("value")
    page.select_option("#status-filter select", value)
    page.wait_for_url(f"**/mediation/?status={value}")
    page.click("#intake-link")
    page.fill("#id_party-0-name", "陈明")
    page.fill("#id_party-0-id_number", "110101198506120039")
    page.fill("#id_party-1-name", "刘强")
    page.fill("#id_party-1-id_number", "520102199105050022")
    page.fill("#id_description", "陈明借给刘强五万元，约定年底归还，到期后只还了一万元，剩余四万元拖欠至今。")
    page.click("#suggest-button")
    choice = page.locator(f"#recommendations [data-organization='{DEMO_ORGANIZATION[0]}'] input[type=radio]")
    expect(choice).to_be_checked()
    # the other-organization picker appears only for "another organization" (mediation/intake.js)
    expect(page.locator("#other-organization")).to_be_hidden()
    page.check("#recommended-other")
    expect(page.locator("#id_organization_search")).to_be_visible()
    choice.check()
    expect(page.locator("#other-organization")).to_be_hidden()


def test_api_docs_under_the_policy(live_server, page: Page) -> None:
    page.goto(live_server.url + "/api/docs")
    expect(page.locator("#swagger-ui")).to_contain_text("/api/law/{rule}", timeout=15000)
    page.locator("#swagger-ui .opblock-summary").first.click()
    expect(page.locator("#swagger-ui .opblock-body").first).to_be_visible()
