"""The command-center pages through Django's test client on the real database: who may see them, the
numbers against the governance report and against a hand count, the drill-down from the high court to a
basic court's case list and a case, scope refusals, overdue nodes, the period picker and the English
switch."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from typing import Any
from urllib.parse import quote, unquote

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import services
from zhiyuan.cases.models import Case
from zhiyuan.command import overview
from zhiyuan.governance import selectors as governance

pytestmark = pytest.mark.django_db

YEAR_2025 = {"date_from": dt.date(2025, 1, 1), "date_to": dt.date(2025, 12, 31)}


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def values(html: str, attribute: str = "data-indicator") -> dict[str, str]:
    """``data-indicator="id" data-value="v"`` pairs of the page."""
    pattern = rf'{attribute}="([^"]+)"[^>]*?data-value="([^"]*)"'
    return {k: unescape(v) for k, v in re.findall(pattern, html)}


def tree_rows(html: str) -> dict[str, list[int]]:
    """Court code → [intake, closed, pending, overdue] from the court tree table."""
    table = html.split('id="court-tree"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for code, body in re.findall(r'<tr data-court="([^"]+)">(.*?)</tr>', table, re.S):
        counts = re.findall(r'class="count">(\d+)<', body) + re.findall(r'data-overdue="(\d+)"', body)
        rows[code] = [int(n) for n in counts]
    return rows


def charts(html: str) -> dict[str, Any]:
    raw = html.split('<script id="command-charts" type="application/json">', 1)[1].split("</script>", 1)[0]
    data: dict[str, Any] = json.loads(raw)
    return data


def page(client: Client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, r.content.decode()[:2000]
    return r.content.decode()


# ------------------------------------------------------------------------------------------- access


def test_anonymous_users_are_sent_to_sign_in(client: Client) -> None:
    r = client.get("/command/")
    assert r.status_code == 302
    assert r["Location"].startswith(reverse("accounts:login"))


def test_without_command_view_the_overview_is_refused_and_audited(client: Client, users, province) -> None:
    html = page(signed_in(client, users["officer"]), "/command/", 403)
    assert 'id="command-error"' in html
    assert "command-overview" not in html
    denied = AuditEntry.objects.filter(action="auth.denied", outcome="denied").last()
    assert denied is not None
    assert denied.after["attempted"] == "command:view"
    page(client, f"/command/courts/{quote('黔0102')}/", 403)
    page(client, f"/command/courts/{quote('黔0102')}/cases/?measure=pending", 403)


def test_courts_outside_the_district_are_refused(client: Client, users, province) -> None:
    signed_in(client, users["mid"])
    for code in ("黔03", "黔0302", "黔", "XX99"):
        html = page(client, f"/command/courts/{quote(code)}/", 403)
        assert 'data-code="court_out_of_scope"' in html
        page(client, f"/command/courts/{quote(code)}/cases/?measure=pending", 403)
    refusal = AuditEntry.objects.filter(action="auth.denied").last()
    assert refusal is not None
    assert refusal.after["codes"] == ["court_out_of_scope"]
    # a basic court's division head cannot climb to the intermediate court
    page(signed_in(Client(), users["basic"]), f"/command/courts/{quote('黔01')}/", 403)


# ------------------------------------------------------------------------------------------ numbers


def test_the_overview_shows_the_governance_report(client: Client, users, province) -> None:
    html = page(signed_in(client, users["high"]), "/command/")
    report = governance.report(court_code="黔", subtree=True, **YEAR_2025)
    shown = values(html)
    indicators = report["indicators"]
    for key, value in indicators.items():
        if key == "derivative":
            continue
        assert key in shown, key
        expected = "" if value is None else str(value)
        assert shown[key] == expected, (key, shown[key], value)
    campaigns = dict(re.findall(r'data-campaign="([^"]+)" data-cases-closed="(\d+)"', html))
    assert campaigns == {k: str(v["cases_closed"]) for k, v in report["campaigns"].items()}
    for kind, count in indicators["derivative"].items():
        if count:
            assert f'<tr data-kind="{kind}">' in html


def test_hand_counted_figures_of_the_small_province(client: Client, users, province) -> None:
    html = page(signed_in(client, users["high"]), "/command/")
    assert 'data-from="2025-01-01" data-to="2025-12-31"' in html  # the year of the latest filing
    shown = values(html)
    assert (shown["intake"], shown["closed"], shown["pending"]) == ("5", "4", "3")
    assert shown["full_performance_rate"] == "0.75"  # 执21, 黔0103执5, 黔0302执7 of 4 closed
    assert shown["tcp_rate"] == "0.25"
    migrant = re.search(
        r'data-campaign="migrant_wages" data-cases-closed="(\d+)" data-amount="([^"]*)"', html
    )
    assert migrant is not None
    assert migrant.groups() == ("1", "50000.00")
    rows = tree_rows(html)
    assert len(rows) == 9  # the nine intermediate courts
    # overdue: 黔0102执22号's time limit, and the imported open 黔0102执91号's notice and time limit
    assert rows["黔01"] == [3, 3, 2, 3]
    assert rows["黔03"] == [2, 1, 1, 2]
    assert rows["黔02"] == [0, 0, 0, 0]


def test_tree_counts_agree_with_the_indicators_of_each_district(client: Client, users, province) -> None:
    html = page(signed_in(client, users["high"]), "/command/")
    for code, (intake, closed, pending, _overdue) in tree_rows(html).items():
        ids = governance.courts_for(code, True)
        figures = governance.indicators_for(ids, YEAR_2025["date_from"], YEAR_2025["date_to"])
        assert (intake, closed, pending) == (figures["intake"], figures["closed"], figures["pending"]), code


def test_the_monthly_trend_is_charted(client: Client, users, province) -> None:
    data = charts(page(signed_in(client, users["high"]), "/command/"))
    assert data["months"] == [f"2025-{m:02d}" for m in range(1, 13)]
    volume = {s["key"]: s["data"] for s in data["volume"]}
    assert sum(volume["intake"]) == 5
    assert sum(volume["closed"]) == 4
    assert volume["pending"][-1] == 3
    assert volume["intake"][3] == 1  # April: 执21
    assert data["courts"]["names"][0] == "贵州省贵阳市中级人民法院"
    assert any(s["data"] for s in data["rates"])


# --------------------------------------------------------------------------------------- drill-down


def test_drill_down_to_a_basic_court_its_cases_and_a_case(client: Client, users, province) -> None:
    signed_in(client, users["mid"])
    html = page(client, "/command/")
    assert 'data-court="黔01"' in html
    assert "黔0302" not in html
    link = re.search(r'href="([^"]+)" class="drill" data-court="黔0102"', html)
    assert link is not None
    basic = page(client, unescape(link.group(1)))
    assert 'id="command-overview" data-court="黔0102" data-level="basic"' in basic
    assert 'data-court="黔01">贵州省贵阳市中级人民法院</a>' in basic  # breadcrumbs back up
    assert 'id="no-children"' in basic
    shown = values(basic)
    assert (shown["intake"], shown["closed"], shown["pending"]) == ("2", "2", "2")
    pending_link = re.search(r'href="([^"]+)" data-measure="pending" class="case-list-link"', basic)
    assert pending_link is not None
    listing = page(client, unescape(pending_link.group(1)))
    numbers = set(re.findall(r'class="case-link">([^<]+)<', listing))
    assert numbers == {"（2024）黔0102执91号", province["guiyang_pending"].case_number}
    detail = re.search(r'href="([^"]+)" class="case-link">（2024）黔0102执91号', listing)
    assert detail is not None
    assert unquote(detail.group(1)) == "/cases/（2024）黔0102执91号/"
    assert "（2024）黔0102执91号" in page(client, detail.group(1))


def test_case_lists_hold_exactly_the_counted_cases(client: Client, users, province) -> None:
    signed_in(client, users["high"])
    rows = tree_rows(page(client, "/command/"))
    for measure, column in (("intake", 0), ("closed", 1), ("pending", 2)):
        listing = page(
            client, f"/command/courts/{quote('黔01')}/cases/?measure={measure}&from=2025-01-01&to=2025-12-31"
        )
        assert f"共 {rows['黔01'][column]} 件" in listing, measure
    page(client, f"/command/courts/{quote('黔01')}/cases/?measure=everything", 422)


# ---------------------------------------------------------------------------------------- overdue


def test_overdue_nodes_in_scope_only(client: Client, users, province, monkeypatch) -> None:
    guiyang, zunyi = province["guiyang_pending"], province["zunyi_pending"]
    mid = page(signed_in(client, users["mid"]), "/command/")
    overdue = mid.split('id="overdue-panel"', 1)[1].split("</section>", 1)[0]
    # 黔0102执22号's time limit (its notice was met on 2025-05-08); the imported open 黔0102执91号 (filed
    # 2024-12-02) runs its notice (2024-12-05) and time limit (2025-06-02, Dragon Boat: 2025-06-03)
    assert 'id="overdue-count" data-value="3"' in overdue
    assert guiyang.case_number in overdue
    assert "（2024）黔0102执91号" in overdue
    assert zunyi.case_number not in overdue
    assert 'data-rule="enforcement_time_limit"' in overdue
    assert 'data-rule="enforcement_notice"' in overdue
    high = page(signed_in(Client(), users["high"]), "/command/")
    assert 'id="overdue-count" data-value="5"' in high  # and Zunyi's notice and time limit
    monkeypatch.setattr(overview, "FRESH_SECONDS", 0)
    services.transition(None, guiyang, "close", dt.date(2025, 12, 1), closing_method="fully_performed")
    assert 'id="overdue-count" data-value="2"' in page(client, "/command/")  # a closed case leaves


# ----------------------------------------------------------------------------------------- period


def test_the_period_picker(client: Client, users, province) -> None:
    signed_in(client, users["high"])
    shown = values(page(client, "/command/?from=2024-01-01&to=2024-12-31"))
    assert (shown["intake"], shown["closed"], shown["pending"]) == ("2", "0", "2")
    assert shown["full_performance_rate"] == ""  # no closed case: undefined, not 0
    shown = values(page(client, "/command/?from=2025-04-01"))  # the end defaults to the same year
    assert shown["intake"] == "3"
    for query in ("from=2025-13-01", "from=2025-06-01&to=2025-01-01", "from=2015-01-01&to=2025-12-31"):
        html = page(client, f"/command/?{query}", 422)
        assert 'data-code="invalid_period"' in html


def test_cached_figures_follow_the_data_version(client: Client, users, province, monkeypatch) -> None:
    signed_in(client, users["high"])
    assert values(page(client, "/command/"))["intake"] == "5"
    services.file_case(None, court_code="黔0103", type_code="执", filed_on=dt.date(2025, 10, 9))
    # within the freshness window the cached figures stand (one recompute per window under load) …
    assert values(page(client, "/command/"))["intake"] == "5"
    # … after it, a changed data version recomputes, and an unchanged one is served from the cache
    monkeypatch.setattr(overview, "FRESH_SECONDS", 0)
    assert values(page(client, "/command/"))["intake"] == "6"
    Case.objects.filter(court__code="黔0103", filed_on=dt.date(2025, 10, 9)).update(type_code="执保")
    assert values(page(client, "/command/"))["intake"] == "6"  # an edit without a move: until the TTL


def test_english_switch(client: Client, users, province) -> None:
    signed_in(client, users["high"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/command/"})
    html = page(client, "/command/")
    assert "Intake" in html
    assert "Overdue nodes" in html
    data = charts(html)
    assert [s["name"] for s in data["volume"]] == ["Intake", "Closed", "Pending"]
    assert "收案" not in html.split("<main>", 1)[1].split("</main>", 1)[0]


def test_a_basic_court_user_sees_only_their_court(client: Client, users, province) -> None:
    html = page(signed_in(client, users["basic"]), "/command/")
    assert 'data-court="黔0102" data-level="basic"' in html
    assert values(html)["intake"] == "2"
    assert Case.objects.filter(court__code="黔0102").exists()
