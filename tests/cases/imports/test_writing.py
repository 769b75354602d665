"""The write of a case file: everything is read, checked and planned before the write transaction, which
only writes (on SQLite it holds the database's one write lock); a plan whose cases changed meanwhile is
made again; an unchanged file opens no write transaction; the web import is outside the request's
transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.urls import resolve

from tests.cases.test_importing import csv_bytes, load, row
from tests.sqlite_lock import can_write_now, on_a_file
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import importing
from zhiyuan.cases.deadline_runs import start_running_deadlines
from zhiyuan.cases.imports import resolving, writing
from zhiyuan.cases.lifecycles import CLOSED, family_of
from zhiyuan.cases.models import Case, CaseDeadline


def _rows(n: int, year: int = 2024) -> list[dict[str, str]]:
    return [
        row(
            case_number=f"（{year}）黔0102民初{i}号",
            filed_on=f"{year}-03-01",
            plaintiffs=f"甲{i}",
            defendants="李四|520102199003070014" if i % 2 else f"乙{i}",
        )
        for i in range(1, n + 1)
    ]


_WRITE = writing.Writer.write


def _statements_in_write(monkeypatch: pytest.MonkeyPatch, data: bytes) -> list[str]:
    """The SQL the write transaction runs (one entry per statement, ``executemany`` counted once)."""
    seen: list[str] = []
    write = _WRITE

    def watched(self: Any, prepared: Any, rows: Any) -> None:
        def log(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            seen.append(sql.split()[0].upper() + (" many" if many else "") + " " + sql[:200])
            return execute(sql, params, many, context)

        with connection.execute_wrapper(log):
            write(self, prepared, rows)

    monkeypatch.setattr(writing.Writer, "write", watched)
    report = load(data)
    assert report.ok, report.errors
    assert report.written
    return seen


@pytest.mark.django_db
def test_the_write_only_writes_whatever_the_size_of_the_file(reference_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load(csv_bytes(_rows(1, 2022)))  # the audit chain's head exists from now on
    small = _statements_in_write(monkeypatch, csv_bytes(_rows(30, 2023)))
    large = _statements_in_write(monkeypatch, csv_bytes(_rows(600, 2024)))
    assert len(large) == len(small), (small, large)  # no statement per row or per batch of rows
    reads = [s for s in large if s.startswith("SELECT")]
    assert len(reads) <= 4, reads  # the number counters and the audit chain's head
    assert not [s for s in reads if "parties_party" in s or "cases_caseparty" in s], reads
    bulk = [s for s in large if s.startswith("INSERT many")]  # parties … deadlines (PostgreSQL: COPY)
    assert len(bulk) == (7 if connection.vendor == "sqlite" else 1), bulk  # and the audit entries


@pytest.mark.django_db
def test_an_update_sets_only_what_changed(reference_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """SQLite rewrites every index on a column an UPDATE sets: a changed amount sets that amount (and the
    time of the change), one statement for all the cases changed alike."""
    assert load(csv_bytes(_rows(40))).created == 40
    changed = [r | {"claim_amount": "1.00"} for r in _rows(40)]
    statements = _statements_in_write(monkeypatch, csv_bytes(changed))
    updates = [s for s in statements if s.startswith("UPDATE") and "cases_case" in s]
    assert len(updates) == 1, updates
    assert 'SET "claim_amount" = %s, "updated_at" = %s WHERE' in updates[0], updates[0]
    assert {str(a) for a in Case.objects.values_list("claim_amount", flat=True)} == {"1.00"}


@pytest.mark.django_db(transaction=True)
def test_checking_and_planning_hold_no_lock(reference_data, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On a file SQLite database, another writer can write while the file is read, resolved and planned;
    only the write transaction holds the lock."""
    free: dict[str, bool] = {}
    prepare, write = resolving.Resolver.prepare, writing.Writer.write

    with on_a_file(tmp_path) as path:

        def planning(self: Any, *args: Any) -> Any:
            free["planning"] = can_write_now(path)
            return prepare(self, *args)

        def writing_(self: Any, prepared: Any, rows: Any) -> None:
            free["writing"] = can_write_now(path)
            write(self, prepared, rows)

        monkeypatch.setattr(resolving.Resolver, "prepare", planning)
        monkeypatch.setattr(writing.Writer, "write", writing_)
        report = load(csv_bytes(_rows(50)))
        assert report.written, report.errors
        assert free == {"planning": True, "writing": False}
        assert can_write_now(path)


def _concurrently(monkeypatch: pytest.MonkeyPatch, change: Any, times: int) -> list[int]:
    """Run ``change`` between the plan and the write, the first ``times`` times."""
    calls: list[int] = []
    build = importing.rows_of

    def racing(prepared: Any, who: Any) -> Any:
        calls.append(1)
        if len(calls) <= times:
            change()
        return build(prepared, who)

    monkeypatch.setattr(importing, "rows_of", racing)
    return calls


