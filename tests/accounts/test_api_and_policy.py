"""Through the API: tokens and their scopes, the administrators' operations, denials audited."""

from __future__ import annotations

import pytest
from django.test import Client

from zhiyuan.accounts import policy, services
from zhiyuan.audit.models import AuditEntry
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_scopes_narrow_the_users_permissions(client: Client, make_user) -> None:
    officer = make_user("officer", roles=("enforcement_officer",), court="黔0102")
    _, raw = services.issue_token(None, officer, "inquiry robot", ["case:view", "enforcement:inquiry"])
    me = client.get("/api/accounts/me", **bearer(raw)).json()
    assert me["permissions"] == ["case:view", "enforcement:inquiry"]
    assert me["scope_courts"] == 1
    with pytest.raises(LawError) as err:
        services.issue_token(None, officer, "too wide", ["audit:read"])
    assert err.value.code == "token_scope"


def test_bad_revoked_and_missing_tokens_are_refused(client: Client, make_user) -> None:
    officer = make_user("officer", roles=("enforcement_officer",), court="黔0102")
    token, raw = services.issue_token(None, officer, "t", ["case:view"])
    assert client.get("/api/accounts/me").status_code == 401
    assert client.get("/api/accounts/me", **bearer("zy_nonsense")).status_code == 401
    services.revoke_token(None, token)
    assert client.get("/api/accounts/me", **bearer(raw)).status_code == 401


def test_three_administrators_each_only_their_own_job(client: Client, make_user) -> None:
    sysadmin = make_user("sys1", roles=("system_admin",))
    secadmin = make_user("sec1", roles=("security_admin",))
    make_user("aud1", roles=("audit_admin",))
    _, sys_raw = services.issue_token(None, sysadmin, "t", ["admin:users"])
    _, sec_raw = services.issue_token(None, secadmin, "t", ["security:roles", "security:accounts"])
    body = {"username": "newclerk", "password": "Zhiyuan#2026", "court": "黔0103"}
    # the security administrator cannot create accounts; the system administrator can
    r = client.post("/api/accounts/users", body, content_type="application/json", **bearer(sec_raw))
    assert r.status_code == 403
    assert r.json()["code"] == "permission_denied"
    r = client.post("/api/accounts/users", body, content_type="application/json", **bearer(sys_raw))
    assert r.status_code == 201
    # the system administrator cannot grant roles; the security administrator can
    r = client.post(
        "/api/accounts/users/newclerk/roles",
        {"role": "filing_clerk"},
        content_type="application/json",
        **bearer(sys_raw),
    )
    assert r.status_code == 403
    r = client.post(
        "/api/accounts/users/newclerk/roles",
        {"role": "filing_clerk"},
        content_type="application/json",
        **bearer(sec_raw),
    )
    assert r.json()["roles"] == ["filing_clerk"]
    # neither can read the audit log
    for raw in (sys_raw, sec_raw):
        assert client.get("/api/audit/entries", **bearer(raw)).status_code == 403
    denied = AuditEntry.objects.filter(action="auth.denied", outcome="denied").count()
    assert denied == 4


def test_role_conflicts_and_affiliations_are_refused(client: Client, make_user) -> None:
    judge = make_user("judge", roles=("trial_judge",), court="黔0102")
    with pytest.raises(LawError) as err:
        services.grant_role(None, judge, "enforcement_officer")  # 审执分离
    assert err.value.code == "role_conflict"
    with pytest.raises(LawError) as err:
        services.grant_role(None, judge, "audit_admin")  # 三员 hold nothing else
    assert err.value.code == "role_conflict"
    nobody = make_user("floating")
    with pytest.raises(LawError) as err:
        services.grant_role(None, nobody, "enforcement_officer")
    assert err.value.code == "role_affiliation"
    sec = make_user("sec1", roles=("security_admin",))
    with pytest.raises(LawError) as err:
        services.grant_role(sec, sec, "audit_admin")
    assert err.value.code == "self_grant"


def test_lockout_is_lifted_by_the_security_administrator(client: Client, make_user) -> None:
    make_user("clerk", roles=("filing_clerk",), court="黔0102")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong-Password1"})
    assert (
        client.post("/accounts/login/", {"username": "clerk", "password": "Zhiyuan#2026"}).status_code == 429
    )
    sec = make_user("sec1", roles=("security_admin",))
    _, raw = services.issue_token(None, sec, "t", ["security:accounts"])
    r = client.post("/api/accounts/users/clerk/unlock", **bearer(raw))
    assert r.status_code == 200
    assert r.json() == {"username": "clerk", "status": "unlocked", "addresses": ["127.0.0.1"]}
    entry = AuditEntry.objects.filter(action="accounts.user.unlock").get()
    assert entry.before["locked_addresses"] == ["127.0.0.1"]
    assert (
        client.post("/accounts/login/", {"username": "clerk", "password": "Zhiyuan#2026"}).status_code == 302
    )


def test_trial_judge_is_denied_enforcement_measures_and_it_is_audited(make_user) -> None:
    judge = make_user("judge", roles=("trial_judge",), court="黔0102")
    for permission in ("enforcement:measure", "credit:list"):
        with pytest.raises(Denied):
            policy.authorize(judge, permission)
    officer = make_user("officer", roles=("enforcement_officer",), court="黔0102")
    policy.authorize(officer, "enforcement:measure")
    entries = AuditEntry.objects.filter(action="auth.denied")
    assert [e.after["attempted"] for e in entries] == ["enforcement:measure", "credit:list"]
    assert all(e.actor_name == "judge" for e in entries)


def test_separation_of_duties_through_the_policy(make_user) -> None:
    officer = make_user("officer", roles=("enforcement_officer",), court="黔0102")
    reviewer = make_user("reviewer", roles=("enforcement_reviewer",), court="黔0102")
    policy.authorize_assignment(officer, "执")
    with pytest.raises(Denied) as err:
        policy.authorize_assignment(officer, "执异")
    assert err.value.code == "assignment_role_missing"
    with pytest.raises(Denied) as err:
        policy.authorize_assignment(reviewer, "执异", reviewed_handlers={reviewer.pk})
    assert err.value.code == "reviewer_handled_case"
    policy.authorize_assignment(reviewer, "执异", reviewed_handlers={officer.pk})
    policy.authorize_ruling(reviewer, "objection_ruling", "执异")
    with pytest.raises(Denied) as err:
        policy.authorize_ruling(reviewer, "objection_ruling", "执")
    assert err.value.code == "ruling_wrong_case_type"


def test_approvals_need_another_person_and_a_second_factor(make_user) -> None:
    head = make_user("head", roles=("division_head",), court="黔01")
    officer = make_user("officer", roles=("enforcement_officer",), court="黔0102")
    head.is_verified = lambda: False
    with pytest.raises(Denied) as err:
        policy.authorize_approval(head, requester_id=officer.pk)
    assert err.value.code == "second_factor_required"
    head.is_verified = lambda: True
    policy.authorize_approval(head, requester_id=officer.pk)
    with pytest.raises(Denied) as err:
        policy.authorize_approval(head, requester_id=head.pk)
    assert err.value.code == "self_approval"
    officer.is_verified = lambda: True
    with pytest.raises(Denied) as err:
        policy.authorize_approval(officer, requester_id=head.pk)
    assert err.value.code == "approval_role_missing"
