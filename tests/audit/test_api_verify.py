"""``/api/audit/verify`` verifies only what was appended since the last verified head (the chain is
append-only and hash-linked); ``?full=1`` recomputes everything, for the audit administrator, at most
once per interval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.audit.tampering import rewrite_chain_from, without_triggers
from zhiyuan.accounts import services as accounts
from zhiyuan.audit import verification
from zhiyuan.audit.models import AuditVerifiedHead
from zhiyuan.audit.services import Actor, record

pytestmark = pytest.mark.django_db
ALICE = Actor(7, "alice", "filing_clerk", "黔0102", "127.0.0.1")


def write(n: int) -> None:
    for i in range(n):
        record(ALICE, "test.write", object_id=str(i), after={"v": i})


@pytest.fixture
def auditor(make_user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    user = make_user("aud1", roles=("audit_admin",))
    _, raw = accounts.issue_token(None, user, "verifier", ["audit:verify", "audit:read", "audit:export"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def leaves_hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the entries whose leaf hash a verification recomputes."""
    seen: list[int] = []
    real = verification.entry_leaf

    def counting(row: dict[str, Any]) -> str:
        seen.append(row["seq"])
        return real(row)

    monkeypatch.setattr(verification, "entry_leaf", counting)
    return seen


def test_verify_reads_only_the_entries_appended_since_the_last_verified_head(
    client: Client, auditor: dict[str, str], leaves_hashed: list[int]
) -> None:
    write(40)
    first = client.get("/api/audit/verify", **auditor).json()
    assert first["ok"]
    assert first["mode"] == "full"  # nothing verified before: a complete run
    before = first["size"]
    write(5)
    leaves_hashed.clear()
    second = client.get("/api/audit/verify", **auditor).json()
    assert second["ok"]
    assert second["mode"] == "incremental"
    assert second["verified_from"] == before
    assert second["size"] == before + 6  # five writes and the audit.verify entry of the first call
    assert min(leaves_hashed) == before + 1
    assert len(leaves_hashed) == 6  # not 40-odd: the old entries are not recomputed
    assert {w["code"] for w in second["warnings"]} == {"no_external_checkpoint", "incremental_only"}
    assert second["last_full_verification"]
    # the same root and chain hash as a complete recomputation
    full = verification.verify(limit=second["size"])
    assert (second["root"], second["chain_hash"]) == (full.root, full.chain_hash)


def test_incremental_verification_still_catches_changes_to_new_entries(
    client: Client, auditor: dict[str, str]
) -> None:
    write(5)
    assert client.get("/api/audit/verify", **auditor).json()["ok"]
    write(4)
    without_triggers(("UPDATE audit_auditentry SET actor_name = 'mallory' WHERE seq = 9", ()))
    body = client.get("/api/audit/verify", **auditor).json()
    assert body["ok"] is False
    assert body["first_broken"]["seq"] == 9
    assert body["first_broken"]["problem"] == "content_altered"
    assert body["first_broken"]["message_en"]


def test_a_chain_rewritten_below_the_verified_head_is_reported_not_silently_accepted(
    client: Client, auditor: dict[str, str]
) -> None:
    write(6)
    verified = client.get("/api/audit/verify", **auditor).json()
    assert verified["ok"]
    rewrite_chain_from(2, "mallory")  # consistent again, hashes and head recomputed
    body = client.get("/api/audit/verify", **auditor).json()
    assert body["ok"] is False
    assert body["first_broken"]["problem"] == "rewritten"
    assert body["first_broken"]["seq"] == verified["size"]  # where the chain was last seen whole


def test_full_recomputation_is_for_the_auditor_and_rate_limited(
    client: Client, auditor: dict[str, str], leaves_hashed: list[int], make_user
) -> None:
    write(10)
    client.get("/api/audit/verify", **auditor)
    leaves_hashed.clear()
    r = client.get("/api/audit/verify?full=1", **auditor)
    assert r.status_code == 200
    assert r.json()["mode"] == "full"
    assert min(leaves_hashed) == 1
    again = client.get("/api/audit/verify?full=1", **auditor)
    assert again.status_code == 429
    assert again.json()["code"] == "throttled"
    assert 0 < int(again["Retry-After"]) <= verification.FULL_VERIFY_INTERVAL.total_seconds() + 1
    assert client.get("/api/audit/verify", **auditor).status_code == 200  # the cheap check stays open
    head = AuditVerifiedHead.objects.get()
    head.full_started_at -= verification.FULL_VERIFY_INTERVAL + dt.timedelta(seconds=1)
    head.save()
    assert client.get("/api/audit/verify?full=1", **auditor).status_code == 200
    officer = make_user("officer", roles=("enforcement_officer",), court="黔0102")
    _, raw = accounts.issue_token(None, officer, "t", ["case:view"])
    denied = client.get("/api/audit/verify?full=1", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert denied.status_code == 403


def test_each_verification_over_http_is_audited(client: Client, auditor: dict[str, str]) -> None:
    from zhiyuan.audit.models import AuditEntry

    write(2)
    client.get("/api/audit/verify", **auditor)
    entry = AuditEntry.objects.filter(action="audit.verify").get()
    assert entry.actor_name == "aud1"
    assert entry.after["mode"] == "full"
    assert entry.after["ok"] is True
