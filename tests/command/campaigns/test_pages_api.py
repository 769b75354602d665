"""Campaign pages and API on the real database: the list, one campaign's line, courts, months and cases
(with the money the funds ledger holds), the XLSX with the same numbers, the forms, scope refusals."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client

from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor
from zhiyuan.cases.models import Case
from zhiyuan.command.campaigns.models import CampaignDefinition
from zhiyuan.funds.services import book_deduction
from zhiyuan.governance import selectors as governance

pytestmark = pytest.mark.django_db
Y2025 = "from=2025-01-01&to=2025-12-31"


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paid(province: dict[str, Case]) -> Case:
    """The migrant-wage case with 30,000 yuan deducted into its account."""
    case = province["migrant"]
    book_deduction(
        case, amount="30000", on=dt.date(2025, 5, 6), source="t:1", what="扣划", who=Actor(None, "t")
    )
    return case


def test_campaign_page_line_courts_months_and_cases(users: dict[str, Any], paid: Case) -> None:
    html = (
        signed_in(users["high"]).get(f"/command/campaigns/migrant_wages/?court=黔&{Y2025}").content.decode()
    )
    line = re.search(
        r'id="campaign-line" data-cases-closed="(\d+)" data-amount="([^"]+)" data-received="([^"]+)"', html
    )
    assert line is not None
    ids = sorted(governance.courts_for("黔", True))
    expected = governance.campaigns_for(ids, dt.date(2025, 1, 1), dt.date(2025, 12, 31))["migrant_wages"]
    assert (int(line[1]), line[2]) == (expected["cases_closed"], expected["amount_recovered"])
    assert Decimal(line[3]) == Decimal("30000.00")
    assert "执结1件，执行到位5.00万元（经案款账户到账3.00万元" in html
    assert 'data-court="黔01"' in html
    assert 'data-month="2025-06"' in html
    row = html.split('data-case="（2025）黔0102执21号"', 1)[1].split("</tr>", 1)[0]
    assert 'data-k="received">30000.00<' in row
    # drill-down: Zunyi's district has no migrant-wage case
    zunyi = (
        signed_in(users["high"]).get(f"/command/campaigns/migrant_wages/?court=黔03&{Y2025}").content.decode()
    )
    assert 'data-cases-closed="0"' in zunyi


def test_xlsx_has_the_page_numbers_and_is_audited(users: dict[str, Any], paid: Case) -> None:
    r = signed_in(users["high"]).get(f"/command/campaigns/migrant_wages/?court=黔&{Y2025}&format=xlsx")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    summary = list(book.worksheets[0].values)[1]
    assert summary[4:8] == (1, 50000, 30000, 0)
    cases = list(book.worksheets[3].values)
    assert cases[1][0] == "（2025）黔0102执21号"
    assert AuditEntry.objects.filter(action="command.export").exists()


def test_scope_a_basic_court_sees_its_own_figures(users: dict[str, Any], province: dict[str, Case]) -> None:
    basic = signed_in(users["basic"])
    assert basic.get(f"/command/campaigns/migrant_wages/?{Y2025}").status_code == 200
    assert basic.get(f"/command/campaigns/migrant_wages/?court=黔&{Y2025}").status_code == 403
    assert basic.get("/command/campaigns/nonesuch/").status_code == 404
    assert signed_in(users["officer"]).get("/command/campaigns/").status_code == 403
    api = basic.get(f"/api/command/campaigns/migrant_wages?court=黔03&{Y2025}")
    assert api.status_code == 403
    assert api.json()["code"] == "court_out_of_scope"


def test_forms_create_edit_close(users: dict[str, Any], province: dict[str, Case]) -> None:
    high = signed_in(users["high"])
    assert 'id="campaign-new"' in high.get("/command/campaigns/").content.decode()
    assert 'id="campaign-new"' not in signed_in(users["basic"]).get("/command/campaigns/").content.decode()
    form = {
        "code": "small_2025", "name_zh": "小标的·大民生", "name_en": "Small claims 2025", "kind": "small_claims",
        "starts_on": "2025-01-01", "claim_max": "20000",
    }  # fmt: skip
    bad = high.post("/command/campaigns/new/", form | {"claim_min": "30000"})
    assert bad.status_code == 422
    assert "campaign_claim_bounds_invalid" in bad.content.decode()
    assert high.post("/command/campaigns/new/", form).status_code == 302
    html = high.get(f"/command/campaigns/small_2025/?{Y2025}").content.decode()
    assert 'data-cases-closed="2"' in html  # claims 20,000 and 9,000 (not 30,000 and 50,000)
    assert (
        high.post(
            "/command/campaigns/small_2025/edit/", form | {"version": "1", "claim_max": "10000"}
        ).status_code
        == 302
    )
    assert 'data-cases-closed="1"' in high.get(f"/command/campaigns/small_2025/?{Y2025}").content.decode()
    stale = high.post("/command/campaigns/small_2025/edit/", form | {"version": "1"})
    assert stale.status_code == 422
    assert "campaign_version_conflict" in stale.content.decode()
    assert high.post("/command/campaigns/small_2025/close/", {"version": "2"}).status_code == 302
    assert CampaignDefinition.objects.get(code="small_2025").status == "closed"
    assert (
        signed_in(users["basic"]).post("/command/campaigns/new/", form | {"code": "x_y"}).status_code == 403
    )


def test_api_round_trip(users: dict[str, Any], paid: Case) -> None:
    high = signed_in(users["high"])
    body = {"code": "wages_api", "name_zh": "欠薪", "name_en": "Wages", "kind": "migrant_wages",
            "starts_on": "2025-01-01", "ends_on": "2025-12-31", "causes": ["追索劳动报酬纠纷"], "dispute_causes": True}  # fmt: skip
    r = high.post("/api/command/campaigns", body, content_type="application/json")
    assert r.status_code == 201, r.content
    again = high.post("/api/command/campaigns", body, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "campaign_code_taken")
    got = high.get("/api/command/campaigns/wages_api?court=黔").json()
    assert got["summary"]["cases_closed"] == 1
    assert got["summary"]["funds_received"] == "30000.00"
    assert sum(m["cases_closed"] for m in got["by_month"]) == 1
    cases = high.get("/api/command/campaigns/wages_api/cases?court=黔").json()
    assert cases["cases"][0]["funds_received"] == "30000.00"
    put = high.put(
        "/api/command/campaigns/wages_api",
        body | {"version": 1, "courts": ["黔03"]},
        content_type="application/json",
    )
    assert put.json()["version"] == 2
    assert high.get("/api/command/campaigns/wages_api?court=黔").json()["summary"]["cases_closed"] == 0
    assert high.get("/api/command/campaigns/nonesuch").status_code == 404
    listed = {c["code"] for c in high.get("/api/command/campaigns").json()}
    assert {"migrant_wages", "wages_api"} <= listed


def test_overview_links_each_campaign(users: dict[str, Any], province: dict[str, Case]) -> None:
    html = signed_in(users["high"]).get(f"/command/?{Y2025}").content.decode()
    assert 'href="/command/campaigns/migrant_wages/?court=' in html
    assert 'id="campaigns-link"' in html
    assert 'id="reports-link"' in html


def test_an_edited_campaign_shows_at_once_on_the_cached_overview(
    users: dict[str, Any], province: dict[str, Case]
) -> None:
    high = signed_in(users["high"])
    pattern = r'data-campaign="migrant_wages" data-cases-closed="(\d+)"'
    assert re.findall(pattern, high.get(f"/command/?{Y2025}").content.decode()) == ["1"]
    d = CampaignDefinition.objects.get(code="migrant_wages")
    form = {
        "name_zh": d.name_zh, "name_en": d.name_en, "kind": d.kind, "starts_on": "2000-01-01",
        "causes": d.causes, "dispute_causes": "on", "courts": "黔03",
    }  # fmt: skip
    assert high.post("/command/campaigns/migrant_wages/edit/", form | {"version": "1"}).status_code == 302
    assert re.findall(pattern, high.get(f"/command/?{Y2025}").content.decode()) == ["0"]
