"""Agreements: the executability check gates signing; confirmation files a linked case the judge rules
on, and a granted ruling opens performance tracking on the agreement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.cases.models import Case
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.mediation import agreements, services
from zhiyuan.mediation.models import Mediation

from .conftest import PAYMENT

pytestmark = pytest.mark.django_db


def test_findings_are_stored_per_item_and_errors_block_signing(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    bad = {**PAYMENT, "amount": "30000.00", "instalments": [{"due": "2025-10-31", "amount": "20000.00"}]}
    act = {
        "obligors": ["R1"],
        "obligee": "A1",
        "type": "act",
        "act": "搬离",
        "object": "",
        "due": "2025-10-31",
    }
    saved = agreements.save_agreement(staff["partner"], mediation, items=[bad, act])
    assert not saved.executable
    assert saved.status == "draft"
    by_item = agreements.findings_by_item(saved)
    assert {f["code"] for f in by_item[0]} == {"instalments_mismatch"}
    assert {f["code"] for f in by_item[1]} == {"act_object_missing"}
    with pytest.raises(LawError) as err:
        agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    assert err.value.code == "agreement_not_executable"
    mediation.refresh_from_db()
    assert mediation.status == "mediating"
    assert mediation.case.status == "mediating"
    # a warning does not block: no due date means due on effectiveness
    fixed = agreements.save_agreement(staff["partner"], mediation, items=[{**PAYMENT, "due": None}])
    assert fixed.executable
    assert [f["code"] for f in fixed.findings] == ["due_missing"]
    signed = agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    assert signed.status == "final"
    assert signed.signed_on == dt.date(2025, 9, 20)
    mediation.refresh_from_db()
    assert mediation.status == "succeeded"
    assert mediation.case.closing_method == "mediation"


def test_an_unidentified_obligor_is_an_error(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    from zhiyuan.cases.services import PartyIn

    from .conftest import delegate_one

    m = delegate_one(staff["clerk"], orgs, respondents=[PartyIn("王五", "defendant", "")])
    saved = agreements.save_agreement(staff["partner"], m, items=[PAYMENT])
    assert not saved.executable
    assert "obligor_unidentified" in {f["code"] for f in saved.findings}


def test_no_signing_without_an_agreement(mediation: Mediation, staff: dict[str, Any]) -> None:
    with pytest.raises(LawError) as err:
        agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    assert err.value.code == "agreement_missing"


@pytest.mark.parametrize(
    ("route", "type_code", "method"),
    [("confirmation", "诉前调确", "confirmed"), ("document", "诉前调书", "mediation")],
)
def test_confirmation_files_a_linked_case_and_opens_a_title(
    mediation: Mediation, staff: dict[str, Any], route: str, type_code: str, method: str
) -> None:
    from zhiyuan.performance.models import Title

    agreements.save_agreement(staff["partner"], mediation, items=[PAYMENT])
    with pytest.raises(LawError) as err:
        agreements.request_confirmation(staff["partner"], mediation, route=route, on=dt.date(2025, 9, 21))
    assert err.value.code == "mediation_state"  # not signed yet
    agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    filed = agreements.request_confirmation(staff["partner"], mediation, route=route, on=dt.date(2025, 9, 22))
    assert filed.type_code == type_code
    assert filed.origin == mediation.case
    assert filed.dispute_id == mediation.case.dispute_id
    assert filed.derivative_kind == "confirmation"
    with pytest.raises(LawError) as err:
        agreements.request_confirmation(staff["partner"], mediation, route=route, on=dt.date(2025, 9, 22))
    assert err.value.code == "confirmation_exists"
    with pytest.raises(Denied):  # the partner cannot rule
        agreements.accept_confirmation(staff["partner"], mediation, on=dt.date(2025, 9, 23))
    with pytest.raises(LawError) as err:  # ruling before acceptance is refused by the lifecycle
        agreements.rule_on_confirmation(staff["judge"], mediation, on=dt.date(2025, 9, 23), granted=True)
    assert err.value.code == "transition_not_allowed"
    assert not Title.objects.exists()
    agreements.accept_confirmation(staff["judge"], mediation, on=dt.date(2025, 9, 23))
    ruled = agreements.rule_on_confirmation(staff["judge"], mediation, on=dt.date(2025, 9, 26), granted=True)
    assert ruled.status == "closed"
    assert ruled.closing_method == method
    title = Title.objects.get(case=ruled)
    mediation.refresh_from_db()
    assert mediation.agreement.title_id == title.pk
    assert set(Case.objects.filter(dispute=mediation.case.dispute).values_list("type_code", flat=True)) == {
        "民诉前调",
        type_code,
    }


def test_a_refused_confirmation_needs_a_reason_and_opens_no_title(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    from zhiyuan.performance.models import Title

    agreements.save_agreement(staff["partner"], mediation, items=[PAYMENT])
    agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    agreements.request_confirmation(
        staff["partner"], mediation, route="confirmation", on=dt.date(2025, 9, 22)
    )
    agreements.accept_confirmation(staff["judge"], mediation, on=dt.date(2025, 9, 23))
    with pytest.raises(LawError) as err:
        agreements.rule_on_confirmation(staff["judge"], mediation, on=dt.date(2025, 9, 26), granted=False)
    assert err.value.code == "reason_required"
    ruled = agreements.rule_on_confirmation(
        staff["judge"], mediation, on=dt.date(2025, 9, 26), granted=False, reason="协议内容违反法律规定"
    )
    assert ruled.closing_method == "rejected"
    assert not Title.objects.exists()


def test_concurrent_outcomes_lock_the_mediation(mediation: Mediation, staff: dict[str, Any]) -> None:
    """The second of two outcomes on the same (stale) object is refused and writes nothing."""
    stale = Mediation.objects.get(pk=mediation.pk)
    services.withdraw(staff["partner"], mediation, on=dt.date(2025, 9, 5))
    with pytest.raises(LawError) as err:
        services.fail(staff["partner"], stale, on=dt.date(2025, 9, 6))
    assert err.value.code == "mediation_state"
    assert Case.objects.filter(type_code="民初").count() == 0
