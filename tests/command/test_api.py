"""GET /api/command/overview: the page's numbers as JSON, with the same permission and scope rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.governance import selectors as governance

pytestmark = pytest.mark.django_db

URL = "/api/command/overview"


def get(client: Client, user: Any, status: int = 200, **params: str) -> dict[str, Any]:
    client.force_login(user)
    r = client.get(URL, params)
    assert r.status_code == status, r.content
    body: dict[str, Any] = r.json()
    return body


def test_the_overview_of_the_users_district(client: Client, users, province) -> None:
    body = get(client, users["high"])
    assert body["court"]["code"] == "黔"
    assert body["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    report = governance.report(
        court_code="黔", subtree=True, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31)
    )
    assert body["indicators"] == report["indicators"]
    assert body["campaigns"] == report["campaigns"]
    assert [m["month"] for m in body["monthly"]] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert [c["code"] for c in body["tree"]["children"]][:2] == ["黔01", "黔02"]
    assert body["tree"]["intake"] == body["indicators"]["intake"]
    assert body["overdue"]["count"] == 5  # with the imported open 黔0102执91号's notice and time limit


def test_another_court_and_period(client: Client, users, province) -> None:
    body = get(client, users["high"], court="黔01", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert body["court"]["code"] == "黔01"
    assert (body["indicators"]["intake"], body["indicators"]["closed"]) == (2, 0)
    assert body["indicators"]["full_performance_rate"] is None
    assert next(c["code"] for c in body["tree"]["children"]) == "黔0102"


def test_scope_and_permission(client: Client, users, province) -> None:
    body = get(client, users["mid"], 403, court="黔0302")
    assert body["code"] == "court_out_of_scope"
    assert body["message_en"]
    denied = get(Client(), users["officer"], 403)
    assert denied["code"] == "permission_denied"
    assert "command:view" in denied["message_en"]
    assert Client().get(URL).status_code == 401


def test_a_token_needs_the_command_scope(client: Client, users, province) -> None:
    _, raw = accounts.issue_token(None, users["high"], "t", ["case:view"])
    r = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 403
    _, raw = accounts.issue_token(None, users["high"], "t2", ["command:view"])
    r = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 200
    assert r.json()["court"]["code"] == "黔"


def test_bad_periods_are_problems_not_tracebacks(client: Client, users, province) -> None:
    for params in ({"from": "2025-02-30"}, {"from": "2025-06-01", "to": "2025-01-01"}):
        body = get(client, users["high"], 422, **params)
        assert body["code"] == "invalid_period"
