"""The command-center overview in a real browser: a command-center operator of the high court opens the
overview, the charts are drawn (ECharts instances with data, pixels on their canvases), drills down from
the high court to an intermediate and a basic court, opens the case list behind a count and a case; the
English switch relabels the charts; the grid reflows from a wall screen to a laptop."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from playwright.sync_api import Page, expect

from tests.command.conftest import HEADER, ROWS
from zhiyuan.accounts.demo import DEMO_PASSWORD, ensure_demo_users
from zhiyuan.cases import services
from zhiyuan.cases.importing import import_file
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ("chart-volume", "chart-rates", "chart-courts", "chart-derivative")
PAINTED = """(id) => {
  const canvas = document.querySelector(`#${id} canvas`);
  if (!canvas) return 0;
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  return painted;
}"""
SERIES = """(id) => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  if (!chart) return null;
  return chart.getOption().series.map((s) => ({ name: s.name || "", points: (s.data || []).length,
    total: (s.data || []).reduce((a, d) => a + (typeof d === "object" && d ? (d.value || 0) : (d || 0)), 0) }));
}"""


@pytest.fixture
def province() -> Case:
    """Demo users and the small province of the command tests; returns the pending case at 黔0102."""
    load_reference_data()
    ensure_demo_users()
    report = import_file(io.BytesIO("\n".join([HEADER, *ROWS]).encode()), filename="province.csv")
    assert report.written, report.errors
    pending = services.file_case(
        None,
        court_code="黔0102",
        type_code="执",
        filed_on=dt.date(2025, 5, 6),
        parties_in=[PartyIn("陈明", "plaintiff"), PartyIn("刘强", "defendant")],
    )
    return services.transition(None, pending, "notify", dt.date(2025, 5, 8))


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#current-user")).to_be_visible()


def charts_drawn(page: Page) -> None:
    for chart in CHARTS:
        expect(page.locator(f"#{chart}[data-ready=true] canvas")).to_be_visible()
        assert page.evaluate(PAINTED, chart) > 500, f"{chart} has an empty canvas"


def test_overview_charts_and_drill_down_to_a_case(live_server, page: Page, province: Case) -> None:
    sign_in(page, live_server.url, "command_operator")
    page.click("#nav-command")
    overview = page.locator("#command-overview")
    expect(overview).to_have_attribute("data-court", "黔")
    expect(page.locator("[data-indicator=intake] .value")).to_have_text("4")
    expect(page.locator("[data-indicator=pending] .value")).to_have_text("2")
    expect(page.locator("#campaigns [data-campaign=migrant_wages] b").first).to_have_text("1")
    charts_drawn(page)
    volume = page.evaluate(SERIES, "chart-volume")
    assert [s["points"] for s in volume] == [12, 12, 12]
    assert [s["total"] for s in volume[:2]] == [4, 4]  # intake and closed over the months
    courts = page.evaluate(SERIES, "chart-courts")
    assert [s["points"] for s in courts] == [9, 9, 9]
    assert page.evaluate(SERIES, "chart-derivative")[0]["total"] >= 1

    # high court → intermediate court → basic court
    page.click("#court-tree a.drill[data-court=黔01]")
    expect(overview).to_have_attribute("data-court", "黔01")
    expect(page.locator("#court-crumbs a[data-court=黔]")).to_be_visible()
    charts_drawn(page)
    page.click("#court-tree a.drill[data-court=黔0102]")
    expect(overview).to_have_attribute("data-court", "黔0102")
    expect(overview).to_have_attribute("data-level", "basic")
    expect(page.locator("#no-children")).to_be_visible()
    expect(page.locator("[data-indicator=pending] .value")).to_have_text("2")

    # the pending cases of the basic court, then one case
    page.click("a.case-list-link[data-measure=pending]")
    expect(page.locator("#measure-cases tbody tr")).to_have_count(2)
    page.click(f"#measure-cases a:has-text('{province.case_number}')")
    expect(page.locator("#case-number")).to_contain_text(province.case_number)


def test_english_switch_and_reflowing_layout(live_server, page: Page, province: Case) -> None:
    sign_in(page, live_server.url, "command_operator")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(live_server.url + "/command/")
    charts_drawn(page)
    columns = "getComputedStyle(document.querySelector('.cmd-grid')).gridTemplateColumns.split(' ').length"
    assert page.evaluate(columns) == 3
    size = "parseFloat(getComputedStyle(document.querySelector('[data-indicator=intake] .value')).fontSize)"
    assert page.evaluate(size) >= 48  # readable across a command-center room
    background = page.evaluate("getComputedStyle(document.querySelector('.command-screen')).backgroundColor")
    assert background == "rgb(11, 23, 38)"  # the dark screen

    page.click("form.lang button[data-lang=en]")
    expect(page.locator("[data-indicator=intake] .label")).to_have_text("Intake")
    charts_drawn(page)
    names = [s["name"] for s in page.evaluate(SERIES, "chart-volume")]
    assert names == ["Intake", "Closed", "Pending"]

    page.set_viewport_size({"width": 800, "height": 900})
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.cmd-grid')).gridTemplateColumns.split(' ').length === 1"
    )
    width = page.evaluate("document.getElementById('chart-volume').getBoundingClientRect().width")
    assert 600 < width <= 800  # the chart follows the narrower screen
