"""The REST API: OpenAPI document, law rules over HTTP with problem+json errors, reference data."""

from __future__ import annotations

import pytest
from django.test import Client

from zhiyuan.courts.services import load_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    load_reference_data()


def test_openapi_document_lists_the_endpoints(client: Client) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/law/{rule}", "/api/courts", "/api/causes"} <= set(doc["paths"])


def test_api_docs_page_renders_without_a_cdn(client: Client) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert "cdn." not in r.content.decode(), "court networks are closed: assets must be served locally"


def test_law_rule_over_http(client: Client, loaded: None) -> None:
    r = client.post("/api/law/casenum", {"text": "（2019）黔0102执47号"}, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["court_name"] == "贵阳市南明区人民法院"


def test_law_error_is_problem_json(client: Client) -> None:
    r = client.post("/api/law/fee", {"kind": "acceptance", "amount": "-5"}, content_type="application/json")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "amount_out_of_range"
    assert body["message_zh"]
    assert body["message_en"]
    assert body["type"] == "urn:zhiyuan:error:amount_out_of_range"


def test_unknown_rule_is_404(client: Client) -> None:
    r = client.post("/api/law/nothing", {}, content_type="application/json")
    assert r.status_code == 404
    assert r.json()["code"] == "unknown_rule"


def test_courts_endpoint_filters_by_parent(client: Client, loaded: None) -> None:
    courts = client.get("/api/courts", {"parent": "黔02"}).json()
    assert {c["code"] for c in courts} == {"黔0201", "黔0203", "黔0221", "黔0222"}
    assert next(c for c in courts if c["code"] == "黔0221")["aliases"] == ["黔0204"]


def test_causes_endpoint(client: Client, loaded: None) -> None:
    body = client.get("/api/causes", {"query": "信用卡", "on": "2024-05-01"}).json()
    assert body["matches"][0]["name"] == "信用卡纠纷"
    assert body["edition"]["id"] == "2020"


def test_home_page_in_both_languages(client: Client, loaded: None) -> None:
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()  # the browser's wish is not enough
    assert "执源治理" in zh
    assert "基层人民法院" in zh
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get("/").content.decode()
    assert "Source governance" in en
    assert "Basic courts" in en
    assert "v0." in en  # the version in the footer


def test_case_types_show_the_enforcement_split(client: Client, loaded: None) -> None:
    rows = client.get("/api/case-types", {"type_class": "enforcement"}).json()
    kinds = {r["type_code"]: r["enforcement_kind"] for r in rows}
    assert kinds == {
        "执": "action",
        "执恢": "action",
        "执保": "action",
        "执异": "review",
        "执复": "review",
        "执监": "review",
        "执协": "review",
        "执他": "review",
    }
