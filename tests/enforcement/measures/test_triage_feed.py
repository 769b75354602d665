"""The measures a case takes feed its triage (繁简分流): money frozen and deducted come from the freezes in
force and the deductions carried out, and the rule runs again on every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.audit.models import AuditEntry
from zhiyuan.enforcement.measures import services
from zhiyuan.enforcement.models import Triage
from zhiyuan.enforcement.services import override

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 1, 6)


def _triage(case: Any) -> Triage:
    return Triage.objects.get(case=case)


def test_a_freeze_covering_the_claim_makes_the_case_simple_and_its_release_complex_again(
    staff: dict[str, Any], file_case: Any, add_asset: Any
) -> None:
    case = file_case(claim="500000")
    assert _triage(case).track == "complex"
    account = add_asset(case, "deposit", "6222000011112222")
    freeze = services.take_measure(
        staff["officer"], case, asset=account, kind="freeze", on=ON, amount="499999.99"
    )
    t = _triage(case)
    assert (str(t.frozen_amount), t.track) == ("499999.99", "complex")  # a cent short of the claim
    other = add_asset(case, "deposit", "6222000011113333")
    services.take_measure(staff["officer"], case, asset=other, kind="deduction", on=ON, amount="0.01")
    t = _triage(case)
    assert (str(t.frozen_amount), str(t.deducted_amount), t.track) == ("499999.99", "0.01", "simple")
    assert [r["code"] for r in t.reasons] == ["funds_cover_claim"]
    services.release(staff["officer"], freeze, ON, "申请执行人同意解除")
    t = _triage(case)
    assert (str(t.frozen_amount), str(t.deducted_amount), t.track) == ("0.00", "0.01", "complex")
    actions = list(
        AuditEntry.objects.filter(action="enforcement.triage.measures").values_list("action", flat=True)
    )
    assert len(actions) == 3


def test_an_override_stands_against_measured_facts(
    staff: dict[str, Any], file_case: Any, add_asset: Any
) -> None:
    case = file_case(claim="500000")
    override(staff["officer"], case, "simple", "被执行人已承诺一次性履行")
    account = add_asset(case, "deposit", "6222000011112222")
    services.take_measure(staff["officer"], case, asset=account, kind="freeze", on=ON, amount="100.00")
    t = _triage(case)
    assert (t.rule_track, t.override_track, t.track, str(t.frozen_amount)) == (
        "complex",
        "simple",
        "simple",
        "100.00",
    )


def test_a_seal_of_real_estate_does_not_touch_the_money_facts(
    staff: dict[str, Any], file_case: Any, add_asset: Any
) -> None:
    case = file_case(claim="5000")
    before = _triage(case)
    house = add_asset(case)
    services.take_measure(staff["officer"], case, asset=house, kind="seal", on=ON)
    after = _triage(case)
    assert (after.frozen_amount, after.track, after.triaged_at) == (
        before.frozen_amount,
        before.track,
        before.triaged_at,
    )
