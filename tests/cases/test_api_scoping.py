"""Reading across scopes through the API (record level) and what a party sees (field level)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.cases.conftest import CREDITOR, DEBTOR
from zhiyuan.accounts import services as accounts
from zhiyuan.cases import services
from zhiyuan.cases.services import PartyIn

pytestmark = pytest.mark.django_db


def token(user, scopes=("case:view",)) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, raw = accounts.issue_token(None, user, "t", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def two_courts(people, judgment_and_enforcement):  # type: ignore[no-untyped-def]
    """A case at 黔0102 (Guiyang) and one at 黔0302 (Zunyi) with other parties."""
    zunyi = services.file_case(
        people["clerk_zunyi"],
        court_code="黔0302",
        type_code="民初",
        filed_on=dt.date(2025, 4, 1),
        parties_in=[PartyIn("王五", "plaintiff"), PartyIn("赵六", "defendant")],
    )
    return judgment_and_enforcement, zunyi


def numbers(client: Client, headers: dict[str, str]) -> set[str]:
    r = client.get("/api/cases", **headers)
    assert r.status_code == 200, r.content
    return {c["case_number"] for c in r.json()["items"]}


def test_record_level_scoping(client: Client, people, two_courts) -> None:
    (trial, enforcement), zunyi = two_courts
    guiyang = {trial.case_number, enforcement.case_number}
    assert numbers(client, token(people["officer"])) == guiyang
    assert numbers(client, token(people["officer_zunyi"])) == {zunyi.case_number}
    assert numbers(client, token(people["mid"])) == guiyang  # 黔01's district holds 黔0102, not 黔0302
    assert numbers(client, token(people["high"])) == guiyang | {zunyi.case_number}
    r = client.get(f"/api/cases/{zunyi.case_number}", **token(people["officer"]))
    assert r.status_code == 404
    r = client.get(f"/api/disputes/{zunyi.dispute_id}", **token(people["officer"]))
    assert r.status_code == 404
    r = client.post(
        f"/api/cases/{zunyi.case_number}/transitions",
        {"name": "close", "on": "2025-06-01", "closing_method": "judgment"},
        content_type="application/json",
        **token(people["officer"]),
    )
    assert r.status_code == 404


def test_a_party_sees_only_their_own_cases_and_only_masked_numbers(
    client: Client, people, two_courts
) -> None:
    (trial, enforcement), zunyi = two_courts
    headers = token(people["debtor"], ("party:own_cases",))
    assert numbers(client, headers) == {trial.case_number, enforcement.case_number}
    body = client.get(f"/api/cases/{enforcement.case_number}", **headers).content.decode()
    assert DEBTOR[1] not in body
    assert CREDITOR[1] not in body
    assert "520102********0014" in body
    assert client.get(f"/api/cases/{zunyi.case_number}", **headers).status_code == 404


def test_administrators_see_no_case_data(client: Client, people, two_courts, make_user) -> None:
    admin = make_user("sys1", roles=("system_admin",))
    r = client.get("/api/cases", **token(admin, ("admin:users",)))
    assert r.status_code == 403


def test_filing_and_moving_through_the_api(client: Client, people) -> None:
    headers = token(people["clerk"], ("case:file", "case:view", "mediation:delegate"))
    r = client.post(
        "/api/cases",
        {
            "court": "黔0102",
            "type_code": "民诉前调",
            "filed_on": "2025-09-05",
            "cause": "物业服务合同纠纷",
            "parties": [{"name": "某物业公司", "side": "plaintiff"}, {"name": "业主甲", "side": "defendant"}],
        },
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content
    case = r.json()
    assert case["case_number"] == "（2025）黔0102民诉前调1号"
    assert case["deadlines"][0]["due"] == "2025-10-09"  # 30 days over the National Day holiday
    assert case["actions"] == []  # the clerk delegates; mediators conduct
    r = client.post(
        f"/api/cases/{case['case_number']}/transitions",
        {"name": "succeed", "on": "2025-09-20", "closing_method": "mediation"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 403
    r = client.post(
        "/api/cases",
        {"court": "黔0302", "type_code": "民初", "filed_on": "2025-09-05"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 403
    assert r.json()["code"] == "court_out_of_scope"


def test_stats_endpoint_is_scoped(client: Client, people, two_courts) -> None:
    officer = client.get("/api/stats", **token(people["officer"])).json()
    high = client.get("/api/stats", **token(people["high"])).json()
    assert (officer["cases"], officer["disputes"]) == (2, 1)
    assert (high["cases"], high["disputes"]) == (3, 2)
    assert high["case_per_dispute"] == 1.5
    assert high["derivative"]["enforcement"] == 1


def test_search_by_identity_number_goes_in_the_body(client: Client, people, two_courts) -> None:
    (trial, enforcement), _ = two_courts
    headers = token(people["high"])
    r = client.post(
        "/api/cases/search", {"id_number": DEBTOR[1].lower()}, content_type="application/json", **headers
    )
    assert {c["case_number"] for c in r.json()["items"]} == {trial.case_number, enforcement.case_number}
    params = client.get("/api/openapi.json").json()["paths"]["/api/cases"]["get"]["parameters"]
    assert "id_number" not in {p["name"] for p in params}
