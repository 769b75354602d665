"""The public query: the exact contract, masked numbers, exact matches only, published listings only,
no sign-in, and the per-client limit (429 problem+json) — over the API and on the public page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.credit.conftest import COMPANY, DEBTOR
from zhiyuan.credit import services

pytestmark = pytest.mark.django_db
URL = "/api/public/credit"
KEYS = {"name", "id_masked", "court", "case_number", "obligation", "grounds", "published_on", "until"}


def test_person_query_contract_and_masking(client: Client, listed: Any) -> None:
    done = listed((2, 4))
    r = client.get(URL, {"name": DEBTOR[0], "id": DEBTOR[1]})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"results"}
    [row] = body["results"]
    assert set(row) == KEYS
    assert row == {
        "name": "李四",
        "id_masked": done.id_masked,
        "court": done.court_name,
        "case_number": done.case_number,
        "obligation": "给付人民币80,000.00元",
        "grounds": [2, 4],
        "published_on": "2026-06-01",
        "until": "2028-06-01",
    }
    assert DEBTOR[1] not in r.content.decode()
    assert DEBTOR[1][6:14] not in row["id_masked"]
    assert "*" in row["id_masked"]
    lower = client.get(URL, {"name": DEBTOR[0], "id": DEBTOR[1].lower()})
    assert lower.json() == body


def test_unit_and_case_queries(client: Client, file_case: Any, listed: Any) -> None:
    done = listed((1,), case=file_case(COMPANY))
    by_code = client.get(URL, {"name": COMPANY[0], "id": COMPANY[1]}).json()["results"]
    assert [r["case_number"] for r in by_code] == [done.case_number]
    assert by_code[0]["until"] is None
    by_case = client.get(URL, {"case": done.case_number}).json()["results"]
    assert [r["name"] for r in by_case] == [COMPANY[0]]


def test_no_enumeration(client: Client, listed: Any) -> None:
    listed((1,))
    for params in ({"name": "李四"}, {"id": DEBTOR[1]}, {}):
        r = client.get(URL, params)
        assert r.status_code == 422
        assert r["Content-Type"] == "application/problem+json"
        assert r.json()["code"] == "query_invalid"
    assert client.get(URL, {"name": "李", "id": DEBTOR[1]}).json() == {"results": []}
    assert client.get(URL, {"name": "李四", "id": DEBTOR[1][:-1]}).json() == {"results": []}
    assert client.get(URL, {"name": "李四", "id": "110105194912310021"}).json() == {"results": []}
    assert client.get(URL, {"case": "（2026）黔0102执"}).json() == {"results": []}
    r = client.get(URL, {"name": "李四", "id": DEBTOR[1], "case": "x"})
    assert r.status_code == 422
    r = client.get(URL, {"name": "李\x01四", "id": DEBTOR[1]})
    assert r.status_code == 400
    assert r.json()["code"] == "text_control_character"


def test_unpublished_and_deleted_are_invisible(
    client: Client, people: dict[str, Any], file_case: Any, listed: Any
) -> None:
    case = file_case()
    pending = services.propose(
        people["officer"],
        case,
        services.Proposal(int(case.parties.get(side="defendant").party_id), [1], "x"),
        dt.date(2026, 6, 1),
    )
    params = {"name": DEBTOR[0], "id": DEBTOR[1]}
    assert client.get(URL, params).json() == {"results": []}
    pending.delete()
    in_grace = listed((1,), grace=3)
    assert client.get(URL, params).json() == {"results": []}
    assert client.get(URL, {"case": in_grace.case_number}).json() == {"results": []}
    services.sweep(dt.date(2026, 9, 1))
    assert len(client.get(URL, params).json()["results"]) == 1
    services.delete_on_trigger(
        people["officer"], in_grace, "performed", dt.date(2026, 9, 2), today=dt.date(2026, 9, 2)
    )
    assert client.get(URL, params).json() == {"results": []}


def test_rate_limit_is_a_clear_429(client: Client, settings: Any, listed: Any) -> None:
    settings.ZHIYUAN_CREDIT_QUERY_LIMIT = 3
    for _ in range(3):
        assert client.get(URL, {"case": "（2026）黔0102执1号"}).status_code == 200
    r = client.get(URL, {"case": "（2026）黔0102执1号"})
    assert r.status_code == 429
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == "throttled"
    assert r.json()["message_zh"]
    assert 1 <= int(r["Retry-After"]) <= 60
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.get(URL, {"case": "（2026）黔0102执1号"}).status_code == 200  # per client
    page = client.post("/credit/query", {"case": "（2026）黔0102执1号"})
    assert page.status_code == 429
    assert "Retry-After" in page


def test_public_page(client: Client, listed: Any) -> None:
    done = listed((2,))
    blank = client.get("/credit/query")
    assert blank.status_code == 200
    assert "失信被执行人公开查询" in blank.content.decode()
    page = client.post("/credit/query", {"name": DEBTOR[0], "id": DEBTOR[1]})
    html = page.content.decode()
    assert page.status_code == 200
    assert done.case_number in html
    assert done.id_masked in html
    assert DEBTOR[1] not in html
    only_name = client.post("/credit/query", {"name": DEBTOR[0]})
    assert only_name.status_code == 400
    assert 'id="query-error"' in only_name.content.decode()
    none = client.post("/credit/query", {"case": "（2026）黔0102执999号"})
    assert 'id="query-none"' in none.content.decode()


def test_case_number_with_ascii_brackets(client: Client, listed: Any) -> None:
    done = listed((1,))
    assert done.case_number.startswith("（")
    typed = done.case_number.replace("（", "(").replace("）", ")")
    found = client.get(URL, {"case": f" {typed} "}).json()["results"]
    assert [r["case_number"] for r in found] == [done.case_number]
    page = client.post("/credit/query", {"case": typed})
    assert 'id="query-results"' in page.content.decode()


def test_grounds_in_words_on_the_page(client: Client, listed: Any) -> None:
    listed((2, 4))
    html = client.post("/credit/query", {"name": DEBTOR[0], "id": DEBTOR[1]}).content.decode()
    assert "以伪造证据、暴力、威胁等方法妨碍、抗拒执行" in html
    assert "违反财产报告制度" in html
    assert "<td>2、4</td>" not in html


def test_decision_title_brackets_not_doubled(listed: Any) -> None:
    from zhiyuan.credit import documents

    done = listed((1,))
    text = documents.text_of(documents.decision_docx(done))
    assert done.case_number in text
    assert "（（" not in text
    assert f"（{done.case_number}）" not in text
