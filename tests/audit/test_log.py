"""The audit log: chained in the writer's transaction, tamper-evident, append-only, signed checkpoints."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from tests.races import skip_on_one_connection
from zhiyuan.audit import verification
from zhiyuan.audit.models import AppendOnlyError, AuditEntry, AuditHead
from zhiyuan.audit.services import Actor, record

pytestmark = pytest.mark.django_db
ALICE = Actor(7, "alice", "filing_clerk", "黔0102", "127.0.0.1")


def write(n: int) -> None:
    for i in range(n):
        record(
            ALICE, "test.write", object_type="thing", object_id=str(i), before={"v": i}, after={"v": i + 1}
        )


def sql(statement: str, params: tuple[object, ...] = ()) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


def without_triggers(statement: str, params: tuple[object, ...] = ()) -> None:
    """What a database superuser could do behind the application's back."""
    if connection.vendor == "postgresql":
        sql("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        sql(statement, params)
        sql("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    else:
        sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
        sql(statement, params)


def test_entries_chain_and_verify() -> None:
    write(10)
    report = verification.verify()
    assert report.ok
    assert report.size == 10
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 11))
    assert AuditHead.objects.get().chain_hash == AuditEntry.objects.last().chain_hash


def test_an_entry_rolls_back_with_its_change() -> None:
    write(2)

    def doomed_change() -> None:
        with transaction.atomic():
            record(ALICE, "test.doomed")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        doomed_change()
    assert AuditEntry.objects.count() == 2
    write(1)
    assert verification.verify().ok


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_auditentry SET actor_name = 'mallory' WHERE seq = 4", "content_altered"),
        ("UPDATE audit_auditentry SET after = NULL WHERE seq = 4", "content_altered"),
        ("DELETE FROM audit_auditentry WHERE seq = 4", "sequence_gap"),
        ("DELETE FROM audit_auditentry WHERE seq > 7", "truncated"),
    ],
)
def test_tampering_behind_the_applications_back_is_caught(statement: str, problem: str) -> None:
    write(9)
    without_triggers(statement)
    report = verification.verify()
    assert not report.ok
    assert report.first_broken["problem"] == problem
    assert report.first_broken["seq"] in {4, 5, 8}


def test_rewriting_a_row_with_a_fresh_leaf_hash_still_breaks_the_chain() -> None:
    write(6)
    row = AuditEntry.objects.filter(seq=3).values().get()
    row["actor_name"] = "mallory"
    from zhiyuan.audit.chain import entry_leaf

    without_triggers(
        "UPDATE audit_auditentry SET actor_name = %s, leaf_hash = %s WHERE seq = 3",
        ("mallory", entry_leaf(row)),
    )
    report = verification.verify()
    assert report.first_broken["problem"] == "chain_broken"
    assert report.first_broken["seq"] == 3


def test_verify_command_reports_the_first_broken_entry() -> None:
    write(5)
    out = io.StringIO()
    call_command("audit", "verify", "--json", stdout=out)
    assert json.loads(out.getvalue())["ok"] is True
    without_triggers("UPDATE audit_auditentry SET object_id = 'x' WHERE seq = 2")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("audit", "verify", "--json", stdout=out)
    assert exited.value.code == 1
    assert json.loads(out.getvalue())["first_broken"]["seq"] == 2


def test_the_application_cannot_change_or_delete_entries() -> None:
    write(2)
    entry = AuditEntry.objects.first()
    entry.actor_name = "mallory"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(actor_name="x")


def test_the_database_refuses_updates_too() -> None:
    write(1)
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic():
        sql("UPDATE audit_auditentry SET actor_name = 'mallory'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            sql("DELETE FROM audit_auditentry")


def test_signed_checkpoint_round_trip(tmp_path: Path) -> None:
    write(5)
    out = io.StringIO()
    call_command("audit", "checkpoint", "--out", str(tmp_path / "cp.json"), stdout=out)
    cp = json.loads(out.getvalue())
    assert cp["size"] == 5
    assert verification.verify_checkpoint(cp)["ok"]
    write(3)  # the log grows: the old checkpoint still holds for its prefix
    assert verification.verify_checkpoint(cp)["ok"]
    forged = {**cp, "size": 4}
    assert not verification.verify_checkpoint(forged)["signature_ok"]
    without_triggers("UPDATE audit_auditentry SET action = 'x' WHERE seq = 1")
    result = verification.verify_checkpoint(cp)
    assert result["signature_ok"]
    assert not result["log_matches"]
    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--checkpoint", str(tmp_path / "cp.json"), stdout=io.StringIO())


def test_personal_numbers_are_masked_in_before_and_after() -> None:
    entry = record(
        ALICE,
        "test.pii",
        before={"id_number": "11010519491231002X", "note": "身份证 520102199003070014"},
        after={"password": "Secret#1", "bank_account": "6222021234567890128"},
    )
    stored = json.dumps([entry.before, entry.after], ensure_ascii=False)
    assert "11010519491231002X" not in stored
    assert "520102199003070014" not in stored
    assert "Secret#1" not in stored
    assert "110105********002X" in stored


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_unbroken_chain() -> None:
    skip_on_one_connection()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(15):
                with transaction.atomic():
                    record(Actor(n, f"w{n}"), "test.parallel", object_id=str(i))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verification.verify()
    assert report.ok
    assert report.size == 90
