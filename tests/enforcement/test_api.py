"""Triage over HTTP: read, record facts, override; problems with stable codes for bad input, another
court and a missing reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.enforcement.models import Triage

pytestmark = pytest.mark.django_db

SCOPES = ("case:view", "enforcement:handle")


def _auth(user: Any) -> Any:
    _, raw = accounts.issue_token(None, user, "t", list(SCOPES))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Client, path: str, body: dict[str, Any], user: Any) -> Any:
    return client.post(f"/api/enforcement{path}", body, content_type="application/json", **_auth(user))


def test_read_record_and_override(client: Client, file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(50000)
    r = client.get("/api/enforcement/triage", {"case_number": case.case_number}, **_auth(people["officer"]))
    assert r.status_code == 200
    assert (r.json()["track"], r.json()["reasons"][0]["code"]) == ("complex", "no_quick_means")
    r = _post(
        client, "/triage/facts", {"case_number": case.case_number, "salary_monthly": 5000}, people["officer"]
    )
    assert r.status_code == 200
    assert (r.json()["track"], r.json()["reasons"][0]["code"]) == ("simple", "salary_covers_claim")
    assert r.json()["salary_monthly"] == "5000.00"
    body = {"case_number": case.case_number, "track": "complex", "reason": "工资收入不稳定"}
    r = _post(client, "/triage/override", body, people["officer"])
    assert r.status_code == 200
    assert (r.json()["track"], r.json()["rule_track"], r.json()["override_by"]) == (
        "complex",
        "simple",
        "王执行",
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"frozen_amount": "-1"}, "amount_out_of_range"),
        ({"deducted_amount": "1e20"}, "amount_out_of_range"),
        ({"salary_monthly": "0.001"}, "amount_precision"),
    ],
)
def test_bad_facts_are_problems(
    client: Client,
    file_enforcement: Any,
    people: dict[str, Any],
    body: dict[str, Any],
    code: str,
) -> None:
    case = file_enforcement(8000)
    r = _post(client, "/triage/facts", {"case_number": case.case_number, **body}, people["officer"])
    assert r.status_code in (400, 422)
    assert code in r.content.decode()
    assert Triage.objects.get(case=case).frozen_amount == 0


def test_missing_reason_and_other_court(
    client: Client, file_enforcement: Any, people: dict[str, Any]
) -> None:
    case = file_enforcement(8000)
    r = _post(
        client,
        "/triage/override",
        {"case_number": case.case_number, "track": "complex", "reason": " "},
        people["officer"],
    )
    assert r.status_code in (400, 422)
    assert "override_reason_required" in r.content.decode()
    r = _post(
        client,
        "/triage/override",
        {"case_number": case.case_number, "track": "complex", "reason": "x"},
        people["officer_zunyi"],
    )
    assert r.status_code == 404
    assert r.json()["code"] == "case_not_found"
    assert Triage.objects.get(case=case).track == "simple"
