"""The partner and workflow lists are paginated (issue 11), not cut silently at 500 or 1,000 rows:
``page`` and ``page_size`` (default 50, at most 100) in, ``{items, count}`` out with ``count`` the total;
an invalid page parameter is a 422 problem. The mediation list page has pages too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.mediation.models import Mediation

from .conftest import delegate_one

pytestmark = pytest.mark.django_db
PARTNER = "/api/mediation/partner/disputes"
WORKFLOW = "/api/mediation/mediations"


@pytest.fixture
def three(staff: dict[str, Any], orgs: dict[str, Any]) -> list[Mediation]:
    """Three disputes delegated to TJ-0102-A on three days (newest first in every list)."""
    made = [delegate_one(staff["clerk"], orgs, on=dt.date(2025, 9, day)) for day in (1, 2, 3)]
    return made[::-1]


def _auth(user: Any, scopes: list[str]) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def callers(staff: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        PARTNER: _auth(staff["partner"], ["partner:handle"]),
        WORKFLOW: _auth(staff["clerk"], ["case:view"]),
    }


@pytest.mark.parametrize("path", [PARTNER, WORKFLOW])
def test_pages_carry_the_total_and_cover_every_row_once(
    path: str, three: list[Mediation], callers: dict[str, dict[str, str]]
) -> None:
    c = Client()
    first = c.get(path, {"page_size": 2}, **callers[path]).json()
    second = c.get(path, {"page_size": 2, "page": 2}, **callers[path]).json()
    past = c.get(path, {"page_size": 2, "page": 3}, **callers[path]).json()
    assert (first["count"], second["count"], past["count"]) == (3, 3, 3)
    assert [d["id"] for d in first["items"] + second["items"]] == [m.pk for m in three]
    assert past["items"] == []
    default = c.get(path, **callers[path]).json()
    assert (len(default["items"]), default["count"]) == (3, 3)


@pytest.mark.parametrize("path", [PARTNER, WORKFLOW])
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "many"}, "page_size"),
    ],
)
def test_an_invalid_page_parameter_is_a_problem(
    path: str, query: dict[str, str], field: str, callers: dict[str, dict[str, str]]
) -> None:
    r = Client().get(path, query, **callers[path])
    assert r.status_code == 422, r.content
    body = r.json()
    assert (body["code"], body["status"]) == ("invalid_input", 422)
    assert {"message_zh", "message_en", "type", "title"} <= set(body)
    assert any(field in e["loc"] for e in body["details"]["errors"])


def test_a_refused_caller_gets_the_problem_not_a_page(staff: dict[str, Any]) -> None:
    r = Client().get(PARTNER, **_auth(staff["clerk"], ["case:view"]))
    assert r.status_code == 403
    assert r.json()["status"] == 403
    assert "items" not in r.json()


def test_the_documented_scheme_is_in_the_openapi_schema(staff: dict[str, Any]) -> None:
    c = Client()
    c.force_login(staff["clerk"])
    spec = c.get("/api/openapi.json").json()
    for path in (PARTNER, WORKFLOW):
        get = spec["paths"][path]["get"]
        names = {p["name"] for p in get["parameters"]}
        assert {"page", "page_size"} <= names
        ok = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert set(spec["components"]["schemas"][ok]["properties"]) == {"items", "count"}
        assert "page_size" in get["description"]


def test_the_list_page_has_pages(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    from zhiyuan.mediation import views

    made = [delegate_one(staff["clerk"], orgs, on=dt.date(2025, 9, 1)) for _ in range(3)]
    c = Client()
    c.force_login(staff["clerk"])
    views.PAGE_SIZE, size = 2, views.PAGE_SIZE
    try:
        one = c.get("/mediation/").content.decode()
        two = c.get("/mediation/", {"page": 2}).content.decode()
    finally:
        views.PAGE_SIZE = size
    numbers = [m.case.case_number for m in made]
    assert sum(n in one for n in numbers) == 2
    assert sum(n in two for n in numbers) == 1
    assert 'id="mediation-pages"' in one
