"""Transfers and the Art 13 allocation over HTTP: the trial judge transfers (201), reads it by either
number; a second transfer is a 409 problem; the officer proposes the allocation, an approver with a
second factor approves it in a session, the officer asks for the treasury's row."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts import services as accounts
from zhiyuan.funds import services as funds

pytestmark = pytest.mark.django_db
BODY: dict[str, Any] = {
    "effective_on": "2026-09-01",
    "transferred_on": "2026-09-08",
    "items": [
        {"kind": "fine", "amount": "20000"},
        {
            "kind": "restitution",
            "amount": "50000",
            "victim": {"name": "张三", "id_number": "11010519491231002X"},
        },
    ],
    "seized": [
        {
            "asset_class": "vehicle",
            "description": "贵A12345小型轿车",
            "measure": "seizure",
            "starts_on": "2026-02-01",
        }
    ],
}


def _auth(user: Any, *scopes: str) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_transfer_read_and_refuse_twice(client: Client, people: dict[str, Any], file_criminal: Any) -> None:
    criminal = file_criminal()
    judge = _auth(people["judge"], "case:view", "trial:transfer")
    body = {**BODY, "case_number": criminal.case_number}
    r = client.post("/api/enforcement/criminal/transfers", body, content_type="application/json", **judge)
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["criminal_case_number"] == criminal.case_number
    assert out["total"] == "70000.00"
    assert [(i["kind"], i["victim"]) for i in out["items"]] == [("fine", ""), ("restitution", "张三")]
    assert out["seized"][0]["measure_kind"] == "seizure"
    officer = _auth(people["officer"], "case:view", "enforcement:handle")
    read = client.get(
        "/api/enforcement/criminal/transfers", {"case_number": out["enforcement_case_number"]}, **officer
    )
    assert read.status_code == 200
    assert read.json()["criminal_case_number"] == criminal.case_number
    again = client.post("/api/enforcement/criminal/transfers", body, content_type="application/json", **judge)
    assert (again.status_code, again.json()["code"]) == (409, "already_transferred")
    by_officer = client.post(
        "/api/enforcement/criminal/transfers", body, content_type="application/json", **officer
    )
    assert by_officer.status_code == 403
    missing = client.get(
        "/api/enforcement/criminal/transfers", {"case_number": "（2026）黔0102刑初999号"}, **officer
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "case_not_found")


def test_a_bad_item_is_a_problem_with_its_code(
    client: Client, people: dict[str, Any], file_criminal: Any
) -> None:
    criminal = file_criminal()
    judge = _auth(people["judge"], "case:view", "trial:transfer")
    body = {**BODY, "case_number": criminal.case_number, "items": [{"kind": "restitution", "amount": "5"}]}
    r = client.post("/api/enforcement/criminal/transfers", body, content_type="application/json", **judge)
    assert (r.status_code, r.json()["code"]) == (422, "victim_required")


def test_allocation_over_http(client: Client, people: dict[str, Any], file_criminal: Any) -> None:
    criminal = file_criminal()
    judge = _auth(people["judge"], "case:view", "trial:transfer")
    number = client.post(
        "/api/enforcement/criminal/transfers", {**BODY, "case_number": criminal.case_number},
        content_type="application/json", **judge,
    ).json()["enforcement_case_number"]  # fmt: skip
    from zhiyuan.cases.models import Case

    case = Case.objects.get(case_number=number)
    funds.post_receipt(
        people["officer"],
        case,
        kind="voluntary",
        amount="60000",
        on=dt.date(2026, 10, 9),
        key=str(uuid.uuid4()),
    )
    officer = _auth(people["officer"], "case:view", "funds:view", "funds:disburse")
    made = client.post(
        "/api/funds/criminal/allocations", {"case_number": number, "on": "2026-10-09"},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert made.status_code == 201, made.content
    rows = made.json()["rows"]
    assert [(r["item_kind"], r["allocated"]) for r in rows] == [
        ("fine", "10000.00"),
        ("restitution", "50000.00"),
    ]
    pk = made.json()["id"]
    token = client.post(
        f"/api/funds/criminal/allocations/{pk}/approval", {}, content_type="application/json",
        **_auth(people["head"], "case:view", "approval:grant"),
    )  # fmt: skip
    assert (token.status_code, token.json()["code"]) == (403, "second_factor_required")
    session = Client()
    session.force_login(people["head"])
    device = TOTPDevice.objects.create(user=people["head"], name="phone", confirmed=True)
    s = session.session
    s["otp_device_id"] = device.persistent_id
    s.save()
    session.get(f"/funds/{number}/")
    ok = session.post(f"/api/funds/criminal/allocations/{pk}/approval", {}, content_type="application/json",
                      HTTP_X_CSRFTOKEN=session.cookies["csrftoken"].value)  # fmt: skip
    assert ok.status_code == 200
    assert ok.json()["status"] == "approved"
    paid = client.post(
        f"/api/funds/criminal/allocations/{pk}/payments", {"claim_id": rows[0]["id"], "on": "2026-10-09"},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert paid.status_code == 201, paid.content
    assert (paid.json()["payee_kind"], paid.json()["amount"]) == ("treasury", "10000.00")
    account = client.get("/api/funds/accounts", {"case_number": number}, **officer).json()
    assert account["disbursements"][0]["payee_kind"] == "treasury"
    assert account["disbursements"][0]["party_id"] is None
    listed = client.get("/api/funds/criminal/allocations", {"case_number": number}, **officer)
    assert listed.status_code == 200
    assert listed.json()[0]["status"] == "approved"
    other = client.post(
        "/api/funds/criminal/allocations/99999/approval", {}, content_type="application/json", **officer
    )
    assert (other.status_code, other.json()["code"]) == (404, "allocation_not_found")
