"""The assignment policy on every move: the case's handler (承办人) moves it; nobody else in scope, not an
officer of a higher court, not anyone while the case is unassigned. A division head or court president
assigns and reassigns (with a reason, audited); the system (imports, jobs) is not a person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.accounts import services as accounts
from zhiyuan.accounts.services import revoke_role
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import assignments, duties, services
from zhiyuan.cases.models import Assignment, Case, NodeLog
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
D = dt.date(2025, 7, 2)


@pytest.fixture
def staff(people: dict[str, Any], make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The case fixtures' people, a second officer and the division head of 黔0102, an officer and a
    division head of the intermediate court 黔01, and a division head of 黔03 (another district)."""
    return {
        **people,
        "officer2": make_user("officer2", roles=("enforcement_officer",), court="黔0102"),
        "head": make_user("head", roles=("division_head",), court="黔0102"),
        "mid_officer": make_user("mid_officer", roles=("enforcement_officer",), court="黔01"),
        "mid_head": make_user("mid_head", roles=("division_head",), court="黔01"),
        "zunyi_head": make_user("zunyi_head", roles=("division_head",), court="黔03"),
    }


def token(user: Any, scopes: tuple[str, ...]) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def state(case: Case) -> tuple[str, int]:
    fresh = Case.objects.get(pk=case.pk)
    return fresh.status, NodeLog.objects.filter(case=case).count()


