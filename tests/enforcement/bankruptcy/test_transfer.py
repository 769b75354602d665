"""The 执转破 transfer: consent, the rule's refusal, the decision by the president (second factor, never the
proposer, exactly once), every court's case reacting, the 破申 case at the receiving court in the same dispute
graph, and acceptance or rejection flowing back."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.races import race, skip_on_one_connection
from zhiyuan.affairs.models import Task
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.bankruptcy import selectors, services
from zhiyuan.enforcement.models import LinkState, Transfer, TransferState
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def consent(w: dict[str, Any]) -> None:
    services.record_consent(
        w["officer"],
        w["own"],
        w["debtor"],
        "applicant",
        w["creditor"],
        w["today"],
        "申请执行人签署的同意书（卷宗第3页）",
    )


def propose(w: dict[str, Any]) -> Transfer:
    return services.propose(
        w["officer"],
        w["own"],
        w["debtor"],
        w["today"],
        unable_to_pay=True,
        insolvent=True,
        basis="名下无财产，多起执行案件终本，资不抵债。",
    )


def status(case: Case) -> str:
    return Case.objects.get(pk=case.pk).status


def test_without_consent_the_rule_refuses_and_names_what_is_missing(world: dict[str, Any]) -> None:
    with pytest.raises(LawError) as err:
        propose(world)
    assert err.value.code == "transfer_not_allowed"
    assert err.value.details["missing"] == ["written_consent"]
    assert AuditEntry.objects.filter(
        action="enforcement.bankruptcy.not_transferable", outcome="denied"
    ).exists()
    assert not Transfer.objects.exists()


def test_consent_must_come_from_the_debtor_or_an_applicant_of_the_case(world: dict[str, Any]) -> None:
    with pytest.raises(LawError) as err:  # the debtor is no applicant
        services.record_consent(
            world["officer"],
            world["own"],
            world["debtor"],
            "applicant",
            world["debtor"],
            world["today"],
            "同意书",
        )
    assert err.value.code == "consenting_party_invalid"
    consent(world)
    assert selectors.consent_of(world["debtor"]) == "applicant"


def test_the_decision_needs_the_president_with_a_second_factor_and_not_the_proposer(
    world: dict[str, Any],
) -> None:
    consent(world)
    t = propose(world)
    assert t.receiving_court.code == "黔01"
    assert t.state == TransferState.PROPOSED
    with pytest.raises(LawError) as again:
        propose(world)
    assert again.value.code == "transfer_open"
    for who, code in (
        (world["officer"], "self_approval"),
        (world["head"], "approver_role_required"),
        (world["unverified"], "second_factor_required"),
    ):
        with pytest.raises(Denied) as err:
            services.decide(who, t, world["today"])
        assert err.value.code == code
    assert Transfer.objects.get(pk=t.pk).state == TransferState.PROPOSED
    assert status(world["own"]) == "filed"


def test_decision_suspends_notifies_files_and_acceptance_flows_back(world: dict[str, Any]) -> None:
    consent(world)
    t = services.decide(world["president"], propose(world), world["today"])
    assert t.state == TransferState.DECIDED
    filed = t.bankruptcy_case
    assert (filed.type_code, filed.court_code, filed.origin_id) == ("破申", "黔01", world["own"].pk)
    assert filed.dispute_id == world["own"].dispute_id  # one dispute graph
    links = {x.case_id: x.state for x in t.links.all()}
    assert links == {
        world["own"].pk: LinkState.SUSPENDED,
        world["other"].pk: LinkState.NOTIFIED,
        world["closed"].pk: LinkState.CLOSED,
    }
    assert status(world["own"]) == "suspended"
    assert status(world["other"]) == "filed"
    task = Task.objects.get(case=world["other"], kind=task_kinds.BANKRUPTCY_SUSPEND)
    # the workflow owns the moves of a bound case: the bare move is refused
    with pytest.raises(LawError) as err:
        cases.transition(world["officer"], world["own"], "unsuspend", world["today"])
    assert err.value.code == "managed_by_workflow"

    services.suspend_notified(world["officer_other"], world["other"], world["today"])
    assert status(world["other"]) == "suspended"
    assert Task.objects.get(pk=task.pk).status == "done"

    with pytest.raises(Denied):  # a judge of another intermediate court does not see the 破申 case
        services.record_outcome(world["judge_elsewhere"], t, True, world["today"], "（2026）黔01破申1号 受理")
    done = services.record_outcome(world["judge"], t, True, world["today"], "（2026）黔01破申1号 裁定受理")
    assert done.state == TransferState.ACCEPTED
    assert {x.state for x in done.links.exclude(state=LinkState.CLOSED)} == {LinkState.TO_TERMINATE}
    assert status(world["own"]) == status(world["other"]) == "suspended"
    closed = Case.objects.get(pk=filed.pk)
    assert (closed.status, closed.closing_method) == ("closed", "confirmed")
    assert Task.objects.filter(kind=task_kinds.BANKRUPTCY_OUTCOME).count() == 2
    assert AuditEntry.objects.filter(action="enforcement.bankruptcy.accept").exists()


def test_rejection_resumes_every_suspended_case(world: dict[str, Any]) -> None:
    consent(world)
    t = services.decide(world["president"], propose(world), world["today"])
    services.suspend_notified(world["officer_other"], world["other"], world["today"])
    done = services.record_outcome(world["judge"], t, False, world["today"], "（2026）黔01破申1号 不予受理")
    assert done.state == TransferState.REJECTED
    assert status(world["own"]) == status(world["other"]) == "executing"
    assert {x.state for x in done.links.exclude(state=LinkState.CLOSED)} == {LinkState.RESUMED}
    # no longer bound: the case's handler may suspend it again for another cause
    with pytest.raises(LawError) as err:
        services.suspend_notified(world["officer_other"], world["other"], world["today"])
    assert err.value.code == "nothing_to_suspend"


def test_a_case_closed_while_suspended_is_not_resumed(world: dict[str, Any]) -> None:
    consent(world)
    t = services.decide(world["president"], propose(world), world["today"])
    services.suspend_notified(world["officer_other"], world["other"], world["today"])
    fresh = Case.objects.get(pk=world["other"].pk)
    cases.transition(None, fresh, "close", world["today"], closing_method="fully_performed")
    services.record_outcome(world["judge"], t, False, world["today"], "不予受理")
    states = {x.case_id: x.state for x in t.links.all()}
    assert states[world["other"].pk] == LinkState.CLOSED
    assert states[world["own"].pk] == LinkState.RESUMED
    assert status(world["other"]) == "closed"


def test_refusal_by_the_president_needs_a_reason(world: dict[str, Any]) -> None:
    consent(world)
    t = propose(world)
    with pytest.raises(LawError) as err:
        services.refuse_transfer(world["president"], t, "", world["today"])
    assert err.value.code == "reason_required"
    done = services.refuse_transfer(world["president"], t, "资产状况尚需核实", world["today"])
    assert done.state == TransferState.REFUSED
    assert status(world["own"]) == "filed"
    propose(world)  # a refused proposal does not block a new one


def test_pages_show_the_workflow_and_the_screening_list_the_consent(world: dict[str, Any]) -> None:
    consent(world)
    t = propose(world)
    president = Client()
    president.force_login(world["president"])
    page = president.get(reverse("cases:detail", args=[world["own"].case_number])).content.decode()
    assert 'id="bankruptcy-decide-form"' in page
    officer = Client()
    officer.force_login(world["officer"])
    html = officer.get(reverse("enforcement:bankruptcy_screening")).content.decode()
    assert 'data-consent="applicant"' in html
    assert 'data-state="proposed"' in html
    # the officer posting the decision: refused in words, nothing written
    response = officer.post(
        reverse("enforcement:bankruptcy_decide", args=[world["own"].case_number]),
        {"transfer": t.pk, "grant": "on", "on": world["today"].isoformat()},
    )
    assert response.status_code == 403
    assert "申请人不得审批本人的申请" in response.content.decode()
    assert Transfer.objects.get(pk=t.pk).state == TransferState.PROPOSED


def test_api_proposes_and_refuses_with_a_stable_code(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["officer"])
    body = {
        "case_number": world["own"].case_number,
        "debtor": world["debtor"],
        "on": world["today"].isoformat(),
        "unable_to_pay_due_debts": True,
        "insolvent_or_clearly_unable": True,
        "basis": "资不抵债",
    }
    refused = client.post("/api/enforcement/bankruptcy/transfers", body, content_type="application/json")
    assert refused.status_code == 422 or refused.status_code == 400
    assert refused.json()["code"] == "transfer_not_allowed"
    consent(world)
    made = client.post("/api/enforcement/bankruptcy/transfers", body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["receiving_court"] == "黔01"
    assert made.json()["state"] == "proposed"
    listed = client.get("/api/enforcement/bankruptcy/transfers", {"case_number": world["own"].case_number})
    assert [t["state"] for t in listed.json()] == ["proposed"]


@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_once_make_one_decision(world: dict[str, Any]) -> None:
    skip_on_one_connection()
    consent(world)
    t = propose(world)
    results, errors = race(
        lambda: services.decide(world["president"], t, world["today"]),
        lambda: services.decide(world["president2"], t, world["today"]),
    )
    assert len(results) == 1, errors
    assert [getattr(e, "code", repr(e)) for e in errors] == ["transfer_state"]
    assert Case.objects.filter(type_code="破申").count() == 1
    assert Transfer.objects.get(pk=t.pk).state == TransferState.DECIDED
