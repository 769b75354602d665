"""The scheduler's daily audit checkpoint: verified, signed, stored in the database, audited, and filed in
``ZHIYUAN_AUDIT_CHECKPOINT_DIR`` — or refused, and audited, when the chain is broken."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.audit.tampering import without_triggers
from zhiyuan.audit import verification
from zhiyuan.audit.models import AuditCheckpoint, AuditEntry
from zhiyuan.audit.services import Actor, record

pytestmark = pytest.mark.django_db
ALICE = Actor(7, "alice", "filing_clerk", "黔0102", "127.0.0.1")


def write(n: int) -> None:
    for i in range(n):
        record(ALICE, "test.write", object_id=str(i))


def run_scheduler(now: str) -> dict[str, str]:
    """One scheduler pass; in tests the task backend runs the jobs at once."""
    out = io.StringIO()
    call_command("scheduler", "--once", "--json", "--now", now, stdout=out)
    return {o["job"]: o["status"] for o in json.loads(out.getvalue())}


def test_the_daily_checkpoint_is_stored_filed_and_verifiable(tmp_path: Path) -> None:
    write(5)
    directory = tmp_path / "checkpoints"
    with override_settings(ZHIYUAN_AUDIT_CHECKPOINT_DIR=str(directory)):
        assert run_scheduler("2026-05-01T02:05")["audit.checkpoint"] == "enqueued"
    [stored] = AuditCheckpoint.objects.all()
    assert stored.size == 5
    [filed] = directory.glob("audit-checkpoint-*.json")
    cp = json.loads(filed.read_text(encoding="utf-8"))
    assert (cp["size"], cp["root"], cp["signature"]) == (stored.size, stored.root, stored.signature)
    assert filed.name == f"audit-checkpoint-{cp['at'].replace('-', '').replace(':', '')}-5.json"
    entry = AuditEntry.objects.get(action="audit.checkpoint")
    assert entry.actor_name == "zhiyuan scheduler: audit.checkpoint"
    assert entry.after["size"] == 5
    assert verification.verify_checkpoint(cp)["ok"]
    call_command("audit", "verify", "--checkpoint", str(filed), stdout=io.StringIO())  # exit 0


def test_without_a_directory_the_checkpoint_goes_to_the_database_only(tmp_path: Path) -> None:
    write(2)
    with override_settings(ZHIYUAN_AUDIT_CHECKPOINT_DIR=""):
        run_scheduler("2026-05-01T02:05")
    assert AuditCheckpoint.objects.count() == 1
    assert list(tmp_path.iterdir()) == []


def test_the_command_files_a_copy_too(tmp_path: Path) -> None:
    write(2)
    with override_settings(ZHIYUAN_AUDIT_CHECKPOINT_DIR=str(tmp_path)):
        call_command("audit", "checkpoint", "--out", str(tmp_path / "mine.json"), stdout=io.StringIO())
    assert len(list(tmp_path.glob("audit-checkpoint-*.json"))) == 1
    assert (tmp_path / "mine.json").exists()


def test_a_broken_chain_is_not_signed_and_the_refusal_is_audited(tmp_path: Path) -> None:
    write(4)
    without_triggers(("UPDATE audit_auditentry SET object_id = 'x' WHERE seq = 2", ()))
    with override_settings(ZHIYUAN_AUDIT_CHECKPOINT_DIR=str(tmp_path)):
        run_scheduler("2026-05-01T02:05")
    assert not AuditCheckpoint.objects.exists()
    assert list(tmp_path.iterdir()) == []
    refused = AuditEntry.objects.get(action="audit.checkpoint")
    assert refused.outcome == "failure"
    assert refused.after["first_broken"]["seq"] == 2


def test_a_copy_that_cannot_be_written_undoes_the_checkpoint(tmp_path: Path) -> None:
    write(3)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    with override_settings(ZHIYUAN_AUDIT_CHECKPOINT_DIR=str(blocker)):
        run_scheduler("2026-05-01T02:05")
    assert not AuditCheckpoint.objects.exists()
    refused = AuditEntry.objects.get(action="audit.checkpoint")
    assert refused.outcome == "failure"
    assert "Error" in refused.after["error"]
