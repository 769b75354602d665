"""Consumption restriction orders (2015 规定 Art 3, Art 9): against a natural-person debtor, or a unit and its
legal representative; lifting; travel exceptions approved by someone else with a second factor."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.credit.conftest import COMPANY, debtor_id, verified
from zhiyuan.credit import restrictions, selectors
from zhiyuan.credit.models import Capacity, ExceptionStatus, FeedEvent, Restriction, RestrictionStatus
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 6, 1)
REP_ID = "520102198501010028"


def test_natural_person_and_unit_with_its_legal_representative(
    people: dict[str, Any], file_case: Any, restricted: Any
) -> None:
    person_case = file_case()
    r = restricted(person_case)
    assert (r.person_name, r.status, r.issued_by_name) == ("李四", RestrictionStatus.IN_FORCE, "刘院长")
    assert r.person_id_masked
    assert "199003070014" not in r.person_id_masked
    with pytest.raises(LawError) as err:
        restrictions.propose(
            people["officer"], person_case, debtor_id(person_case), Capacity.LEGAL_REPRESENTATIVE, ON, "某人"
        )
    assert err.value.code == "capacity_not_for_person"
    unit_case = file_case(COMPANY)
    unit = restricted(unit_case)
    rep = restricted(unit_case, Capacity.LEGAL_REPRESENTATIVE, ON, "赵法人", REP_ID)
    assert unit.person_name == COMPANY[0]
    assert (rep.person_name, rep.capacity, rep.status) == ("赵法人", "legal_representative", "in_force")
    assert rep.person_id_hash
    assert REP_ID not in rep.person_id_masked
    with pytest.raises(LawError) as err:
        restrictions.propose(
            people["officer"], unit_case, debtor_id(unit_case), Capacity.ACTUAL_CONTROLLER, ON
        )
    assert err.value.code == "person_required"
    with pytest.raises(Denied):
        restrictions.propose(people["judge"], unit_case, debtor_id(unit_case), Capacity.DEBTOR, ON)
    with pytest.raises(Denied):
        restrictions.propose(people["officer_zunyi"], unit_case, debtor_id(unit_case), Capacity.DEBTOR, ON)
    assert len(restrictions.RESTRICTED_CONSUMPTION) == 9


def test_an_order_is_in_force_only_once_the_president_of_its_court_signs_it(
    people: dict[str, Any], file_case: Any
) -> None:
    """限制消费令由院长签发: the officer's proposal binds no one until an approver of the case's court — never
    the proposer, always with a second factor — signs it; only then are the agencies told."""
    case = file_case()
    both = people["both"]  # an officer who is also an approver may propose, not sign his own proposal
    order = restrictions.propose(both, case, debtor_id(case), Capacity.DEBTOR, ON)
    assert (order.status, order.proposed_by_id, order.issued_on) == (
        RestrictionStatus.PROPOSED,
        both.pk,
        None,
    )
    assert not FeedEvent.objects.filter(restriction=order).exists()
    assert not selectors.restrictions_in_force_of(case).exists()
    assert list(selectors.to_sign(people["president"])) == [order]
    assert list(selectors.to_sign(both)) == []
    assert list(selectors.to_sign(people["president_zunyi"])) == []  # another court's
    with pytest.raises(LawError) as err:
        restrictions.lift(people["officer"], order, "performed", ON)
    assert err.value.code == "restriction_not_in_force"
    with pytest.raises(LawError) as err:
        restrictions.request_exception(people["officer"], order, "就医", ON, ON)
    assert err.value.code == "restriction_not_in_force"
    refusals = {
        "self_approval": verified(both),
        "second_factor_required": people["president"],
        "approver_not_of_case_court": verified(people["president_zunyi"]),
    }
    for code, who in refusals.items():
        with pytest.raises(LawError) as err:
            restrictions.decide(who, order, True, ON)
        assert err.value.code == code
    with pytest.raises(LawError) as err:
        restrictions.decide(verified(people["president"]), order, True, ON - dt.timedelta(days=1))
    assert err.value.code == "decided_before_proposal"
    signed = restrictions.decide(verified(people["president"]), order, True, ON + dt.timedelta(days=1))
    assert (signed.status, signed.issued_on, signed.issued_by_name) == (
        "in_force",
        ON + dt.timedelta(days=1),
        "刘院长",
    )
    assert FeedEvent.objects.filter(restriction=order, kind="restricted").count() == 1
    assert list(selectors.restrictions_in_force_of(case)) == [signed]
    with pytest.raises(LawError) as err:
        restrictions.decide(verified(people["president"]), order, False, ON + dt.timedelta(days=1))
    assert err.value.code == "restriction_decided"
    refused = restrictions.decide(
        verified(people["president"]),
        restrictions.propose(people["officer"], case, debtor_id(case), "debtor", ON),
        False,
        ON,
    )
    assert (refused.status, refused.issued_on) == (RestrictionStatus.REFUSED, None)
    nodes = list(
        case.nodes.filter(node__startswith="credit_restrict").order_by("pk").values_list("node", flat=True)
    )
    assert nodes == [
        "credit_restriction_proposed",
        "credit_restricted",  # the case's log dates it at the signing, not the proposal
        "credit_restriction_proposed",
        "credit_restriction_refused",
    ]
    assert case.nodes.get(node="credit_restricted").on == ON + dt.timedelta(days=1)
    assert not FeedEvent.objects.filter(restriction=refused).exists()
    assert list(selectors.to_sign(people["president"])) == []


def test_lift_and_travel_exception(people: dict[str, Any], file_case: Any, restricted: Any) -> None:
    case = file_case()
    r = restricted(case)
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
    r = client.post("/api/credit/restrictions", body, content_type="application/json", **auth)  # issued_on:
    assert r.status_code == 201, r.content  # the proposal date's earlier name, still read
    pk = r.json()["id"]
    assert REP_ID not in r.content.decode()
    assert (r.json()["status"], r.json()["proposed_on"], r.json()["issued_on"]) == (
        "proposed",
        "2026-06-01",
        None,
    )
    bad = client.post(
        "/api/credit/restrictions", {**body, "capacity": "friend"}, content_type="application/json", **auth
    )
    assert bad.status_code == 422
    exc = {"purpose": "就医", "travel_from": "2026-06-10", "travel_to": "2026-06-12"}
    r = client.post(f"/api/credit/restrictions/{pk}/exceptions", exc, content_type="application/json", **auth)
    assert r.json()["code"] == "restriction_not_in_force"
    sign = {"sign": True, "decided_on": "2026-06-02"}
    president = _token(people["president"], "case:view", "approval:grant")
    r = client.post(f"/api/credit/restrictions/{pk}/decision", sign, content_type="application/json", **auth)
    assert r.status_code == 403  # the officer may not sign
    r = client.post(
        f"/api/credit/restrictions/{pk}/decision", sign, content_type="application/json", **president
    )
    assert r.json()["code"] == "second_factor_required"  # a token carries no second factor
    restrictions.decide(
        verified(people["president"]), Restriction.objects.get(pk=pk), True, dt.date(2026, 6, 2)
    )
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
    assert [(x["status"], x["issued_by"], x["issued_on"]) for x in listed] == [
        ("lifted", "刘院长", "2026-06-02")
    ]
    assert len(listed[0]["exceptions"]) == 1
    other = _token(people["officer_zunyi"], "case:view", "credit:lift")
    r = client.post(f"/api/credit/restrictions/{pk}/lift", lift, content_type="application/json", **other)
    assert r.json()["code"] == "restriction_not_found"


def test_restrictions_on_the_case_page(people: dict[str, Any], file_case: Any) -> None:
    from django.urls import reverse

    from tests.credit.test_pages import _client

    case = file_case()
    officer = _client(people["officer"])
    url = reverse("credit:restrict", args=[case.case_number])
    bad = officer.post(
        url, {"party_id": debtor_id(case), "capacity": "principal", "proposed_on": "2026-06-01"}
    )
    assert bad.status_code == 400
    assert "自然人" in bad.content.decode()
    ok = officer.post(url, {"party_id": debtor_id(case), "capacity": "debtor", "proposed_on": "2026-06-01"})
    assert ok.status_code == 302
    page = officer.get(reverse("credit:case", args=[case.case_number])).content.decode()
    assert 'id="restricted-consumption"' in page
    assert "G字头动车组" in page
    r = case.credit_restrictions.get()
    assert f'id="sign-{r.pk}"' not in page  # the officer signs nothing
    assert f'id="lift-{r.pk}"' not in page  # and a proposal has nothing to lift
    president = _client(people["president"], verified=True)
    assert "限制消费令待签发" in president.get("/").content.decode()
    queue = president.get(reverse("credit:approvals")).content.decode()
    assert f"#restriction-{r.pk}" in queue
    sign = reverse("credit:sign", args=[r.pk])
    assert officer.post(sign, {"sign": "1", "decided_on": "2026-06-02"}).status_code == 403
    early = president.post(sign, {"sign": "1", "decided_on": "2026-05-31"})
    assert early.status_code == 400
    assert "签发日期不能早于提请日期" in early.content.decode()
    assert president.post(sign, {"sign": "1", "decided_on": "2026-06-02"}).status_code == 302
    r.refresh_from_db()
    assert (r.status, r.issued_on) == (RestrictionStatus.IN_FORCE, dt.date(2026, 6, 2))
    ex = officer.post(
        reverse("credit:exception", args=[r.pk]),
        {"purpose": "探望病危亲属", "travel_from": "2026-06-10", "travel_to": "2026-06-11"},
    )
    assert ex.status_code == 302
    lifted = officer.post(reverse("credit:lift", args=[r.pk]), {"ground": "performed", "on": "2026-06-30"})
    assert lifted.status_code == 302
    r.refresh_from_db()
    assert r.status == RestrictionStatus.LIFTED


def test_the_signed_order_as_a_document(people: dict[str, Any], file_case: Any, restricted: Any) -> None:
    """The order states the items, how long it binds and what breaking it costs (Art 5), is signed by the
    president, names a unit's person with the unit, and never shows a full identity number."""
    from django.urls import reverse

    from tests.credit.test_pages import _client
    from zhiyuan.credit import documents

    case = file_case()
    order = restricted(case)
    text = documents.text_of(documents.order_docx(order))
    assert "限制消费令" in text
    assert case.case_number in text
    assert "被执行人：李四" in text
    assert "（九）乘坐G字头动车组列车全部座位" in text
    assert "对你采取限制消费措施" in text
    assert "至本院解除限制消费措施之日止" in text
    assert "予以罚款、拘留" in text
    assert "院长　刘院长" in text
    assert "199003070014" not in text  # the debtor's number masked
    unit_case = file_case(COMPANY)
    rep = restricted(unit_case, Capacity.LEGAL_REPRESENTATIVE, ON, "赵法人", REP_ID)
    text = documents.text_of(documents.order_docx(rep))
    assert f"被执行人：{COMPANY[0]}。" in text
    assert "被限制人：赵法人（法定代表人）" in text
    assert "对你单位法定代表人赵法人采取限制消费措施" in text
    assert REP_ID not in text
    officer = _client(people["officer"])
    got = officer.get(reverse("credit:order", args=[order.pk]))
    assert got.status_code == 200
    assert got["Content-Type"].startswith("application/vnd.openxmlformats")
    proposed = restrictions.propose(people["officer"], case, debtor_id(case), Capacity.DEBTOR, ON)
    assert officer.get(reverse("credit:order", args=[proposed.pk])).status_code == 404  # not signed
    zunyi = _client(people["officer_zunyi"])
    assert zunyi.get(reverse("credit:order", args=[order.pk])).status_code == 404  # another court's
    page = officer.get(reverse("credit:case", args=[case.case_number])).content.decode()
    assert f'id="order-{order.pk}"' in page
    assert f'id="order-{proposed.pk}"' not in page