@pytest.mark.django_db
def test_a_plan_gone_stale_is_made_again(reference_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert load(csv_bytes([row()])).created == 1
    case = Case.objects.get()
    moved = next(s for s in family_of(case.type_code).states if s not in (case.status, CLOSED))
    calls = _concurrently(monkeypatch, lambda: Case.objects.filter(pk=case.pk).update(status=moved), times=1)
    report = load(csv_bytes([row(claim_amount="20000.00")]))
    assert report.ok, report.errors
    assert (report.updated, report.written, len(calls)) == (1, True, 2)
    case.refresh_from_db()
    assert str(case.claim_amount) == "20000.00"
    assert case.status == moved  # the move made meanwhile is kept, not overwritten from the stale read


@pytest.mark.django_db
def test_a_plan_that_keeps_going_stale_writes_nothing(reference_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert load(csv_bytes([row()])).created == 1
    case = Case.objects.get()
    audit = AuditEntry.objects.count()
    bump = iter(range(1, 100))
    _concurrently(
        monkeypatch,
        lambda: Case.objects.filter(pk=case.pk).update(recovered_amount=next(bump)),
        times=importing.ATTEMPTS,
    )
    report = load(csv_bytes([row(claim_amount="20000.00")]))
    assert [(e.row, e.code) for e in report.errors] == [(None, "concurrent_change")]
    assert report.errors[0].message_zh
    assert not report.written
    case.refresh_from_db()
    assert str(case.claim_amount) == "10000.50"
    assert AuditEntry.objects.count() == audit


@pytest.mark.django_db
def test_a_case_and_party_created_meanwhile_are_found_on_the_next_plan(reference_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another import writes the same case and parties between this one's plan and its write: the unique
    constraints refuse the stale plan, the file is planned again and updates what the other created."""
    _concurrently(monkeypatch, lambda: load(csv_bytes([row(claim_amount="500.00")])), times=1)
    report = load(csv_bytes([row()]))
    assert report.ok, report.errors
    assert (report.created, report.updated, report.written) == (0, 1, True)
    case = Case.objects.get()
    assert str(case.claim_amount) == "10000.50"
    assert case.parties.count() == 2


@pytest.mark.django_db
def test_open_cases_run_the_deadlines_of_their_filing(reference_data) -> None:  # type: ignore[no-untyped-def]
    """An imported open case gets the deadlines its filing starts, from its filing date, exactly as
    ``start_running_deadlines`` gives them (which then finds nothing to add); a closed one none; a case the
    file closes ends the deadlines still running on its closing date."""
    rows = [
        row(),
        row(
            case_number="（2024）黔0102执1号", origin="（2024）黔0102民初1号", cause="", filed_on="2024-05-06"
        ),
        row(case_number="（2024）黔0102民初2号", closed_on="2024-04-01", closing_method="judgment"),
    ]
    assert load(csv_bytes(rows)).created == 3

    def running() -> set[tuple[object, ...]]:
        return {
            (d.case.case_number, d.rule, d.node, d.start, d.due, tuple(d.warnings), d.met_on, d.ended_on)
            for d in CaseDeadline.objects.select_related("case")
        }

    imported = running()
    assert {n for n, *_ in imported} == {"（2024）黔0102执1号"}  # 民初 starts none; a closed case none
    ids = list(Case.objects.values_list("pk", flat=True))
    assert start_running_deadlines(ids) == 0  # nothing to add or end
    CaseDeadline.objects.all().delete()
    assert start_running_deadlines(ids) == len(imported)
    assert running() == imported  # the very deadlines the service gives
    enforcement = Case.objects.get(case_number="（2024）黔0102执1号")
    closing = row(
        case_number="（2024）黔0102执1号",
        origin="（2024）黔0102民初1号",
        cause="",
        filed_on="2024-05-06",
        closed_on="2024-09-30",
        closing_method="fully_performed",
    )
    assert load(csv_bytes([closing])).updated == 1
    ended = CaseDeadline.objects.filter(case=enforcement)
    assert ended.exists()
    assert all(d.ended_on == dt.date(2024, 9, 30) and d.ended_by == "import" for d in ended)


@pytest.mark.django_db
def test_an_unchanged_file_opens_no_write_transaction(reference_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = csv_bytes(_rows(20))
    assert load(data).created == 20

    def refuse(*args: Any) -> None:
        raise AssertionError("nothing to write")

    monkeypatch.setattr(writing.Writer, "write", refuse)
    again = load(data)
    assert (again.unchanged, again.written, again.errors) == (20, False, [])


def test_the_web_import_is_outside_the_requests_transaction() -> None:
    assert resolve("/api/cases/import").func._non_atomic_requests == {"default"}
    assert not getattr(resolve("/api/cases/x").func, "_non_atomic_requests", set())
