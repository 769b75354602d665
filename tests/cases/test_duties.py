"""Separation of duties on real cases: assignment across the enforcement/review line, approvals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import duties, services
from zhiyuan.cases.models import Assignment, CaseDeadline
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
D = dt.date(2025, 7, 2)
DO = dt.date(2025, 8, 5)  # the day after the objection's filing


@pytest.fixture
def head(make_user):  # type: ignore[no-untyped-def]
    return make_user("head", roles=("division_head",), court="黔0102")


@pytest.fixture
def objection(people, judgment_and_enforcement):  # type: ignore[no-untyped-def]
    _, enforcement = judgment_and_enforcement
    return services.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="执异",
        filed_on=dt.date(2025, 8, 4),
        origin=enforcement,
    )


def test_the_officer_of_an_enforcement_case_never_reviews_its_objection(
    people, head, judgment_and_enforcement, objection, make_user
) -> None:
    _, enforcement = judgment_and_enforcement
    duties.assign(head, enforcement, people["officer"], "handler", D)
    # an officer is not a reviewer at all; a reviewer who handled the enforcement case is refused too
    with pytest.raises(Denied) as err:
        duties.assign(head, objection, people["officer"], "handler", D)
    assert err.value.code == "assignment_role_missing"
    duties.assign(head, objection, people["reviewer"], "handler", DO)
    panel = make_user("reviewer2", roles=("enforcement_reviewer",), court="黔0102")
    duties.assign(head, objection, panel, "panel", DO)
    reconsideration = services.file_case(
        people["clerk"], court_code="黔0102", type_code="执复", filed_on=dt.date(2025, 9, 1), origin=objection
    )
    with pytest.raises(Denied) as err:  # sat on the objection: may not sit on its reconsideration
        duties.assign(head, reconsideration, panel, "panel", D)
    assert err.value.code == "reviewer_handled_case"
    assert AuditEntry.objects.filter(action="auth.denied", actor_name="head").count() == 2


def test_a_reviewer_of_the_objection_is_not_made_handler_of_the_enforcement(
    people, head, judgment_and_enforcement, objection, make_user
) -> None:
    _, enforcement = judgment_and_enforcement
    duties.assign(head, objection, people["reviewer"], "handler", DO)
    both = make_user("oddity", roles=("enforcement_officer",), court="黔0102")
    Assignment.objects.create(
        case=objection,
        user_id=both.pk,
        user_name="oddity",
        capacity="panel",
        assigned_by="legacy import",
        assigned_on=D,
    )
    with pytest.raises(Denied) as err:
        duties.assign(head, enforcement, both, "handler", D)
    assert err.value.code == "reviewer_handled_case"


def test_trial_judges_are_not_assigned_to_enforcement(people, head, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    with pytest.raises(Denied) as err:
        duties.assign(head, enforcement, people["judge"], "handler", D)
    assert err.value.code == "assignment_role_missing"


def test_assignees_belong_to_the_case_court(people, head, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    with pytest.raises(Denied) as err:
        duties.assign(head, enforcement, people["officer_zunyi"], "handler", D)
    assert err.value.code == "assignee_out_of_scope"


def test_approval_by_another_person_with_a_second_factor(people, head, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    officer = people["officer"]
    duties.assign(head, enforcement, officer, "handler", D)
    with pytest.raises(LawError) as err:
        duties.request_approval(officer, enforcement, "notify", "x", D)
    assert err.value.code == "approval_not_needed"
    approval = duties.request_approval(
        officer, enforcement, "extend", "被执行人有财产待处置", dt.date(2025, 12, 20)
    )
    head.is_verified = lambda: False
    with pytest.raises(Denied) as err:
        duties.decide(head, approval, True, dt.date(2025, 12, 22))
    assert err.value.code == "second_factor_required"
    officer.is_verified = lambda: True
    with pytest.raises(Denied) as err:
        duties.decide(officer, approval, True, dt.date(2025, 12, 22))
    assert {"self_approval", "approval_role_missing"} <= set(err.value.details["codes"])
    head.is_verified = lambda: True
    duties.decide(head, approval, True, dt.date(2025, 12, 22))
    extended = CaseDeadline.objects.get(case=enforcement, rule="enforcement_extension")
    assert extended.due == dt.date(2026, 3, 23)  # 2026-03-22 is a Sunday
    with pytest.raises(LawError) as err:
        duties.decide(head, approval, True, dt.date(2025, 12, 23))
    assert err.value.code == "approval_decided"


def test_assignment_through_the_api(
    client: Client, people, head, judgment_and_enforcement, objection
) -> None:
    _, enforcement = judgment_and_enforcement
    _, raw = accounts.issue_token(None, head, "t", ["case:assign", "case:view"])
    h = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = client.post(
        f"/api/cases/{enforcement.case_number}/assignments",
        {"username": "officer", "on": "2025-07-02"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200, r.content
    r = client.post(
        f"/api/cases/{objection.case_number}/assignments",
        {"username": "officer", "on": "2025-08-05"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 403
    assert r.json()["code"] == "assignment_role_missing"
