"""Reading the audit log is itself audited: through the API (list, export) and the admin (list, detail) —
who read, with which filter, and how many rows they got."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts import services as accounts
from zhiyuan.accounts.models import User
from zhiyuan.audit import verification
from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor, record

pytestmark = pytest.mark.django_db
ALICE = Actor(7, "alice", "filing_clerk", "黔0102", "127.0.0.1")


def write(n: int, action: str = "test.write") -> None:
    for i in range(n):
        record(ALICE, action, object_id=str(i), after={"v": i})


def last(action: str) -> AuditEntry:
    entry = AuditEntry.objects.filter(action=action).order_by("-seq").first()
    assert entry is not None, f"no {action} entry"
    return entry


@pytest.fixture
def token(make_user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    user = make_user("aud1", roles=("audit_admin",))
    _, raw = accounts.issue_token(None, user, "reader", ["audit:read", "audit:export"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def admin_client(make_user) -> Client:  # type: ignore[no-untyped-def]
    make_user("aud2", roles=("audit_admin",))
    user = User.objects.get(username="aud2")
    browser = Client()
    browser.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = browser.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return browser


def test_listing_entries_over_the_api_is_audited(client: Client, token: dict[str, str]) -> None:
    write(7)
    write(2, "test.other")
    r = client.get("/api/audit/entries?action=test.write&limit=5&offset=1", **token)
    assert r.status_code == 200
    assert len(r.json()) == 5
    read = last("audit.read")
    assert read.actor_name == "aud1"
    assert read.after["via"] == "api"
    assert read.after["view"] == "list"
    assert read.after["filter"]["action"] == "test.write"
    assert read.after["filter"]["offset"] == 1
    assert read.after["filter"]["limit"] == 5
    assert read.after["rows"] == 5
    assert verification.verify().ok


def test_an_export_is_audited_with_the_number_of_rows_it_sent(client: Client, token: dict[str, str]) -> None:
    write(4)
    write(3, "test.other")
    r = client.get("/api/audit/export?action=test.other", **token)
    lines = [json.loads(line) for line in b"".join(r.streaming_content).decode().splitlines()]
    assert [row["action"] for row in lines] == ["test.other"] * 3
    export = last("audit.export")
    assert export.actor_name == "aud1"
    assert export.after["view"] == "export"
    assert export.after["filter"]["action"] == "test.other"
    assert export.after["rows"] == len(lines) == 3


def test_the_export_count_matches_what_is_sent_even_as_the_log_grows(
    client: Client, token: dict[str, str]
) -> None:
    write(3)
    r = client.get("/api/audit/export", **token)
    write(5)  # appended after the export was asked for, before it is read
    lines = b"".join(r.streaming_content).decode().splitlines()
    assert last("audit.export").after["rows"] == len(lines)


def test_a_refused_read_is_audited_as_denied(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    officer = make_user("officer", roles=("enforcement_officer",), court="黔0102")
    _, raw = accounts.issue_token(None, officer, "t", ["case:view"])
    assert client.get("/api/audit/entries", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 403
    denied = last("auth.denied")
    assert denied.after == {"attempted": "audit:read"}
    assert not AuditEntry.objects.filter(action="audit.read").exists()


def test_the_admin_list_and_detail_are_audited(admin_client: Client) -> None:
    write(3)
    r = admin_client.get("/admin/audit/auditentry/?action=test.write&q=alice")
    assert r.status_code == 200
    read = last("audit.read")
    assert read.actor_name == "aud2"
    assert read.after["via"] == "admin"
    assert read.after["view"] == "list"
    assert read.after["filter"] == {"action": "test.write", "q": "alice"}
    assert read.after["rows"] == read.after["matched"] == 3
    shown = AuditEntry.objects.get(action="test.write", object_id="1")
    r = admin_client.get(f"/admin/audit/auditentry/{shown.pk}/change/")
    assert r.status_code == 200
    detail = last("audit.read")
    assert detail.after["view"] == "detail"
    assert detail.object_type == "audit.auditentry"
    assert detail.object_id == str(shown.seq)
    assert detail.after["rows"] == 1


def test_the_admin_checkpoint_list_is_audited(admin_client: Client) -> None:
    write(2)
    verification.checkpoint()
    assert admin_client.get("/admin/audit/auditcheckpoint/").status_code == 200
    read = last("audit.read")
    assert read.object_type == "audit.auditcheckpoint"
    assert read.after["rows"] == 1


def test_an_invalid_filter_lists_nothing_and_records_no_read(admin_client: Client) -> None:
    r = admin_client.get("/admin/audit/auditentry/?nonsense_filter=1")
    assert r.status_code == 302  # the admin redirects an invalid filter to ?e=1 without listing anything
    assert not AuditEntry.objects.filter(action="audit.read").exists()