def test_an_unassigned_case_is_moved_by_nobody(staff, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    before = state(enforcement)
    with pytest.raises(Denied) as err:
        services.transition(staff["officer"], enforcement, "notify", dt.date(2025, 7, 3))
    assert err.value.code == "handler_required"
    assert state(enforcement) == before
    denied = AuditEntry.objects.filter(action="auth.denied", actor_name="officer").last()
    assert denied is not None
    assert denied.after["codes"] == ["handler_required"]


def test_only_the_handler_moves_the_case(staff, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    duties.assign_handler(staff["head"], enforcement, staff["officer"], D)
    before = state(enforcement)
    for other in ("officer2", "mid_officer"):  # in scope, or of a higher court: not the handler
        with pytest.raises(Denied) as err:
            services.transition(staff[other], enforcement, "notify", dt.date(2025, 7, 3))
        assert err.value.code == "not_case_handler"
        assert "officer" in err.value.message_en
    assert state(enforcement) == before
    services.transition(staff["officer"], enforcement, "notify", dt.date(2025, 7, 3))
    entry = AuditEntry.objects.filter(action="cases.transition.notify").get()
    assert (entry.actor_name, entry.after["acting_as"]) == ("officer", "handler")


def test_the_handler_still_needs_the_role_and_no_conflict(staff, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    officer = staff["officer"]
    duties.assign_handler(staff["head"], enforcement, officer, D)
    objection = services.file_case(
        None, court_code="黔0102", type_code="执异", filed_on=dt.date(2025, 8, 4), origin=enforcement
    )
    Assignment.objects.create(  # e.g. recorded by a legacy system before this one enforced 审执分离
        case=objection,
        user_id=officer.pk,
        user_name="officer",
        capacity="panel",
        assigned_by="legacy",
        assigned_on=dt.date(2025, 8, 4),
    )
    with pytest.raises(Denied) as err:
        services.transition(officer, enforcement, "notify", dt.date(2025, 8, 5))
    assert err.value.code == "reviewer_handled_case"
    Assignment.objects.filter(case=objection).delete()
    revoke_role(None, officer, "enforcement_officer")
    officer.refresh_from_db()
    officer.__dict__.pop("_role_codes", None)
    with pytest.raises(Denied):
        services.transition(officer, enforcement, "notify", dt.date(2025, 8, 5))


def test_the_system_moves_without_a_handler(judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    moved = services.transition(None, enforcement, "notify", dt.date(2025, 7, 3))
    assert moved.status == "notified"
    entry = AuditEntry.objects.filter(action="cases.transition.notify").get()
    assert entry.after["acting_as"] == "system"


def test_reassignment_needs_a_reason_and_keeps_the_history(staff, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    head = staff["head"]
    with pytest.raises(Denied) as err:  # an officer does not assign
        duties.assign_handler(staff["officer"], enforcement, staff["officer"], D)
    assert err.value.code == "permission_denied"
    with pytest.raises(LawError) as err:
        duties.assign_handler(head, enforcement, staff["officer"], dt.date(2025, 6, 30))
    assert err.value.code == "before_filing"
    duties.assign_handler(head, enforcement, staff["officer"], D)
    assert duties.assign_handler(head, enforcement, staff["officer"], D).user_name == "officer"  # no-op
    with pytest.raises(LawError) as err:
        duties.assign_handler(head, enforcement, staff["officer2"], dt.date(2025, 8, 1))
    assert err.value.code == "reason_required"
    duties.assign_handler(head, enforcement, staff["officer2"], dt.date(2025, 8, 1), reason="原承办人调岗")
    handler = assignments.current_handler(enforcement)
    assert handler is not None
    assert handler.user_name == "officer2"
    former = Assignment.objects.get(case=enforcement, user_id=staff["officer"].pk)
    assert former.ended_on == dt.date(2025, 8, 1)  # kept: 审执分离 remembers who handled the case
    assert staff["officer"].pk in _barred_from_its_objection(enforcement)
    with pytest.raises(Denied) as err:
        services.transition(staff["officer"], enforcement, "notify", dt.date(2025, 8, 2))
    assert err.value.code == "not_case_handler"
    services.transition(staff["officer2"], enforcement, "notify", dt.date(2025, 8, 2))
    entry = AuditEntry.objects.filter(action="cases.assignment.handler").last()
    assert entry is not None
    assert (entry.before, entry.after) == (
        {"handler": "officer"},
        {"handler": "officer2", "reason": "原承办人调岗"},
    )
    nodes = list(NodeLog.objects.filter(case=enforcement).values_list("node", flat=True))
    assert nodes == ["filing", "assignment", "reassignment", "notify"]


def _barred_from_its_objection(enforcement: Case) -> set[int]:
    objection = services.file_case(
        None, court_code="黔0102", type_code="执异", filed_on=dt.date(2025, 8, 4), origin=enforcement
    )
    return assignments.conflicting_people(objection)


def test_who_may_assign(staff, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    with pytest.raises(LawError) as err:  # a division head of another district does not see the case
        duties.assign_handler(staff["zunyi_head"], enforcement, staff["officer"], D)
    assert err.value.code == "case_not_found"
    with pytest.raises(Denied) as err:  # the handler belongs to the case's court
        duties.assign_handler(staff["head"], enforcement, staff["officer_zunyi"], D)
    assert err.value.code == "assignee_out_of_scope"
    with pytest.raises(Denied) as err:  # and holds the role its type needs
        duties.assign_handler(staff["head"], enforcement, staff["judge"], D)
    assert err.value.code == "assignment_role_missing"
    duties.assign_handler(staff["mid_head"], enforcement, staff["officer"], D)  # a higher court's head


def test_handler_through_the_api(client: Client, staff, judgment_and_enforcement) -> None:
    _, enforcement = judgment_and_enforcement
    url = f"/api/cases/{enforcement.case_number}/handler"
    head = token(staff["head"], ("case:view", "case:assign"))
    r = client.post(url, {"username": "officer", "on": "2025-07-02"}, "application/json", **head)
    assert r.status_code == 200, r.content
    assert r.json()["handler"] == "officer"
    r = client.post(url, {"username": "officer2", "on": "2025-07-05"}, "application/json", **head)
    assert (r.status_code, r.json()["code"]) == (422, "reason_required")
    officer = token(staff["officer"], ("case:view", "enforcement:handle"))
    r = client.post(url, {"username": "officer", "on": "2025-07-05"}, "application/json", **officer)
    assert r.status_code == 403
    detail = client.get(f"/api/cases/{enforcement.case_number}", **token(staff["officer"], ("case:view",)))
    assert detail.json()["handler"] == "officer"
    with_moves = token(staff["officer"], ("case:view", "enforcement:handle"))
    assert client.get(f"/api/cases/{enforcement.case_number}", **with_moves).json()["actions"] == [
        "notify",
        "suspend",  # 中止执行 (free for the handler unless a transfer to bankruptcy binds the case)
        "close",
    ]
    other = token(staff["officer2"], ("case:view", "enforcement:handle"))
    assert client.get(f"/api/cases/{enforcement.case_number}", **other).json()["actions"] == []
    r = client.post(
        f"/api/cases/{enforcement.case_number}/transitions",
        {"name": "notify", "on": "2025-07-03"},
        "application/json",
        **other,
    )
    assert (r.status_code, r.json()["code"]) == (403, "not_case_handler")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_offers_moves_to_the_handler_and_assignment_to_the_head(
    staff, judgment_and_enforcement
) -> None:
    _, enforcement = judgment_and_enforcement
    url = reverse("cases:detail", args=[enforcement.case_number])
    officer = signed_in(staff["officer"])
    body = officer.get(url).content.decode()
    assert 'data-action="' not in body  # unassigned: nobody's moves
    assert "尚未分案" in body
    assert 'id="assign-handler"' not in body
    head = signed_in(staff["head"])
    page = head.get(url).content.decode()
    form = page.split('id="assign-handler"', 1)[1].split("</form>", 1)[0]
    assert 'value="officer"' in form
    assert 'value="officer2"' in form
    assert 'value="judge"' not in form  # not an enforcement officer
    r = head.post(
        reverse("cases:assign_handler", args=[enforcement.case_number]),
        {"username": "officer", "on": "2025-07-02"},
    )
    assert r.status_code == 302
    body = officer.get(url).content.decode()
    assert 'data-action="notify"' in body
    assert 'data-action="extend"' not in body  # needs approval: asked for, never made directly
    assert 'data-approval-request="extend"' in body
    assert 'data-action="' not in signed_in(staff["officer2"]).get(url).content.decode()
    r = head.post(
        reverse("cases:assign_handler", args=[enforcement.case_number]),
        {"username": "officer2", "on": "2025-07-03"},
    )
    assert r.status_code == 422
    assert "reason_required" in r.content.decode()
    r = officer.post(
        reverse("cases:assign_handler", args=[enforcement.case_number]),
        {"username": "officer", "on": "2025-07-03"},
    )
    assert r.status_code == 403
    r = signed_in(staff["officer2"]).post(
        reverse("cases:transition", args=[enforcement.case_number]), {"name": "notify", "on": "2025-07-03"}
    )
    assert r.status_code == 403
    assert "not_case_handler" in r.content.decode()
    assert Case.objects.get(pk=enforcement.pk).status == "filed"
