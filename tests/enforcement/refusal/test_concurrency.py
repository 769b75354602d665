"""Two approvers deciding one referral or one fine at once: one decision, the other refused with the state
code. On a file SQLite database and PostgreSQL alike."""

from __future__ import annotations

from typing import Any

import pytest

from tests.enforcement.refusal.conftest import ON, verified
from tests.races import race, skip_on_one_connection
from zhiyuan.audit.models import AuditEntry
from zhiyuan.enforcement.models import Referral, ReferralState, Sanction, SanctionState
from zhiyuan.enforcement.refusal import sanctions
from zhiyuan.enforcement.refusal import services as refusal

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _file_database() -> None:
    skip_on_one_connection()


def _codes(errors: list[BaseException]) -> list[str]:
    return [getattr(e, "code", repr(e)) for e in errors]


def test_two_approvers_one_referral_decision(crew: dict[str, Any], proposed: Referral) -> None:
    results, errors = race(
        lambda: refusal.decide(verified(crew["head"]), proposed, True, ON),
        lambda: refusal.decide(verified(crew["head2"]), proposed, False, ON, "证据不足"),
    )
    assert len(results) == 1
    assert _codes(errors) == ["referral_state_invalid"]
    final = Referral.objects.get(pk=proposed.pk)
    assert final.state in (ReferralState.APPROVED, ReferralState.REFUSED)
    assert final.decided_by_id == results[0].decided_by_id  # type: ignore[attr-defined]
    decided = AuditEntry.objects.filter(
        action__in=["enforcement.refusal.approve", "enforcement.refusal.refuse"]
    )
    assert decided.count() == 1


def test_two_presidents_one_fine(crew: dict[str, Any], case: Any) -> None:
    from tests.enforcement.refusal.conftest import debtor

    s = sanctions.propose(
        crew["officer"],
        case,
        kind="fine",
        subject="individual",
        grounds="拒不报告",
        on=ON,
        party_id=debtor(case).pk,
        amount="10000",
    )
    results, errors = race(
        lambda: sanctions.decide(verified(crew["president"]), s, True, ON),
        lambda: sanctions.decide(verified(crew["president2"]), s, True, ON),
    )
    assert len(results) == 1
    assert _codes(errors) == ["sanction_state_invalid"]
    final = Sanction.objects.get(pk=s.pk)
    assert final.state == SanctionState.APPROVED
    assert final.decision_number.endswith("之罚1")
    assert AuditEntry.objects.filter(action="enforcement.sanction.approve").count() == 1


def test_two_fines_of_one_case_approved_at_once_get_two_numbers(crew: dict[str, Any], case: Any) -> None:
    from tests.enforcement.refusal.conftest import debtor

    fines = [
        sanctions.propose(
            crew["officer"],
            case,
            kind="fine",
            subject="individual",
            grounds="拒不报告",
            on=ON,
            party_id=debtor(case).pk,
            amount=amount,
        )
        for amount in ("1000", "2000")
    ]
    _results, errors = race(
        lambda: sanctions.decide(verified(crew["president"]), fines[0], True, ON),
        lambda: sanctions.decide(verified(crew["president2"]), fines[1], True, ON),
    )
    assert errors == []
    numbers = sorted(Sanction.objects.values_list("decision_number", flat=True))
    assert numbers == [f"{case.case_number}之罚1", f"{case.case_number}之罚2"]
