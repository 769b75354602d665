"""Consumption restriction orders (2015 规定 Art 3, Art 9): against a natural-person debtor, or a unit and its
legal representative; lifting; travel exceptions approved by someone else with a second factor."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.credit.conftest import COMPANY, debtor_id, verified
from zhiyuan.credit import restrictions
from zhiyuan.credit.models import Capacity, ExceptionStatus, RestrictionStatus
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 6, 1)
REP_ID = "520102198501010028"


def test_natural_person_and_unit_with_its_legal_representative(
    people: dict[str, Any], file_case: Any
) -> None:
    person_case = file_case()
    r = restrictions.issue(people["officer"], person_case, debtor_id(person_case), Capacity.DEBTOR, ON)
    assert (r.person_name, r.status) == ("李四", RestrictionStatus.IN_FORCE)
    assert r.person_id_masked
    assert "199003070014" not in r.person_id_masked
    with pytest.raises(LawError) as err:
        restrictions.issue(
            people["officer"], person_case, debtor_id(person_case), Capacity.LEGAL_REPRESENTATIVE, ON, "某人"
        )
    assert err.value.code == "capacity_not_for_person"
    unit_case = file_case(COMPANY)
    unit = restrictions.issue(people["officer"], unit_case, debtor_id(unit_case), Capacity.DEBTOR, ON)
    rep = restrictions.issue(
        people["officer"],
        unit_case,
        debtor_id(unit_case),
        Capacity.LEGAL_REPRESENTATIVE,
        ON,
        "赵法人",
        REP_ID,
    )
    assert unit.person_name == COMPANY[0]
    assert (rep.person_name, rep.capacity) == ("赵法人", "legal_representative")
    assert rep.person_id_hash
    assert REP_ID not in rep.person_id_masked
    with pytest.raises(LawError) as err:
        restrictions.issue(people["officer"], unit_case, debtor_id(unit_case), Capacity.ACTUAL_CONTROLLER, ON)
    assert err.value.code == "person_required"
    with pytest.raises(Denied):
        restrictions.issue(people["judge"], unit_case, debtor_id(unit_case), Capacity.DEBTOR, ON)
    with pytest.raises(Denied):
        restrictions.issue(people["officer_zunyi"], unit_case, debtor_id(unit_case), Capacity.DEBTOR, ON)
    assert len(restrictions.RESTRICTED_CONSUMPTION) == 9


def test_lift_and_travel_exception(people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    r = restrictions.issue(people["officer"], case, debtor_id(case), Capacity.DEBTOR, ON)
    e = restrictions.request_exception(
        people["officer"], r, "赴外地就医（附诊断证明）", dt.date(2026, 6, 10), dt.date(2026, 6, 12)
    )
    with pytest.raises(Denied) as err:
        restrictions.decide_exception(people["president"], e, True, ON)
    assert err.value.code == "second_factor_required"
    granted = restrictions.decide_exception(verified(people["president"]), e, True, ON)
    assert granted.status == ExceptionStatus.GRANTED
    with pytest.raises(LawError) as err:
        restrictions.lift(people["officer"], r, "paid", ON)
    assert err.value.code == "lift_ground_invalid"
    lifted = restrictions.lift(people["officer"], r, "performed", dt.date(2026, 6, 20))
    assert (lifted.status, lifted.lift_ground) == (RestrictionStatus.LIFTED, "performed")
    with pytest.raises(LawError) as err:
        restrictions.lift(people["officer"], r, "consent", dt.date(2026, 6, 21))
    assert err.value.code == "restriction_lifted"


def _token(user: Any, *scopes: str) -> dict[str, str]:
    from zhiyuan.accounts import services as accounts

    _, raw = accounts.issue_token(None, user, "t", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_restrictions_over_the_api(client: Any, people: dict[str, Any], file_case: Any) -> None:
    case = file_case(COMPANY)
    auth = _token(people["officer"], "case:view", "credit:restrict", "credit:lift")
    body = {
        "case_number": case.case_number,
        "party_id": debtor_id(case),
        "capacity": "legal_representative",
        "issued_on": "2026-06-01",
        "person_name": "赵法人",
        "person_id": REP_ID,
    }
    r = client.post("/api/credit/restrictions", body, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert REP_ID not in r.content.decode()
    bad = client.post(
        "/api/credit/restrictions", {**body, "capacity": "friend"}, content_type="application/json", **auth
    )
    assert bad.status_code == 422
    exc = {"purpose": "就医", "travel_from": "2026-06-10", "travel_to": "2026-06-09"}
    r = client.post(f"/api/credit/restrictions/{pk}/exceptions", exc, content_type="application/json", **auth)
    assert r.json()["code"] == "dates_invalid"
    exc["travel_to"] = "2026-06-12"
    r = client.post(f"/api/credit/restrictions/{pk}/exceptions", exc, content_type="application/json", **auth)
    assert r.status_code == 201
    president = _token(people["president"], "case:view", "approval:grant")
    r = client.post(
        f"/api/credit/exceptions/{r.json()['id']}/decision",
        {"grant": True, "decided_on": "2026-06-02"},
        content_type="application/json",
        **president,
    )
    assert r.json()["code"] == "second_factor_required"
    lift = {"ground": "consent", "on": "2026-06-20"}
    r = client.post(f"/api/credit/restrictions/{pk}/lift", lift, content_type="application/json", **auth)
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["lift_ground"]) == ("lifted", "consent")
    listed = client.get("/api/credit/restrictions", {"case_number": case.case_number}, **auth).json()
    assert [x["status"] for x in listed] == ["lifted"]
    assert len(listed[0]["exceptions"]) == 1
    other = _token(people["officer_zunyi"], "case:view", "credit:lift")
    r = client.post(f"/api/credit/restrictions/{pk}/lift", lift, content_type="application/json", **other)
    assert r.json()["code"] == "restriction_not_found"


def test_restrictions_on_the_case_page(people: dict[str, Any], file_case: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    case = file_case()
    officer = Client()
    officer.force_login(people["officer"])
    url = reverse("credit:restrict", args=[case.case_number])
    bad = officer.post(url, {"party_id": debtor_id(case), "capacity": "principal", "issued_on": "2026-06-01"})
    assert bad.status_code == 400
    assert "自然人" in bad.content.decode()
    ok = officer.post(url, {"party_id": debtor_id(case), "capacity": "debtor", "issued_on": "2026-06-01"})
    assert ok.status_code == 302
    page = officer.get(reverse("credit:case", args=[case.case_number])).content.decode()
    assert 'id="restricted-consumption"' in page
    assert "G字头动车组" in page
    r = case.credit_restrictions.get()
    ex = officer.post(
        reverse("credit:exception", args=[r.pk]),
        {"purpose": "探望病危亲属", "travel_from": "2026-06-10", "travel_to": "2026-06-11"},
    )
    assert ex.status_code == 302
    lifted = officer.post(reverse("credit:lift", args=[r.pk]), {"ground": "performed", "on": "2026-06-30"})
    assert lifted.status_code == 302
    r.refresh_from_db()
    assert r.status == RestrictionStatus.LIFTED
