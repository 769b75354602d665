"""The 执转破 section on each court's page: the other court's officer suspends from their case page, the
receiving court's judge records the ruling from the 破申 case page; scoping of the API (a court sees its own
cases' transfers, the high court the province)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.cases.models import Case
from zhiyuan.enforcement.bankruptcy import services
from zhiyuan.enforcement.models import Transfer, TransferState

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def decided(world: dict[str, Any]) -> Transfer:
    services.record_consent(
        world["officer"],
        world["own"],
        world["debtor"],
        "debtor",
        world["debtor"],
        world["today"],
        "被执行人同意书",
    )
    t = services.propose(
        world["officer"],
        world["own"],
        world["debtor"],
        world["today"],
        unable_to_pay=True,
        insolvent=True,
        basis="资不抵债",
    )
    return services.decide(world["president"], t, world["today"])


def test_the_other_court_suspends_from_its_case_page(world: dict[str, Any], decided: Transfer) -> None:
    other = world["other"]
    client = _client(world["officer_other"])
    page = client.get(reverse("cases:detail", args=[other.case_number])).content.decode()
    assert 'id="bankruptcy-suspend-form"' in page
    assert decided.bankruptcy_case.case_number in page
    response = client.post(
        reverse("enforcement:bankruptcy_suspend", args=[other.case_number]),
        {"on": world["today"].isoformat()},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=other.pk).status == "suspended"
    page = client.get(reverse("cases:detail", args=[other.case_number])).content.decode()
    assert 'id="bankruptcy-suspend-form"' not in page


def test_the_receiving_court_rules_from_the_application_page(
    world: dict[str, Any], decided: Transfer
) -> None:
    filed = decided.bankruptcy_case
    judge = _client(world["judge"])
    page = judge.get(reverse("cases:detail", args=[filed.case_number])).content.decode()
    assert 'id="bankruptcy-outcome-form"' in page
    bad = judge.post(
        reverse("enforcement:bankruptcy_outcome", args=[filed.case_number]),
        {"transfer": decided.pk, "accepted": "0", "on": world["today"].isoformat(), "note": ""},
    )
    assert bad.status_code == 400
    assert Transfer.objects.get(pk=decided.pk).state == TransferState.DECIDED
    done = judge.post(
        reverse("enforcement:bankruptcy_outcome", args=[filed.case_number]),
        {
            "transfer": decided.pk,
            "accepted": "0",
            "on": world["today"].isoformat(),
            "note": "（2026）黔01破申1号",
        },
    )
    assert done.status_code == 302
    assert Transfer.objects.get(pk=decided.pk).state == TransferState.REJECTED
    assert Case.objects.get(pk=world["own"].pk).status == "executing"


def test_api_scoping(world: dict[str, Any], decided: Transfer, make_user: Any) -> None:
    number = world["own"].case_number
    outsider = _client(make_user("bk_officer_x", roles=("enforcement_officer",), court="黔0103"))
    refused = outsider.get("/api/enforcement/bankruptcy/transfers", {"case_number": number})
    assert refused.status_code == 404
    assert refused.json()["code"] == "case_not_found"
    high = _client(make_user("bk_high", roles=("enforcement_officer",), court="黔"))
    [row] = high.get("/api/enforcement/bankruptcy/transfers", {"case_number": number}).json()
    assert row["state"] == "decided"
    assert {c["state"] for c in row["cases"]} == {"suspended", "notified", "closed"}
    [debtor] = high.get("/api/enforcement/bankruptcy/screening").json()
    assert (debtor["consent"], debtor["transfer_state"], debtor["courts"]) == ("debtor", "decided", 3)
    # a judge elsewhere cannot record the ruling through the API either
    other_judge = _client(world["judge_elsewhere"])
    response = other_judge.post(
        "/api/enforcement/bankruptcy/outcomes",
        {"transfer": decided.pk, "accepted": True, "on": world["today"].isoformat(), "note": "受理"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json()["code"] == "transfer_not_found"
