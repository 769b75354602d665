"""Huge page numbers: an API list answers 422 ``invalid_input`` naming ``page``, a page of the web
interface its last page — never a 500 (the OFFSET used to overflow both databases' integers)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.inputs.pages import PAGE_MAX

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


@pytest.fixture
def staff(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "clerk": make_user("clerk", roles=("filing_clerk",), court="黔0102"),
        "command": make_user("cmd", roles=("command_operator",), court="黔01"),
    }


def _bearer(user: Any, scopes: list[str]) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize(
    ("method", "path", "scopes"),
    [
        ("get", "/api/cases", ["case:view"]),
        ("post", "/api/cases/search", ["case:view"]),
        ("get", "/api/performance/titles", ["case:view", "performance:track"]),
        ("get", "/api/mediation/organizations", ["mediation:organizations"]),
    ],
)
@pytest.mark.parametrize("page", [HUGE, str(PAGE_MAX + 1), "0", "-1"])
def test_api_lists_refuse_a_page_out_of_range(
    client: Client, staff: dict[str, Any], method: str, path: str, scopes: list[str], page: str
) -> None:
    headers = _bearer(staff["clerk"], scopes)
    if method == "get":
        r = client.get(f"{path}?page={page}", **headers)
    else:
        r = client.post(
            f"{path}?page={page}", {"id_number": "11010519491231002X"}, "application/json", **headers
        )
    assert r.status_code == 422, r.content[:300]
    body = r.json()
    assert body["code"] == "invalid_input"
    assert any("page" in e["loc"] for e in body["details"]["errors"])


def test_api_list_past_the_end_is_empty(client: Client, staff: dict[str, Any]) -> None:
    r = client.get(f"/api/cases?page={PAGE_MAX}", **_bearer(staff["clerk"], ["case:view"]))
    assert r.status_code == 200
    assert r.json()["items"] == []


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("clerk", "/cases/?number=&page={page}"),
        ("clerk", "/performance/?page={page}"),
        ("clerk", "/mediation/organizations/?q=&page={page}"),
        ("command", "/command/courts/黔0102/cases/?measure=pending&page={page}"),
    ],
)
@pytest.mark.parametrize("page", [HUGE, "1e99", "-5", "x"])
def test_pages_answer_the_last_or_first_page(staff: dict[str, Any], user: str, url: str, page: str) -> None:
    client = Client()
    client.force_login(staff[user])
    r = client.get(url.format(page=page))
    assert r.status_code == 200, r.content[:300]


def test_an_offset_list_refuses_an_offset_no_database_holds(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    from zhiyuan.inputs.pages import OFFSET_MAX

    auditor = make_user("auditor", roles=("audit_admin",))
    headers = _bearer(auditor, ["audit:read"])
    r = client.get(f"/api/audit/entries?offset={HUGE}", **headers)
    assert r.status_code == 422, r.content[:300]
    assert r.json()["code"] == "invalid_input"
    assert client.get(f"/api/audit/entries?offset={OFFSET_MAX}", **headers).json() == []


HUGE_ID = str(2**63)  # one past the largest key: SQLite could not even bind it


@pytest.mark.parametrize(
    "path",
    [
        f"/api/disputes/{HUGE_ID}",
        f"/api/parties/{HUGE_ID}/cases",
        f"/api/performance/titles/{HUGE_ID}",
        f"/api/mediation/partner/disputes/{HUGE_ID}",
    ],
)
def test_api_row_ids_beyond_64_bits_are_refused(client: Client, staff: dict[str, Any], path: str) -> None:
    r = client.get(path, **_bearer(staff["clerk"], ["case:view"]))
    assert r.status_code == 422, r.content[:300]
    assert r.json()["code"] == "invalid_input"


@pytest.mark.parametrize(
    "url",
    [
        f"/cases/disputes/{HUGE_ID}/",
        f"/cases/parties/{HUGE_ID}/",
        f"/performance/titles/{HUGE_ID}/",
        f"/mediation/{HUGE_ID}/",
        "/cases/parties/999999999999999999/",  # 18 digits: a key that may exist, looked up (not found)
    ],
)
def test_page_row_ids_beyond_64_bits_are_not_found(staff: dict[str, Any], url: str) -> None:
    client = Client()
    client.force_login(staff["clerk"])
    assert client.get(url).status_code == 404
