"""Who did it (issue 11): a partner user's moves — through the partner API with an organization token, or
through the pages — are recorded in the audit log and the case's node log under that person (and the
token they used), not as the system's with the person named only in a note."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.mediation import services
from zhiyuan.mediation.models import Mediation

from .conftest import APPLICANT, PAYMENT, RESPONDENT
from .test_partner_api import BASE

pytestmark = pytest.mark.django_db


def _token(user: Any) -> tuple[dict[str, str], str]:
    token, raw = accounts.issue_token(None, user, "调解平台对接", ["partner:handle", "mediation:conduct"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}, f"{token.prefix}… 调解平台对接"


def _case_entries(case: Case) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk)))


def test_moves_through_the_partner_api_are_recorded_under_the_partner_user_and_the_token(
    staff: dict[str, Any], orgs: dict[str, Any]
) -> None:
    partner = staff["partner"]
    h, label = _token(partner)
    start = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    c = Client()
    body = {
        "applicants": [{"name": APPLICANT[0], "id_number": APPLICANT[1]}],
        "respondents": [{"name": RESPONDENT[0], "id_number": RESPONDENT[1]}],
        "description": "张三借给李四三万元，约定半年归还，到期未还。",
        "focus_type": "private_lending",
        "on": "2025-09-01",
    }
    made = c.post(BASE, body, content_type="application/json", **h)
    assert made.status_code == 201, made.content
    m = Mediation.objects.get(pk=made.json()["id"])
    steps = [
        ("sessions", {"held_on": "2025-09-10", "mode": "online", "attendance": [APPLICANT[0]]}),
        ("agreement", {"items": [PAYMENT]}),
        ("outcome", {"outcome": "succeeded", "on": "2025-09-20", "note": "双方签署"}),
        ("confirmation", {"route": "confirmation", "on": "2025-09-22"}),
    ]
    for step, data in steps:
        r = c.post(f"{BASE}/{m.pk}/{step}", data, content_type="application/json", **h)
        assert r.status_code in (200, 201), (step, r.content)
    m.refresh_from_db()
    assert m.follow_up is not None
    # every node of both cases, filings included, names the partner user and the token
    nodes = list(NodeLog.objects.filter(case__in=[m.case, m.follow_up]).order_by("pk"))
    assert [(n.case_id, n.node) for n in nodes] == [
        (m.case_id, "filing"),
        (m.case_id, "session"),
        (m.case_id, "succeed"),
        (m.follow_up_id, "filing"),
    ]
    assert {(n.actor_id, n.actor_name, n.payload["via"]) for n in nodes} == {
        (partner.pk, "partner", f"token:{label}")
    }
    assert nodes[2].payload["note"] == "双方签署"  # the note is the partner's own, naming no one
    # so does every audit record of the moves, the cases' and the mediation's
    entries = _case_entries(m.case) + _case_entries(m.follow_up)
    assert [e.action for e in entries] == ["cases.case.file", "cases.transition.succeed", "cases.case.file"]
    own = list(AuditEntry.objects.filter(object_type="mediation.mediation", object_id=str(m.pk)))
    assert [e.action for e in own] == [
        "mediation.register_by_partner",
        "mediation.session",
        "mediation.agreement.save",
        "mediation.succeed",
        "mediation.confirmation.request",
    ]
    for e in entries + own:
        assert (e.actor_id, e.actor_name) == (partner.pk, "partner"), e.action
        assert e.actor_roles == f"partner_user token:{label}", e.action
    assert entries[1].after["acting_as"] == "workflow:mediation"  # the workflow checked the permission
    # and nothing was recorded under anyone else meanwhile
    later = AuditEntry.objects.filter(seq__gt=start)
    assert {(e.actor_id, e.actor_name) for e in later} == {(partner.pk, "partner")}


def test_a_partner_users_moves_without_a_token_name_the_person(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    partner = staff["partner"]
    c = Client()
    c.force_login(partner)
    r = c.post(f"/mediation/{mediation.pk}/withdraw/", {"on": "2025-09-05", "reason": "申请人撤回"})
    assert r.status_code in (200, 302), r.content
    mediation.refresh_from_db()
    assert mediation.status == "withdrawn"
    node = mediation.case.nodes.get(node="withdraw")
    assert (node.actor_id, node.actor_name, node.payload) == (
        partner.pk,
        "partner",
        {"closing_method": "withdrawal", "note": "申请人撤回"},
    )
    entry = AuditEntry.objects.get(action="cases.transition.withdraw", object_id=str(mediation.case_id))
    assert (entry.actor_id, entry.actor_name, entry.actor_roles) == (partner.pk, "partner", "partner_user")


def test_failure_reported_by_a_partner_files_the_trial_case_under_the_partner(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    trial = services.fail(staff["partner"], mediation, on=dt.date(2025, 9, 30), reason="被申请人拒绝调解")
    for case, action in ((mediation.case, "cases.transition.fail"), (trial, "cases.case.file")):
        entry = AuditEntry.objects.get(action=action, object_id=str(case.pk))
        assert (entry.actor_id, entry.actor_name) == (staff["partner"].pk, "partner")
    assert {n.actor_name for n in trial.nodes.all()} == {"partner"}
