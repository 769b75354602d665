"""Moves that need approval (extending the enforcement time limit, 审限规定 Art 5: 经本院院长批准) run only
through the approval workflow: the handler asks, an approver of the case's own court grants with a second
factor, and the grant carries the move out once. The plain transition endpoint (API and page) refuses
them, for the president too, every time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts import services as accounts
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import duties, services
from zhiyuan.cases.models import Approval, ApprovalStatus, Case, CaseDeadline, NodeLog
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
ASKED = dt.date(2025, 12, 20)
DECIDED = dt.date(2025, 12, 22)


@pytest.fixture
def staff(people: dict[str, Any], make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        **people,
        "head": make_user("head", roles=("division_head",), court="黔0102"),
        "officer2": make_user("officer2", roles=("enforcement_officer",), court="黔0102"),
        "president": make_user("president", roles=("court_president",), court="黔0102"),
        "mid_president": make_user("mid_president", roles=("court_president",), court="黔01"),
    }


@pytest.fixture
def enforcement(staff: dict[str, Any], judgment_and_enforcement: tuple[Any, Any]) -> Case:
    """The enforcement case, handled by the officer, notified."""
    _, case = judgment_and_enforcement
    duties.assign_handler(staff["head"], case, staff["officer"], dt.date(2025, 7, 2))
    return services.transition(staff["officer"], case, "notify", dt.date(2025, 7, 3))


def snapshot(case: Case) -> tuple[object, ...]:
    return (
        Case.objects.get(pk=case.pk).status,
        NodeLog.objects.filter(case=case).count(),
        CaseDeadline.objects.filter(case=case).count(),
    )


def verified(user: Any) -> Any:
    user.is_verified = lambda: True
    return user


def test_extend_is_refused_through_the_plain_endpoint_every_time(client: Client, staff, enforcement) -> None:
    before = snapshot(enforcement)
    for who in ("president", "head"):
        with pytest.raises(Denied) as err:
            services.transition(verified(staff[who]), enforcement, "extend", dt.date(2025, 12, 22))
        assert err.value.code == "approval_required"
    with pytest.raises(LawError) as err:  # not the system either
        services.transition(None, enforcement, "extend", dt.date(2025, 12, 22))
    assert err.value.code == "approval_required"
    with pytest.raises(Denied) as err:  # nor the handler
        services.transition(staff["officer"], enforcement, "extend", dt.date(2025, 12, 22))
    assert err.value.code == "approval_required"
    _, raw = accounts.issue_token(None, staff["president"], "t", ["case:view", "approval:grant"])
    for _ in range(2):
        r = client.post(
            f"/api/cases/{enforcement.case_number}/transitions",
            {"name": "extend", "on": "2025-12-22"},
            "application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert (r.status_code, r.json()["code"]) == (403, "approval_required")
    page = Client()
    page.force_login(staff["president"])
    r = page.post(
        reverse("cases:transition", args=[enforcement.case_number]), {"name": "extend", "on": "2025-12-22"}
    )
    assert r.status_code == 403
    assert "approval_required" in r.content.decode()
    assert (
        'data-action="extend"'
        not in page.get(reverse("cases:detail", args=[enforcement.case_number])).content.decode()
    )
    assert snapshot(enforcement) == before
    assert not CaseDeadline.objects.filter(rule="enforcement_extension").exists()


def test_the_grant_carries_the_move_out_once(staff, enforcement) -> None:
    officer, president = staff["officer"], verified(staff["president"])
    with pytest.raises(Denied) as err:  # only the handler asks
        duties.request_approval(staff["officer2"], enforcement, "extend", "x", ASKED)
    assert err.value.code == "not_assigned"
    approval = duties.request_approval(officer, enforcement, "extend", "被执行人名下房产待处置", ASKED)
    with pytest.raises(LawError) as err:
        duties.request_approval(officer, enforcement, "extend", "again", ASKED)
    assert err.value.code == "approval_pending"
    with pytest.raises(Denied) as err:  # 本院院长: not the president of a higher court
        duties.decide(verified(staff["mid_president"]), approval, True, DECIDED)
    assert err.value.code == "approver_not_of_case_court"
    duties.decide(president, approval, True, DECIDED)
    case = Case.objects.get(pk=enforcement.pk)
    assert case.status == "notified"  # an extension leaves the state as it is
    rules = {d.rule: d for d in case.deadlines.all()}
    assert rules["enforcement_extension"].due == dt.date(2026, 3, 23)  # 2026-03-22 is a Sunday
    limit = rules["enforcement_time_limit"]  # superseded by the approved extension: not overdue
    assert (limit.met_on, limit.ended_on, limit.ended_by) == (None, DECIDED, "extend")
    node = NodeLog.objects.filter(case=case, node="extend").get()
    assert node.payload["approval"] == approval.pk
    assert node.actor_name == "president"
    entry = AuditEntry.objects.filter(action="cases.transition.extend").get()
    assert (entry.after["acting_as"], entry.after["approval"]) == ("approver", approval.pk)
    with pytest.raises(LawError) as err:
        duties.decide(president, approval, True, DECIDED)
    assert err.value.code == "approval_decided"
    approval.refresh_from_db()
    with pytest.raises(Denied) as err:  # a granted request is carried out once
        services.transition(president, case, "extend", DECIDED, approval=approval)
    assert err.value.code == "approval_required"
    assert NodeLog.objects.filter(case=case, node="extend").count() == 1
    services.transition(officer, case, "close", dt.date(2026, 2, 2), closing_method="fully_performed")
    rules = {d.rule: d for d in Case.objects.get(pk=case.pk).deadlines.all()}
    assert rules["enforcement_extension"].met_on == dt.date(2026, 2, 2)  # closing meets the extension


def test_the_page_asks_and_decides(staff, enforcement) -> None:
    url = reverse("cases:detail", args=[enforcement.case_number])
    officer = Client()
    officer.force_login(staff["officer"])
    body = officer.get(url).content.decode()
    assert 'data-approval-request="extend"' in body
    r = officer.post(
        reverse("cases:request_approval", args=[enforcement.case_number]),
        {"transition": "extend", "on": "2025-12-20", "reason": "财产待处置"},
    )
    assert r.status_code == 302
    approval = Approval.objects.get(case=enforcement)
    assert 'data-approval-request="extend"' not in officer.get(url).content.decode()  # one pending
    decide_url = reverse("cases:decide_approval", args=[enforcement.case_number, approval.pk])
    president = Client()
    president.force_login(staff["president"])
    assert f'action="{decide_url}"' in president.get(url).content.decode()
    r = president.post(decide_url, {"grant": "1", "on": "2025-12-22"})
    assert r.status_code == 403  # signed in without the second factor
    assert "second_factor_required" in r.content.decode()
    device = TOTPDevice.objects.create(user=staff["president"], name="phone", confirmed=True)
    session = president.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    r = president.post(decide_url, {"grant": "1", "on": "2025-12-22"})
    assert r.status_code == 302
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.GRANTED
    assert CaseDeadline.objects.filter(case=enforcement, rule="enforcement_extension").count() == 1
    assert 'data-approval="' not in president.get(url).content.decode()
