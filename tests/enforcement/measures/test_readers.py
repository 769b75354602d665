"""Viewing a case is not reading its property: a mediator or a trial judge of the same court, who see the
case, get no asset page, no network page, no property sections on the case page, and a refusal from the
property API and the affairs queue's API; the officer gets them all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.accounts import services as accounts

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", sorted(user.permissions))  # all they hold
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def outsiders(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "mediator": make_user("med", roles=("mediator",), court="黔0102"),
        "judge": make_user("judge2", roles=("trial_judge",), court="黔0102"),
    }


def test_only_people_who_handle_enforcement_read_its_property(staff, outsiders, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case, asset_class="deposit", ref="6222-7788-0001")
    asset_page = reverse("enforcement:asset", args=[asset.pk])
    case_page = reverse("cases:detail", args=[case.case_number])
    officer = _client(staff["officer"])
    assert officer.get(asset_page).status_code == 200
    assert "6222-7788-0001" in officer.get(case_page).content.decode()
    assert Client().get("/api/enforcement/measures/calendar", **_api(staff["officer"])).status_code == 200
    for who in outsiders.values():
        client = _client(who)
        assert client.get(asset_page).status_code == 404
        page = client.get(case_page)
        assert page.status_code == 200  # they still see the case
        assert "6222-7788-0001" not in page.content.decode()
        assert client.get(f"/api/enforcement/assets/{asset.pk}", **_api(who)).status_code == 403
        assert client.get("/api/enforcement/measures/calendar", **_api(who)).status_code == 403
        assert client.get("/api/affairs/tasks", **_api(who)).status_code == 403
