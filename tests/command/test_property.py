"""Property (物) on the command center: assets under control by class and court, measures expiring within
30 days, assets in disposal — computed from assets and measures made here through the services — the
drill-down lists, scoping, the workbook, the hook for other apps' figures and both languages."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from zhiyuan.cases.models import Case
from zhiyuan.command import property as command_property
from zhiyuan.courts.models import Court

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, r.content.decode()[:1500]
    return r.content.decode()


def total(html: str) -> dict[str, str]:
    block = html.split('id="property-total"', 1)[1].split("</dl>", 1)[0]
    return dict(re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', block))


def test_figures_of_a_basic_court_and_the_province(assets: dict[str, Any]) -> None:
    today = timezone.localdate()
    basic = command_property.board(Court.objects.get(code="黔0102"), today).total
    assert basic.held == 2  # the deposit and the flat; the car has no measure
    assert basic.by_class == {"deposit": 1, "real_estate": 1}
    assert basic.held_value == Decimal("800000")
    assert basic.expiring == 1  # the freeze of 360 days ago
    assert basic.disposal == 1  # the flat being valued
    province = command_property.board(Court.objects.get(code="黔"), today)
    assert province.total.held == 3
    assert province.total.by_class["real_estate"] == 2
    assert province.classes == ["deposit", "real_estate"]
    by_court = {r.code: r for r in province.courts}
    assert (by_court["黔01"].held, by_court["黔03"].held) == (2, 1)


def test_drill_down_from_the_province_to_the_assets(client: Client, users, assets, province) -> None:
    client.force_login(users["high"])
    html = get(client, f"/command/courts/{quote('黔')}/property/")
    assert total(html) == {"held": "3", "expiring": "1", "disposal": "1", "funds_unpaid_30": "0"}
    row = html.split('<tr data-court="黔01">', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'data-class="real_estate"><a href="[^"]+" class="count">1<', row)
    html = get(client, f"/command/courts/{quote('黔01')}/property/")
    assert '<tr data-court="黔0102">' in html
    listing = get(client, f"/command/courts/{quote('黔0102')}/property/list/?item=held&class=real_estate")
    assert "南明区住宅" in listing
    assert "工商银行账户" not in listing
    assert "共 1 件" in listing
    expiring = get(client, f"/command/courts/{quote('黔0102')}/property/list/?item=expiring")
    assert province["guiyang_pending"].case_number in expiring
    assert "冻结" in expiring
    disposal = get(client, f"/command/courts/{quote('黔')}/property/list/?item=disposal")
    assert "南明区住宅" in disposal
    assert "汇川区商铺" not in disposal
    link = re.search(r'href="([^"]+)" class="case-link"', disposal)
    assert link is not None
    assert client.get(link.group(1)).status_code == 200


def test_scope_and_unknown_items(client: Client, users, assets) -> None:
    client.force_login(users["basic"])
    html = get(client, f"/command/courts/{quote('黔0102')}/property/")
    assert total(html)["held"] == "2"
    get(client, f"/command/courts/{quote('黔0302')}/property/", 403)
    get(client, f"/command/courts/{quote('黔0302')}/property/list/?item=held", 403)
    bad = get(client, f"/command/courts/{quote('黔0102')}/property/list/?item=nothing", 422)
    assert 'data-code="unknown_item"' in bad
    bad = get(client, f"/command/courts/{quote('黔0102')}/property/list/?item=held&class=gold", 422)
    assert 'data-code="unknown_asset_class"' in bad


def test_the_workbook_has_the_page_numbers(client: Client, users, assets) -> None:
    client.force_login(users["high"])
    r = client.get(f"/command/courts/{quote('黔')}/property/?format=xlsx")
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["黔"][header.index("在控财产")] == 3
    assert rows["黔"][header.index("不动产")] == 2
    assert rows["黔01"][header.index("30日内到期的控制措施")] == 1
    assert rows["黔03"][header.index("处置中财产")] == 0
    r = client.get(f"/command/courts/{quote('黔')}/property/list/?item=held&format=xlsx")
    listing = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert listing.max_row == 1 + 3


def test_other_apps_add_property_figures(client: Client, users, assets, province, monkeypatch) -> None:
    """The hook funds will use: a figure per court and the cases behind it, shown, exported, listed."""

    def per_court(ids: list[int], today: Any) -> dict[int, int]:
        return {province["zunyi_pending"].court_id: 4}

    def cases(ids: list[int], today: Any) -> Any:
        return Case.objects.filter(pk=province["zunyi_pending"].pk, court_id__in=ids)

    figure = command_property.PropertyFigure(
        "funds_test", "测试款项", "Test funds", "count", per_court, cases
    )
    monkeypatch.setitem(command_property._EXTRA, "funds_test", figure)
    client.force_login(users["high"])
    html = get(client, f"/command/courts/{quote('黔')}/property/")
    assert total(html)["funds_test"] == "4"
    listing = get(client, f"/command/courts/{quote('黔')}/property/list/?item=funds_test")
    assert province["zunyi_pending"].case_number in listing
    r = client.get(f"/command/courts/{quote('黔')}/property/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert "测试款项" in header


def test_property_pages_in_english(client: Client, users, assets) -> None:
    client.force_login(users["high"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/command/"})
    html = get(client, f"/command/courts/{quote('黔')}/property/")
    assert "Assets under control" in html
    assert "Real estate" in html or "real_estate" in html
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]
    assert "在控" not in main


def test_funds_received_and_not_paid_out_after_30_days(client: Client, users, assets, province) -> None:
    """Funds' own figure (``funds_unpaid_30``): money booked 40 days ago on 黔0102's pending case and not
    paid out counts; money booked five days ago does not."""
    import datetime as dt

    from zhiyuan.funds import services as funds

    case = province["guiyang_pending"]
    today = timezone.localdate()
    funds.post_receipt(
        users["officer"],
        case,
        kind="voluntary",
        amount="1200.00",
        on=today - dt.timedelta(days=40),
        key="old",
    )
    zcase = province["zunyi_pending"]
    zofficer = type(users["officer"]).objects.get(username="cmd_prop_z")
    funds.post_receipt(
        zofficer, zcase, kind="voluntary", amount="80.00", on=today - dt.timedelta(days=5), key="new"
    )
    client.force_login(users["high"])
    html = get(client, f"/command/courts/{quote('黔')}/property/")
    assert total(html)["funds_unpaid_30"] == "1"
    listing = get(client, f"/command/courts/{quote('黔')}/property/list/?item=funds_unpaid_30")
    assert case.case_number in listing
    assert zcase.case_number not in listing
