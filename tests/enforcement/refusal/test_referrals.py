"""The referral workflow: proposal with its evidence, approval (never the proposer, a second factor, the
case's court), sending with the police's deadline and its affairs task, the answer, supervision, the
private prosecution as a linked 刑初 case, money recovered, the outcome, and the campaign figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests.enforcement.refusal.conftest import EVIDENCE, ON, applicant, debtor, verified
from zhiyuan.affairs.models import Task, TaskStatus
from zhiyuan.affairs.selectors import is_overdue
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import NodeLog
from zhiyuan.enforcement.models import Referral, ReferralState
from zhiyuan.enforcement.refusal import selectors
from zhiyuan.enforcement.refusal import services as refusal
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
SENT_ON = dt.date(2026, 11, 4)


def _propose(crew: dict[str, Any], case: Any, **change: Any) -> Referral:
    args: dict[str, Any] = {
        "suspect_id": debtor(case).pk,
        "police": "贵阳市公安局南明分局",
        "situation": "有能力履行而拒不履行。",
        "evidence": EVIDENCE,
        "on": ON,
        **change,
    }
    return refusal.propose(crew["officer"], case, **args)


def test_the_whole_way_to_a_linked_criminal_case(crew: dict[str, Any], sent: Referral) -> None:
    assert sent.state == ReferralState.REFERRED
    # 7 days from Wednesday 2026-11-04: Wednesday 2026-11-11
    assert sent.decide_by == dt.date(2026, 11, 11)
    task = Task.objects.get(source_key=f"refusal:{sent.pk}:answer")
    assert task.due == dt.date(2026, 11, 11)
    assert task.case_id == sent.case_id
    declined = refusal.answer(
        crew["officer"], sent, filed=False, on=dt.date(2026, 11, 10), reasons="证据不足以证明有能力履行"
    )
    assert declined.state == ReferralState.DECLINED
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    refusal.request_supervision(
        crew["officer"], declined, dt.date(2026, 11, 12), "提请南明区人民检察院立案监督"
    )
    private = refusal.file_private(crew["clerk"], declined, filed_on=dt.date(2026, 11, 20))
    assert private.type_code == "刑初"
    assert private.origin_id == sent.case_id
    assert private.dispute_id == sent.case.dispute_id
    assert private.derivative_kind == "refusal_crime"
    sides = {p.display_name: p.side for p in private.parties.select_related("party")}
    assert sides == {
        applicant(sent.case).display_name: "plaintiff",
        debtor(sent.case).display_name: "defendant",
    }
    refusal.record_recovered(crew["officer"], declined, "150000.00", dt.date(2026, 12, 1))
    closed = refusal.record_outcome(crew["officer"], declined, "convicted", dt.date(2026, 12, 20))
    assert closed.state == ReferralState.CLOSED
    assert closed.recovered_amount == Decimal("150000.00")
    nodes = set(NodeLog.objects.filter(case=sent.case).values_list("node", flat=True))
    assert {"refusal.propose", "refusal.approve", "refusal.refer", "refusal.declined"} <= nodes
    assert {"refusal.supervision", "refusal.private", "refusal.recovered", "refusal.outcome"} <= nodes
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "enforcement.refusal.propose",
        "enforcement.refusal.approve",
        "enforcement.refusal.outcome",
    } <= actions
    f = selectors.figures([sent.court_id], dt.date(2026, 12, 31))
    assert (f.referred, f.accepted, f.declined, f.private, f.convicted) == (1, 0, 1, 1, 1)
    assert f.recovered == Decimal("150000.00")


def test_evidence_of_every_category_is_required(crew: dict[str, Any], case: Any) -> None:
    with pytest.raises(LawError) as caught:
        _propose(crew, case, evidence=EVIDENCE[:3])
    assert caught.value.code == "evidence_incomplete"
    assert caught.value.details["missing"] == ["refusal", "circumstances"]
    with pytest.raises(LawError) as caught:
        _propose(crew, case, evidence=[*EVIDENCE, {"item": "rumour", "description": "x"}])
    assert caught.value.code == "evidence_item_invalid"
    assert not Referral.objects.exists()


def test_the_applicant_is_not_referred_and_the_police_are_named(crew: dict[str, Any], case: Any) -> None:
    with pytest.raises(LawError) as caught:
        _propose(crew, case, suspect_id=applicant(case).pk)
    assert caught.value.code == "suspect_is_applicant"
    with pytest.raises(LawError) as caught:
        _propose(crew, case, police="  ")
    assert caught.value.code == "police_required"


def test_only_an_officer_in_scope_proposes(crew: dict[str, Any], case: Any) -> None:
    with pytest.raises(Denied):
        refusal.propose(
            crew["officer_zunyi"],
            case,
            suspect_id=debtor(case).pk,
            police="x",
            situation="x",
            evidence=EVIDENCE,
            on=ON,
        )
    with pytest.raises(Denied):
        refusal.propose(
            crew["head"],
            case,
            suspect_id=debtor(case).pk,
            police="x",
            situation="x",
            evidence=EVIDENCE,
            on=ON,
        )


def test_approval_needs_a_second_factor_another_person_and_the_case_court(
    crew: dict[str, Any], case: Any, make_user: Any
) -> None:
    own = refusal.propose(
        verified(crew["both"]),
        case,
        suspect_id=debtor(case).pk,
        police="公安局",
        situation="拒不履行",
        evidence=EVIDENCE,
        on=ON,
    )
    with pytest.raises(Denied) as caught:
        refusal.decide(verified(crew["both"]), own, True, ON)
    assert caught.value.code == "self_approval"
    with pytest.raises(Denied) as caught:
        refusal.decide(crew["head"], own, True, ON)
    assert caught.value.code == "second_factor_required"
    with pytest.raises(Denied) as caught:
        refusal.decide(verified(crew["president_zunyi"]), own, True, ON)
    assert caught.value.code == "approver_not_of_case_court"
    with pytest.raises(LawError) as caught:
        refusal.decide(verified(crew["head"]), own, False, ON)
    assert caught.value.code == "reason_required"
    refused = refusal.decide(verified(crew["head"]), own, False, ON, "证据不足")
    assert refused.state == ReferralState.REFUSED
    assert refused.refusal_reason == "证据不足"
    with pytest.raises(LawError) as caught:
        refusal.send(crew["officer"], refused, referred_on=ON, letter_number="")
    assert caught.value.code == "referral_state_invalid"


def test_police_silence_turns_the_task_overdue_and_opens_supervision_then_private_prosecution(
    crew: dict[str, Any], sent: Referral
) -> None:
    with pytest.raises(LawError) as caught:
        refusal.request_supervision(crew["officer"], sent, dt.date(2026, 11, 11), "逾期未答复")
    assert caught.value.code == "supervision_too_early"
    task = Task.objects.get(source_key=f"refusal:{sent.pk}:answer")
    assert not is_overdue(task, dt.date(2026, 11, 11))
    assert is_overdue(task, dt.date(2026, 11, 12))
    assert refusal.overdue(sent, dt.date(2026, 11, 12))
    assert [r.pk for r in selectors.overdue([sent.court_id], dt.date(2026, 11, 12))] == [sent.pk]
    refusal.request_supervision(crew["officer"], sent, dt.date(2026, 11, 12), "逾期未答复")
    # sixty days of silence after 2026-11-04 end on 2027-01-03; private prosecution from 2027-01-04
    with pytest.raises(LawError) as caught:
        refusal.file_private(crew["clerk"], sent, filed_on=dt.date(2027, 1, 3))
    assert caught.value.code == "private_prosecution_not_open"
    private = refusal.file_private(crew["clerk"], sent, filed_on=dt.date(2027, 1, 4))
    assert private.origin_id == sent.case_id
    with pytest.raises(LawError) as caught:
        refusal.file_private(crew["clerk"], sent, filed_on=dt.date(2027, 1, 5))
    assert caught.value.code == "private_prosecution_not_open"


def test_the_officer_does_not_file_the_private_case(crew: dict[str, Any], sent: Referral) -> None:
    refusal.answer(crew["officer"], sent, filed=False, on=dt.date(2026, 11, 10), reasons="不构成犯罪")
    with pytest.raises(Denied):
        refusal.file_private(crew["officer"], sent, filed_on=dt.date(2026, 11, 20))


def test_an_extension_moves_the_deadline_and_the_task(crew: dict[str, Any], sent: Referral) -> None:
    extended = refusal.extend(crew["officer"], sent, dt.date(2026, 11, 9))
    # thirty days from 2026-11-04: Friday 2026-12-04
    assert extended.complex_case
    assert extended.decide_by == dt.date(2026, 12, 4)
    assert Task.objects.get(source_key=f"refusal:{sent.pk}:answer").status == TaskStatus.DONE
    follow = Task.objects.get(source_key=f"refusal:{sent.pk}:answer:extended")
    assert follow.due == dt.date(2026, 12, 4)
    assert follow.status == TaskStatus.OPEN
    with pytest.raises(LawError) as caught:
        refusal.extend(crew["officer"], sent, dt.date(2026, 11, 9))
    assert caught.value.code == "referral_already_extended"


def test_accepted_then_convicted_counts(crew: dict[str, Any], sent: Referral) -> None:
    with pytest.raises(LawError) as caught:
        refusal.answer(crew["officer"], sent, filed=False, on=dt.date(2026, 11, 10))
    assert caught.value.code == "reasons_required"
    with pytest.raises(LawError) as caught:
        refusal.answer(crew["officer"], sent, filed=True, on=dt.date(2026, 11, 3))
    assert caught.value.code == "answer_before_referral"
    filed = refusal.answer(
        crew["officer"], sent, filed=True, on=dt.date(2026, 11, 10), police_case_number="A520102"
    )
    assert filed.state == ReferralState.FILED
    with pytest.raises(LawError) as caught:
        refusal.record_recovered(crew["officer"], filed, "200000.01", dt.date(2026, 11, 20))
    assert caught.value.code == "recovered_above_claim"
    refusal.record_outcome(crew["officer"], filed, "convicted", dt.date(2027, 2, 1))
    f = selectors.figures([sent.court_id], dt.date(2027, 2, 1), dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (f.referred, f.accepted, f.declined, f.convicted, f.overdue) == (1, 1, 0, 1, 0)
    assert selectors.figures([sent.court_id], dt.date(2027, 2, 1), dt.date(2026, 12, 1)).referred == 0


def test_no_outcome_without_a_criminal_case(crew: dict[str, Any], sent: Referral) -> None:
    refusal.answer(crew["officer"], sent, filed=False, on=dt.date(2026, 11, 10), reasons="不构成犯罪")
    with pytest.raises(LawError) as caught:
        refusal.record_outcome(crew["officer"], sent, "convicted", dt.date(2026, 12, 1))
    assert caught.value.code == "no_criminal_case"
