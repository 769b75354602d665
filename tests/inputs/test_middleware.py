"""Control characters are refused before any view runs: 400 ``text_control_character`` (problem+json under
/api/, a bilingual page elsewhere), signed in or not. A NUL in a query parameter used to reach
PostgreSQL, which cannot hold it, and the anonymous caller got a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _refused(r, where: str) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == 400, r.content[:300]
    body = r.json()
    assert body["code"] == "text_control_character"
    assert body["status"] == 400
    assert body["message_zh"]
    assert body["message_en"]
    assert body["details"]["where"] == where
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/courts?level=%00",
        "/api/courts?parent=a%00b",
        "/api/case-types?type_class=%00",
        "/api/causes?on=2024-01-01&query=%00",
        "/api/courts?level=a%0Ab",  # a query parameter is one line
        "/api/courts?level=%1B",
        "/api/courts?level=%C2%85",  # C1 control (NEL)
        "/api/courts?le%00vel=x",
    ],
)
def test_query_string_refused_without_signing_in(client: Client, reference_data: None, url: str) -> None:
    body = _refused(client.get(url), "query")
    assert body["details"]["character"].startswith("U+")


def test_the_name_of_the_field_is_given_not_its_value(client: Client, reference_data: None) -> None:
    body = _refused(client.get("/api/courts?parent=secret%00value"), "query")
    assert body["details"] == {"field": "parent", "position": 7, "character": "U+0000", "where": "query"}
    assert "secret" not in json.dumps(body, ensure_ascii=False)


def test_path_refused(client: Client, reference_data: None) -> None:
    _refused(client.get("/api/performance/verify/%00"), "path")
    r = client.get("/cases/%00/")
    assert r.status_code == 400
    assert b"text_control_character" in r.content


def test_pages_answer_a_bilingual_page(client: Client) -> None:
    r = client.get("/accounts/login/?next=%00")
    assert r.status_code == 400
    assert r["Content-Type"].startswith("text/html")
    text = r.content.decode()
    assert "控制字符" in text
    assert "control character" in text
    assert "text_control_character" in text


def test_form_fields(client: Client) -> None:
    r = client.post("/accounts/login/", {"username": "a\x00", "password": "x"})
    assert r.status_code == 400
    # line breaks may be typed into a textarea: the form itself decides for its one-line fields
    r = client.post("/accounts/login/", {"username": "a\r\nb", "password": "x"})
    assert r.status_code != 400


def test_multipart_form_fields(client: Client) -> None:
    r = client.post("/api/cases/import", {"skip_invalid": "\x00"})
    assert r.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"text": "a\u0000b"},
        {"text": ["ok", {"deep": "\u001b"}]},
        {"te\u0000xt": "ok"},
        {"text": "\ud800"},  # a lone surrogate: not text
    ],
)
def test_json_bodies(client: Client, body: object) -> None:
    raw = json.dumps(body)
    _refused(client.post("/api/law/casenum", raw, content_type="application/json"), "json")
    # the API parses a body as JSON whatever its declared type
    _refused(client.post("/api/law/casenum", raw, content_type="text/plain"), "json")


def test_json_line_breaks_pass_to_the_schema(client: Client) -> None:
    r = client.post("/api/law/casenum", {"text": "（2019）黔0102执47号\n"}, content_type="application/json")
    assert r.status_code != 400


def test_malformed_json_is_left_to_the_api(client: Client) -> None:
    r = client.post("/api/law/casenum", "{not json", content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "bad_request"


def test_ordinary_requests_pass(client: Client, reference_data: None) -> None:
    assert client.get("/api/courts?level=basic&parent=黔01").status_code == 200
    assert client.get("/accounts/login/?next=/cases/%3Fq%3D%E5%BC%A0").status_code == 200
