"""The funds API: a receipt and its replay, a key reused with another body, a missing key, bad amounts,
a disbursement requested, approved from a verified session (a token is refused) and paid, the account
and the overdue list; problems with stable codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts import services as accounts
from zhiyuan.funds.models import Posting

from .conftest import creditor, key

pytestmark = pytest.mark.django_db
ON = "2026-11-10"


def _auth(user: Any, *scopes: str, k: str | None = None) -> dict[str, str]:
    _, raw = accounts.issue_token(
        None, user, "t", list(scopes or ("case:view", "funds:view", "funds:receive", "funds:disburse"))
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if k is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = k
    return headers


def _post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(f"/api/funds{path}", body, content_type="application/json", **headers)


def test_receipt_replay_and_reuse(client: Client, people: dict[str, Any], file_enforcement: Any) -> None:
    case = file_enforcement()
    k = key()
    body = {
        "case_number": case.case_number,
        "kind": "voluntary",
        "amount": "1200.50",
        "on": ON,
        "counterparty": "李四",
    }
    first = _post(client, "/receipts", body, _auth(people["officer"], k=k))
    assert first.status_code == 201, first.content
    assert first.json()["amount"] == "1200.50"
    assert "Idempotent-Replayed" not in first
    assert sorted(e["account"] for e in first.json()["entries"]) == ["case", "clearing"]
    again = _post(client, "/receipts", body, _auth(people["officer"], k=k))
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    other = _post(client, "/receipts", {**body, "amount": "1200.51"}, _auth(people["officer"], k=k))
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency_key_reused"
    missing = _post(client, "/receipts", body, _auth(people["officer"]))
    assert (missing.status_code, missing.json()["code"]) == (422, "idempotency_key_required")
    assert Posting.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [({"amount": "-5"}, "invalid_input"), ({"amount": "1.234"}, "invalid_input"),
     ({"amount": "99999999999999"}, "invalid_input"), ({"kind": "gift"}, "invalid_input"),
     ({"on": "2099-01-01"}, "date_in_future"), ({"case_number": "（2026）黔0102执9999号"}, "case_not_found")],
)  # fmt: skip
def test_bad_receipts_are_problems(
    client: Client, people: dict[str, Any], file_enforcement: Any, change, code
) -> None:
    case = file_enforcement()
    body = {"case_number": case.case_number, "kind": "voluntary", "amount": "10", "on": ON, **change}
    r = _post(client, "/receipts", body, _auth(people["officer"], k=key()))
    assert r.json()["code"] == code
    assert r.status_code in (404, 422)
    assert not Posting.objects.exists()


def test_disbursement_over_the_api(client: Client, people: dict[str, Any], file_enforcement: Any) -> None:
    case = file_enforcement()
    officer = _auth(people["officer"], k=key())
    _post(
        client,
        "/receipts",
        {"case_number": case.case_number, "kind": "deduction", "amount": "5000", "on": ON},
        officer,
    )
    r = _post(
        client,
        "/disbursements",
        {"case_number": case.case_number, "party_id": creditor(case), "amount": "3000", "on": ON},
        officer,
    )
    assert r.status_code == 201
    assert r.json()["status"] == "pending"
    assert r.json()["grade"] == 1
    pk = r.json()["id"]
    token = _post(
        client, f"/disbursements/{pk}/approval", {}, _auth(people["head"], "case:view", "approval:grant")
    )
    assert (token.status_code, token.json()["code"]) == (403, "second_factor_required")
    session = Client()
    session.force_login(people["head"])
    device = TOTPDevice.objects.create(user=people["head"], name="phone", confirmed=True)
    s = session.session
    s["otp_device_id"] = device.persistent_id
    s.save()
    csrf = session.get(f"/funds/{case.case_number}/")
    assert csrf.status_code == 200
    ok = session.post(f"/api/funds/disbursements/{pk}/approval", {}, content_type="application/json",
                      HTTP_X_CSRFTOKEN=session.cookies["csrftoken"].value)  # fmt: skip
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "approved"
    assert ok.json()["approvals"][0]["approver"] == "刘庭长"
    k = key()
    paid = _post(client, f"/disbursements/{pk}/payment", {"on": ON}, _auth(people["officer2"], k=k))
    assert paid.status_code == 201
    assert paid.json()["kind"] == "disbursement"
    replay = _post(client, f"/disbursements/{pk}/payment", {"on": ON}, _auth(people["officer2"], k=k))
    assert replay.json()["id"] == paid.json()["id"]
    assert replay["Idempotent-Replayed"] == "true"
    account = client.get("/api/funds/accounts", {"case_number": case.case_number}, **_auth(people["officer"]))
    assert account.json()["balance"] == "2000.00"
    assert [d["status"] for d in account.json()["disbursements"]] == ["paid"]
    outside = client.get(
        "/api/funds/accounts", {"case_number": case.case_number}, **_auth(people["officer_zunyi"])
    )
    assert (outside.status_code, outside.json()["code"]) == (404, "case_not_found")
    gone = _post(client, f"/disbursements/{pk}/payment", {"on": ON}, _auth(people["officer_zunyi"], k=key()))
    assert (gone.status_code, gone.json()["code"]) == (404, "disbursement_not_found")


def test_overdue_list(client: Client, people: dict[str, Any], file_enforcement: Any) -> None:
    case = file_enforcement()
    _post(client, "/receipts", {"case_number": case.case_number, "kind": "voluntary", "amount": "10", "on": "2026-11-02"},
          _auth(people["officer"], k=key()))  # fmt: skip
    r = client.get("/api/funds/overdue", **_auth(people["officer"]))
    due = dt.date(2026, 12, 2)
    rows = r.json()
    expected = [
        {
            "case_number": case.case_number,
            "received_on": "2026-11-02",
            "due": due.isoformat(),
            "outstanding": "10.00",
        }
    ]
    assert rows == (expected if dt.date.today() > due else [])
