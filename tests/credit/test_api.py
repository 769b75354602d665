"""The credit API: proposals, decisions (refused over a token: no second factor), service, deletion, reads,
bad input as problems, scoping, and the OpenAPI description."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.credit.conftest import debtor_id, verified
from zhiyuan.accounts import services as accounts
from zhiyuan.credit import services
from zhiyuan.credit.models import Listing, ListingStatus

pytestmark = pytest.mark.django_db


def _auth(user: Any, *scopes: str) -> dict[str, str]:
    _, raw = accounts.issue_token(
        None, user, "t", list(scopes or ("case:view", "credit:list", "credit:lift"))
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Client, path: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
    return client.post(f"/api/credit{path}", body, content_type="application/json", **auth)


def test_propose_read_serve_delete(client: Client, people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    auth = _auth(people["officer"])
    body = {
        "case_number": case.case_number,
        "party_id": debtor_id(case),
        "grounds": [1],
        "evidence": "拒不履行",
    }
    r = _post(client, "/proposals", body, auth)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert (r.json()["status"], r.json()["proposed_by"]) == ("pending", "王执行")
    president = _auth(people["president"], "case:view", "approval:grant")
    today = timezone.localdate()
    r = _post(client, f"/listings/{pk}/decision", {"grant": True, "decided_on": today.isoformat()}, president)
    assert r.status_code == 403
    assert r.json()["code"] == "second_factor_required"
    services.decide(verified(people["president"]), Listing.objects.get(pk=pk), True, today)
    r = _post(client, f"/listings/{pk}/service", {"served_on": today.isoformat(), "method": "邮寄送达"}, auth)
    assert r.status_code == 200
    assert r.json()["served_on"] == today.isoformat()
    r = client.get("/api/credit/listings", {"case_number": case.case_number}, **auth)
    assert [x["status"] for x in r.json()] == ["published"]
    r = _post(client, f"/listings/{pk}/deletion", {"trigger": "performed", "on": today.isoformat()}, auth)
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["trigger"]) == ("deleted", "performed")
    expected = services.deletion_rule(Listing.objects.get(pk=pk), "performed", today)["delete_by"]
    assert r.json()["delete_by"] == expected
    assert r.json()["deleted_on"] == today.isoformat()


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"grounds": []}, 422, "invalid_input"),
        ({"grounds": [7]}, 422, "invalid_input"),
        ({"grace_months": 4}, 422, "invalid_input"),
        ({"evidence": "x" * 2001}, 422, "invalid_input"),
        ({"obligation": "a\nb"}, 422, "invalid_input"),
        ({"party_id": 999999}, 422, "not_a_debtor"),
        ({"case_number": "（2026）黔0102执999号"}, 404, "case_not_found"),
    ],
)
def test_bad_proposals_are_problems(
    client: Client, people: dict[str, Any], file_case: Any, change: dict[str, Any], status: int, code: str
) -> None:
    case = file_case()
    body = {
        "case_number": case.case_number,
        "party_id": debtor_id(case),
        "grounds": [1],
        "evidence": "e",
        **change,
    }
    r = _post(client, "/proposals", body, _auth(people["officer"]))
    assert r.status_code == status, r.content
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["code"] == code
    assert not Listing.objects.exists()


def test_scope_and_permissions(client: Client, people: dict[str, Any], listed: Any) -> None:
    done = listed((1,))
    other = _auth(people["officer_zunyi"])
    assert client.get(f"/api/credit/listings/{done.pk}", **other).json()["code"] == "listing_not_found"
    r = _post(client, f"/listings/{done.pk}/deletion", {"trigger": "performed", "on": "2026-06-03"}, other)
    assert r.json()["code"] == "listing_not_found"
    read_only = _auth(people["officer"], "case:view")
    r = _post(
        client, f"/listings/{done.pk}/deletion", {"trigger": "performed", "on": "2026-06-03"}, read_only
    )
    assert r.status_code == 403
    done.refresh_from_db()
    assert done.status == ListingStatus.PUBLISHED
    assert client.get(f"/api/credit/listings/{done.pk}").status_code == 401


def test_openapi_describes_the_credit_api(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/credit/proposals", "/api/credit/listings/{pk}/decision", "/api/public/credit"} <= set(paths)
