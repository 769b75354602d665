"""Declarative lifecycles: invalid moves are refused before anything is written; guards cite the law;
derived cases link themselves; deadlines start and are met."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cases.conftest import handled_by
from zhiyuan.audit.verification import verify
from zhiyuan.cases import services
from zhiyuan.cases.lifecycles import CLOSED, FAMILIES, STAY, family_of
from zhiyuan.cases.models import Case, CaseDeadline, NodeLog
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db

#: the workflow that owns the 终本 move (zhiyuan.enforcement.termination registers it)
TCP_WORKFLOW = "enforcement.termination"


def snapshot(case: Case) -> tuple[object, ...]:
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.closed_on,
        fresh.closing_method,
        NodeLog.objects.filter(case=case).count(),
        CaseDeadline.objects.filter(case=case).count(),
    )


def test_every_family_is_well_formed() -> None:
    for family in FAMILIES.values():
        assert family.initial in family.states
        for t in family.transitions.values():
            assert set(t.sources) <= set(family.states)
            assert t.target in family.states or t.target == STAY
            if t.target == CLOSED:
                assert t.closing_methods, f"{family.code}.{t.name} closes without closing methods"


def test_filing_on_a_judgment_links_the_enforcement(judgment_and_enforcement) -> None:
    trial, enforcement = judgment_and_enforcement
    assert enforcement.dispute_id == trial.dispute_id
    assert enforcement.derivative_kind == "enforcement"
    assert enforcement.case_number == "（2025）黔0102执1号"
    assert family_of("执").code == enforcement.family == "enforcement"
    rules = dict(CaseDeadline.objects.filter(case=enforcement).values_list("rule", "due"))
    # 6 months from 2025-07-01 is 2026-01-01 (New Year holiday, 1–3 Jan) → 2026-01-04, a make-up working day
    assert rules == {"enforcement_time_limit": dt.date(2026, 1, 4), "enforcement_notice": dt.date(2025, 7, 4)}


def test_invalid_moves_write_nothing(people, judgment_and_enforcement) -> None:
    trial, enforcement = judgment_and_enforcement
    handled_by(enforcement, people["officer"])
    before = snapshot(enforcement)
    cases = [
        ("terminate_current", dt.date(2025, 8, 1), "tcp", "transition_not_allowed"),  # not from 'filed'
        ("close", dt.date(2025, 8, 1), "judgment", "closing_method_invalid"),  # not an enforcement method
        ("close", dt.date(2025, 6, 1), "fully_performed", "before_filing"),
        ("fly", dt.date(2025, 8, 1), "", "unknown_transition"),
    ]
    for name, on, method, code in cases:
        with pytest.raises(LawError) as err:  # terminate_current belongs to the 终本 workflow, named here
            services.transition(
                people["officer"], enforcement, name, on, closing_method=method, workflow=TCP_WORKFLOW
            )
        assert err.value.code == code
        assert snapshot(enforcement) == before
    with pytest.raises(LawError) as err:
        services.transition(people["judge"], trial, "close", dt.date(2025, 7, 1), closing_method="judgment")
    assert err.value.code == "transition_not_allowed"


def test_tcp_waits_three_months_and_closes_every_deadline(people, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    handled_by(enforcement, people["officer"])
    enforcement = services.transition(people["officer"], enforcement, "notify", dt.date(2025, 7, 3))
    with pytest.raises(LawError) as err:  # the bare move: only the 终本 workflow makes it
        services.transition(
            people["officer"], enforcement, "terminate_current", dt.date(2025, 10, 9), closing_method="tcp"
        )
    assert err.value.code == "managed_by_workflow"
    with pytest.raises(LawError) as err:  # filed 2025-07-01: three months end on 2025-10-01 itself
        services.transition(
            people["officer"],
            enforcement,
            "terminate_current",
            dt.date(2025, 10, 1),
            closing_method="tcp",
            workflow=TCP_WORKFLOW,
        )
    assert err.value.code == "tcp_too_early"
    # more than three months (终本规定 Art 1(4); 超过 excludes the number) from the next day; a waiting
    # period is not moved off the National Day holiday
    assert "2025-10-02" in err.value.message_en
    done = services.transition(
        people["officer"],
        enforcement,
        "terminate_current",
        dt.date(2025, 10, 9),
        closing_method="tcp",
        workflow=TCP_WORKFLOW,
    )
    assert (done.status, done.closing_method, done.closed_on) == (CLOSED, "tcp", dt.date(2025, 10, 9))
    deadlines = {d.rule: d for d in done.deadlines.all()}
    assert deadlines["enforcement_notice"].met_on == dt.date(2025, 7, 3)
    assert deadlines["enforcement_time_limit"].met_on == dt.date(2025, 10, 9)
    # the closing move starts nothing: the periodic re-query after 终本 is no node of a closed case
    assert set(deadlines) == {"enforcement_notice", "enforcement_time_limit"}
    assert list(done.nodes.values_list("node", flat=True)) == ["filing", "notify", "terminate_current"]
    assert verify().ok


def test_trial_judge_cannot_move_an_enforcement_case(people, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    with pytest.raises(Denied):
        services.transition(people["judge"], enforcement, "notify", dt.date(2025, 7, 3))


def test_objection_review_family_and_its_deadline(people, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    objection = services.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="执异",
        filed_on=dt.date(2025, 8, 4),
        origin=enforcement,
    )
    assert objection.derivative_kind == "objection"
    assert objection.family == "enforcement_review"
    assert CaseDeadline.objects.get(case=objection).rule == "objection_decision"
    with pytest.raises(Denied):  # officers do not decide objections
        services.transition(
            people["officer"], objection, "rule", dt.date(2025, 8, 10), closing_method="rejected"
        )
    services.transition(
        people["reviewer"],
        handled_by(objection, people["reviewer"]),
        "rule",
        dt.date(2025, 8, 10),
        closing_method="rejected",
    )


def test_filing_outside_ones_court_is_refused_and_audited(people) -> None:
    from zhiyuan.audit.models import AuditEntry

    with pytest.raises(Denied) as err:
        services.file_case(
            people["clerk"], court_code="黔0302", type_code="民初", filed_on=dt.date(2025, 1, 6)
        )
    assert err.value.code == "court_out_of_scope"
    assert not Case.objects.exists()
    assert AuditEntry.objects.filter(action="auth.denied", actor_name="clerk").exists()


def test_invalid_party_number_writes_nothing(people) -> None:
    with pytest.raises(LawError) as err:
        services.file_case(
            people["clerk"],
            court_code="黔0102",
            type_code="民初",
            filed_on=dt.date(2025, 1, 6),
            parties_in=[services.PartyIn("王五", "plaintiff", "110105194912310021")],
        )
    assert err.value.code == "id_number_invalid"
    assert not Case.objects.exists()


def test_case_numbers_in_a_note_become_link_proposals(people, judgment_and_enforcement) -> None:
    trial, enforcement = judgment_and_enforcement
    services.transition(
        people["officer"],
        handled_by(enforcement, people["officer"]),
        "notify",
        dt.date(2025, 7, 3),
        note=f"被执行人另涉（2024）黔0103民初第55号、第56号及{trial.case_number}",
    )
    proposals = {p.mentioned_number: p for p in enforcement.link_proposals.all()}
    assert set(proposals) == {"（2024）黔0103民初55号", "（2024）黔0103民初56号", trial.case_number}
    assert proposals[trial.case_number].mentioned_case == trial
    assert proposals["（2024）黔0103民初55号"].mentioned_case is None
    with pytest.raises(Denied):
        services.decide_link(people["debtor"], proposals[trial.case_number], True)
    done = services.decide_link(people["officer"], proposals[trial.case_number], True)
    assert done.status == "confirmed"
