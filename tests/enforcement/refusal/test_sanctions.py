"""Fines and detention: the limits of 民事诉讼法 Art 118 checked on proposal and decision, the president's
approval (``enforcement:sanction_approve``, a second factor, never the proposer, the case's court), the
decision number and the decision document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests.enforcement.refusal.conftest import ON, debtor, verified
from zhiyuan.documents.docx import text_of
from zhiyuan.enforcement.models import Sanction, SanctionState
from zhiyuan.enforcement.refusal import documents, sanctions, selectors
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def _fine(
    crew: dict[str, Any], case: Any, amount: str = "50000", by: str = "officer", **change: Any
) -> Sanction:
    args: dict[str, Any] = {
        "kind": "fine",
        "subject": "individual",
        "grounds": "被执行人拒不报告财产。",
        "on": ON,
        "party_id": debtor(case).pk,
        "amount": amount,
        **change,
    }
    return sanctions.propose(crew[by], case, **args)


def _code(fn: Any) -> str:
    with pytest.raises(LawError) as caught:
        fn()
    return caught.value.code


def test_the_limits_are_checked_when_proposed(crew: dict[str, Any], case: Any) -> None:
    assert _code(lambda: _fine(crew, case, "100000.01")) == "fine_above_max"
    assert _fine(crew, case, "100000").amount == Decimal("100000.00")
    assert (
        _code(lambda: _fine(crew, case, "49999.99", subject="unit", target_name="某公司")) == "fine_below_min"
    )
    detention = {"kind": "detention", "amount": None}
    assert _code(lambda: _fine(crew, case, **detention, days=16)) == "detention_above_max"
    assert _code(lambda: _fine(crew, case, **detention, days=10, subject="unit")) == "detention_of_unit"
    assert _fine(crew, case, **detention, days=15).days == 15
    assert _code(lambda: _fine(crew, case, party_id=None)) == "target_name_required"
    assert Sanction.objects.count() == 2


def test_the_president_approves_and_the_decision_is_numbered(crew: dict[str, Any], case: Any) -> None:
    s = _fine(crew, case)
    with pytest.raises(Denied):  # a division head may grant approvals but not fines and detention
        sanctions.decide(verified(crew["head"]), s, True, ON)
    with pytest.raises(Denied) as caught:
        sanctions.decide(crew["president"], s, True, ON)
    assert caught.value.code == "second_factor_required"
    with pytest.raises(Denied):
        sanctions.decide(verified(crew["president_zunyi"]), s, True, ON)
    approved = sanctions.decide(verified(crew["president"]), s, True, dt.date(2026, 11, 3))
    assert approved.state == SanctionState.APPROVED
    assert approved.decision_number == f"{case.case_number}之罚1"
    assert approved.limits["allowed"] is True
    assert approved.limits["max_amount"] == "100000.00"
    text = text_of(documents.sanction_decision(crew["officer"], approved))
    assert "罚款决定书" in text
    assert "50000.00" in text
    assert "李四" in text
    assert "复议" in text
    with pytest.raises(LawError) as caught:
        sanctions.decide(verified(crew["president2"]), approved, False, ON, "不同意")
    assert caught.value.code == "sanction_state_invalid"
    f = selectors.figures([case.court_id], ON)
    assert (f.fines, f.fines_amount, f.detentions) == (1, Decimal("50000.00"), 0)


def test_never_by_the_proposer_and_a_refusal_needs_a_reason(crew: dict[str, Any], case: Any) -> None:
    own = _fine(crew, case, by="both")
    with pytest.raises(Denied) as caught:
        sanctions.decide(verified(crew["both"]), own, True, ON)
    assert caught.value.code == "self_approval"
    assert _code(lambda: sanctions.decide(verified(crew["president"]), own, False, ON)) == "reason_required"
    refused = sanctions.decide(verified(crew["president"]), own, False, ON, "情节轻微")
    assert refused.state == SanctionState.REFUSED
    assert refused.decision_number == ""
    assert _code(lambda: documents.sanction_decision(crew["officer"], refused)) == "sanction_not_approved"


def test_a_unit_principal_is_named(crew: dict[str, Any], case: Any) -> None:
    detention = sanctions.propose(
        crew["officer"],
        case,
        kind="detention",
        subject="individual",
        grounds="拒不协助执行",
        on=ON,
        target_name="王某（某公司法定代表人）",
        days=5,
    )
    approved = sanctions.decide(verified(crew["president"]), detention, True, ON)
    assert approved.decision_number.endswith("之拘1")
    assert "拘留5日" in text_of(documents.sanction_decision(crew["officer"], approved))
