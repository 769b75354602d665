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
