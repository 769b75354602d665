"""The partner API: scoped to the organization (others' disputes are 404), idempotent submissions, the
agreement's findings in the answer, and the OpenAPI examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.mediation.models import Mediation, Session

from .conftest import APPLICANT, PAYMENT, RESPONDENT

pytestmark = pytest.mark.django_db
BASE = "/api/mediation/partner/disputes"


def bearer(user: Any, scopes: tuple[str, ...] = ("partner:handle", "mediation:conduct")) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "partner system", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


SESSION = {"held_on": "2025-09-10", "mode": "online", "notes": "视频调解", "attendance": [APPLICANT[0]]}


def test_scope_other_organizations_get_404(mediation: Mediation, staff: dict[str, Any]) -> None:
    c = Client()
    mine, theirs = bearer(staff["partner"]), bearer(staff["partner_b"])
    listed = c.get(BASE, **mine)
    assert listed.status_code == 200
    assert [d["case_number"] for d in listed.json()["items"]] == [mediation.case.case_number]
    assert {(p["ref"], p["name"]) for p in listed.json()["items"][0]["parties"]} == {
        ("A1", APPLICANT[0]),
        ("R1", RESPONDENT[0]),
    }
    assert c.get(BASE, **theirs).json() == {"items": [], "count": 0}
    for method, path, body in [
        ("get", f"{BASE}/{mediation.pk}", None),
        ("post", f"{BASE}/{mediation.pk}/sessions", SESSION),
        ("post", f"{BASE}/{mediation.pk}/agreement", {"items": [PAYMENT]}),
    ]:
        r = getattr(c, method)(path, body, content_type="application/json", **theirs)
        assert r.status_code == 404, r.content
        assert r.json()["code"] == "mediation_not_found"
    assert not Session.objects.exists()
    # a court user's token without partner:handle is refused
    clerk = bearer(staff["clerk"], ("case:view",))
    assert c.get(BASE, **clerk).status_code == 403


def test_idempotent_submissions(mediation: Mediation, staff: dict[str, Any]) -> None:
    c = Client()
    h = {**bearer(staff["partner"]), "HTTP_IDEMPOTENCY_KEY": "s-1"}
    first = c.post(f"{BASE}/{mediation.pk}/sessions", SESSION, content_type="application/json", **h)
    again = c.post(f"{BASE}/{mediation.pk}/sessions", SESSION, content_type="application/json", **h)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Session.objects.count() == 1
    other = c.post(
        f"{BASE}/{mediation.pk}/sessions",
        {**SESSION, "notes": "另一次"},
        content_type="application/json",
        **h,
    )
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_conflict"
    assert Session.objects.count() == 1
    # without a key every submission counts
    plain = bearer(staff["partner"])
    c.post(f"{BASE}/{mediation.pk}/sessions", SESSION, content_type="application/json", **plain)
    assert Session.objects.count() == 2


def test_agreement_outcome_and_confirmation(mediation: Mediation, staff: dict[str, Any]) -> None:
    c = Client()
    h = bearer(staff["partner"])
    bad = {**PAYMENT, "instalments": [{"due": "2025-10-31", "amount": "20000.00"}]}
    r = c.post(f"{BASE}/{mediation.pk}/agreement", {"items": [bad]}, content_type="application/json", **h)
    assert r.status_code == 200
    assert r.json()["executable"] is False
    assert [(f["code"], f["item"]) for f in r.json()["findings"]] == [("instalments_mismatch", 0)]
    refused = c.post(
        f"{BASE}/{mediation.pk}/outcome",
        {"outcome": "succeeded", "on": "2025-09-20"},
        content_type="application/json",
        **h,
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "agreement_not_executable"
    r = c.post(f"{BASE}/{mediation.pk}/agreement", {"items": [PAYMENT]}, content_type="application/json", **h)
    assert r.json()["executable"] is True
    ok = c.post(
        f"{BASE}/{mediation.pk}/outcome",
        {"outcome": "succeeded", "on": "2025-09-20"},
        content_type="application/json",
        **h,
    )
    assert ok.status_code == 200, ok.content
    again = c.post(
        f"{BASE}/{mediation.pk}/outcome",
        {"outcome": "failed", "on": "2025-09-21"},
        content_type="application/json",
        **h,
    )
    assert again.status_code == 409
    assert again.json()["code"] == "mediation_state"
    asked = c.post(
        f"{BASE}/{mediation.pk}/confirmation",
        {"route": "confirmation", "on": "2025-09-22"},
        content_type="application/json",
        **h,
    )
    assert asked.status_code == 201, asked.content
    mediation.refresh_from_db()
    assert mediation.follow_up is not None
    assert asked.json()["case_number"] == mediation.follow_up.case_number
    assert mediation.follow_up.filed_on == dt.date(2025, 9, 22)


def test_openapi_documents_examples_and_the_key(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    post = spec["paths"]["/api/mediation/partner/disputes/{pk}/agreement"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    schemas = spec["components"]["schemas"]
    assert schemas["AgreementIn"]["examples"][0]["items"][0]["type"] == "payment"
    assert schemas["SessionIn"]["examples"]
    assert schemas["AgreementOut"]["examples"][0]["findings"][0]["code"] == "instalments_mismatch"


def test_a_partner_registers_a_dispute_it_received(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    c = Client()
    h = {**bearer(staff["partner"]), "HTTP_IDEMPOTENCY_KEY": "intake-1"}
    body = {
        "applicants": [{"name": APPLICANT[0], "id_number": APPLICANT[1]}],
        "respondents": [{"name": RESPONDENT[0], "id_number": RESPONDENT[1]}],
        "description": "张三借给李四三万元，约定半年归还，到期未还，多次催讨无果。",
        "cause": "民间借贷纠纷",
        "claim_amount": "30000.00",
        "on": "2025-09-01",
    }
    r = c.post(BASE, body, content_type="application/json", **h)
    assert r.status_code == 201, r.content
    again = c.post(BASE, body, content_type="application/json", **h)
    assert again.json() == r.json()
    m = Mediation.objects.get()
    assert m.organization == orgs["tj"]
    assert m.case.court.code == "黔0102"
    assert m.case.type_code == "民诉前调"
    assert m.deadline == dt.date(2025, 10, 9)
    assert r.json()["focus_type"] == m.focus_type != ""
    # a court clerk's token cannot use the partner entry point
    refused = c.post(BASE, body, content_type="application/json", **bearer(staff["clerk"], ("case:view",)))
    assert refused.status_code == 403
    assert Mediation.objects.count() == 1
