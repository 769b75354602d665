"""Measures and property over HTTP: the walk from asset to auction, batch renewal with a failing item, the
calendar, bad input and scope as problems with stable codes, and the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zhiyuan.accounts import services as accounts
from zhiyuan.enforcement.models import Measure

pytestmark = pytest.mark.django_db
SCOPES = ("case:view", "enforcement:measure")


def _auth(user: Any) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", list(SCOPES))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client: Client, path: str, body: dict[str, Any], user: Any) -> Any:
    return client.post(f"/api/enforcement{path}", body, content_type="application/json", **_auth(user))


def test_asset_measure_valuation_auction(client: Client, staff, file_case) -> None:
    case = file_case()
    officer = staff["officer"]
    r = _post(
        client,
        "/assets",
        {
            "case_number": case.case_number,
            "asset_class": "real_estate",
            "description": "住宅一套",
            "register_ref": "R1",
        },
        officer,
    )
    assert r.status_code == 200, r.content
    asset_id = r.json()["id"]
    r = _post(
        client,
        "/measures",
        {"case_number": case.case_number, "asset_id": asset_id, "kind": "seal", "on": "2026-02-01"},
        officer,
    )
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["ends_on"], r.json()["rule"]) == (
        "active",
        "2029-02-01",
        "real_estate_seal",
    )
    r = _post(
        client,
        f"/assets/{asset_id}/valuations",
        {"method": "appraisal", "price": "100000", "valued_on": "2026-03-01"},
        officer,
    )
    assert r.status_code == 200
    assert r.json()["status"] == "valuing"
    r = _post(
        client,
        f"/assets/{asset_id}/auctions",
        {"reserve": "69999.99", "announced_on": "2026-03-02", "auction_on": "2026-04-10"},
        officer,
    )
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert r.json()["code"] == "auction_reserve_too_low"
    r = _post(
        client,
        f"/assets/{asset_id}/auctions",
        {"reserve": "70000", "announced_on": "2026-03-02", "auction_on": "2026-04-10"},
        officer,
    )
    assert r.status_code == 200
    assert r.json()["min_reserve"] == "70000.00"
    r = client.get(f"/api/enforcement/assets/{asset_id}", **_auth(officer))
    assert r.status_code == 200
    assert r.json()["status"] == "in_auction"
    assert len(r.json()["measures"]) == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "seal", "on": "2026-02-30"}, 422, None),
        ({"kind": "nuke", "on": "2026-02-01"}, 422, None),
        ({"kind": "freeze", "on": "2026-02-01", "amount": "-5"}, 422, None),
        ({"kind": "seal", "on": "2099-01-01"}, 422, "date_in_future"),
    ],
)
def test_bad_input_is_a_problem(client: Client, staff, file_case, add_asset, body, status, code) -> None:
    case = file_case()
    asset = add_asset(case)
    r = _post(
        client, "/measures", {"case_number": case.case_number, "asset_id": asset.pk, **body}, staff["officer"]
    )
    assert r.status_code == status
    assert r["Content-Type"].startswith("application/problem+json")
    if code:
        assert r.json()["code"] == code
    assert not Measure.objects.exists()


def test_scope_and_batch_and_calendar(client: Client, staff, file_case, add_asset) -> None:
    from zhiyuan.enforcement.measures import services

    today = timezone.localdate()
    case = file_case(filed_on=today - dt.timedelta(days=800))
    year_ago = today.replace(year=today.year - 1, day=min(today.day, 28)) + dt.timedelta(days=10)
    ok = services.take_measure(
        staff["officer"], case, asset=add_asset(case, "deposit", "A1"), kind="freeze", on=year_ago, amount="5"
    )
    sealed = services.take_measure(
        staff["officer"], case, asset=add_asset(case, "real_estate", "R9"), kind="seal", on=year_ago
    )
    r = _post(client, f"/measures/{ok.pk}/renew", {"on": "2026-03-01"}, staff["officer_zy"])
    assert (r.status_code, r.json()["code"]) == (404, "measure_not_found")
    r = client.get("/api/enforcement/measures/calendar", {"within": 400}, **_auth(staff["officer"]))
    assert (r.status_code, r.json()["code"]) == (422, "within_invalid")
    r = client.get("/api/enforcement/measures/calendar", {"within": 60}, **_auth(staff["officer"]))
    assert [m["id"] for m in r.json()] == [
        ok.pk
    ]  # the deposit ends in about ten days, the house in two years
    r = client.get("/api/enforcement/measures/calendar", {"within": 3}, **_auth(staff["officer"]))
    assert r.json() == []
    body = {"measure_ids": [ok.pk, sealed.pk, 424242], "on": today.isoformat()}
    r = _post(client, "/measures/renew-batch", body, staff["officer"])
    assert r.status_code == 200
    assert [(i["measure_id"], i["ok"], i["code"]) for i in r.json()] == [
        (ok.pk, True, ""),
        (sealed.pk, True, ""),
        (424242, False, "measure_not_found"),
    ]


def test_openapi_lists_the_paths(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in (
        "/api/enforcement/measures",
        "/api/enforcement/measures/calendar",
        "/api/enforcement/assets/{asset_id}/auctions",
    ):
        assert p in paths
