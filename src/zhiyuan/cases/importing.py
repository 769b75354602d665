"""Case import from CSV or XLSX, exactly as ``formats/cases-import.md`` specifies.

Four steps, one module each under :mod:`zhiyuan.cases.imports`. *Read* (:mod:`~.imports.reading`): each
row is validated on its own (stable codes per row and column); a worker process checks the identity
numbers meanwhile. *Resolve* (:mod:`~.imports.resolving`): once the whole file is read, origins are
matched against the file and the database (a cycle is an error, an unknown origin or cause a warning),
each case gets its dispute, and every write is decided — creates in topological order, updates with
their differences, parties found or to create, party links, node log, number counters. *Write*
(:mod:`~.imports.writing`): one transaction of bulk statements, which first checks that nothing the plan
was made from changed meanwhile (else the file is planned again). *Report* (:mod:`~.imports.report`).
Importing is idempotent by normalized case number: an unchanged row writes nothing, not even audit, and a
file of unchanged rows opens no write transaction at all.

The write lock: on SQLite one writer at a time holds the database's write lock from ``BEGIN IMMEDIATE``
to ``COMMIT`` and every other write (a web request) waits for it, so all reading, checking and planning
happens before the transaction; the transaction only writes. A file is still written all or nothing.

Speed (≥ 10,000 rows/s into PostgreSQL on two cores, see ``benchmarks/cases_import.py``; the lock on
SQLite in ``benchmarks/import_lock.py``) shapes the rest: plain tuples through ``COPY`` instead of model
instances, ids allocated in the write, the cyclic garbage collector paused, and, when nothing is wrong so
far, the cases planned while the parties are still being checked (planned again, and reported as usual, if
a party turns out invalid).
"""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path
from typing import IO, Any

from django.db import DataError, IntegrityError, transaction

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor
from zhiyuan.cases.imports.plan import Known, Prepared
from zhiyuan.cases.imports.reading import (
    COLUMNS,
    PARALLEL_IDENTITIES,
    PARTY_COLUMNS,
    REQUIRED,
    Reading,
    Row,
    read,
)
from zhiyuan.cases.imports.report import Bar, CaseImportReport
from zhiyuan.cases.imports.resolving import Resolver, resolve_origins
from zhiyuan.cases.imports.writing import Stale, Writer, large_cache
from zhiyuan.cases.imports.writing import rows as rows_of
from zhiyuan.inputs.files import read_table
from zhiyuan.inputs.report import FileProblem, Issue

__all__ = [
    "COLUMNS",
    "PARALLEL_IDENTITIES",
    "PARTY_COLUMNS",
    "REQUIRED",
    "ImportReport",
    "Issue",
    "import_file",
]

#: the report of a case import (the name this module has always exported)
ImportReport = CaseImportReport
#: cases already in the database (looked up here, by this name, so a test can stand in for it)
_Known = Known
#: how often a file is planned again when what its plan was made from changed before the write
ATTEMPTS = 3


def import_file(
    source: Path | IO[bytes],
    *,
    filename: str,
    skip_invalid: bool = False,
    user: Any = None,
    progress: bool = False,
    progress_min_rows: int = 0,
) -> CaseImportReport:
    """Import a case file (``.csv`` or ``.xlsx`` by ``filename``; a path or a binary stream such as an
    upload); never half-written.

    With errors nothing is written unless ``skip_invalid``, which writes the valid rows (a row whose
    origin is an invalid row then keeps its origin as unresolved text). ``user`` (optional) must hold
    ``case:import`` and may import only cases of courts in scope; without one the system acts.
    """
    if user is not None:
        authorize(user, "case:import")
    report = CaseImportReport()
    try:
        data = source.read_bytes() if isinstance(source, Path) else source.read()
        if isinstance(data, str):  # a text stream after all
            data = data.encode()
    except OSError as exc:
        report.errors.append(
            Issue(None, None, "file_unreadable", f"无法读取文件：{exc}", f"Cannot read the file: {exc}")
        )
        return report
    bar = Bar(False)
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived objects without cycles: the cyclic collector only rescans them
    try:
        table = read_table(data, filename)
        report.encoding = table.encoding
        bar = Bar(progress and table.estimated_rows >= progress_min_rows)
        scope = scope_of(user).court_ids if user is not None else None
        reading = read(table.rows, report, bar, scope, PARALLEL_IDENTITIES)
        if reading is not None:
            _Importer(report, reading, skip_invalid, bar).run(
                actor_of(user) if user is not None else Actor.system("zhiyuan cases import"),
                filename,
                hashlib.sha256(data).hexdigest(),
            )
    except FileProblem as problem:
        report.errors.append(problem.issue)
    finally:
        bar.stop()
        if collecting:
            gc.enable()
    report.sort(COLUMNS)
    return report


class _Settle(Exception):
    """The rows' parties (or other rows) have errors after all: the early plan is dropped."""


class _Importer:
    """Resolves and plans the file, then writes it in one short transaction."""

    def __init__(self, report: CaseImportReport, reading: Reading, skip_invalid: bool, bar: Bar) -> None:
        self.report = report
        self.reading = reading
        self.lines: dict[int, Row] = {}
        self.invalid: dict[str, int] = {}
        self.early = False
        self.skip_invalid = skip_invalid
        self.bar = bar
        self.resolver = Resolver(report)
        self.attempt = 1

    def run(self, who: Actor, filename: str, sha256: str) -> None:
        """Resolve, plan and (unless there are errors and no ``skip_invalid``) write.

        Without ``skip_invalid`` and with no error so far, the cases are resolved and planned *early*, while
        the parties are still being checked (the worker process): should a party turn out invalid, the
        file is reported as if nothing had been attempted. When the write finds the plan stale — a case it
        relies on changed after it was read, or a case or party it would create was created meanwhile (a
        unique constraint refuses it) — the file is planned again, at most :data:`ATTEMPTS` times."""
        report = self.report
        errors, warnings = list(report.errors), list(report.warnings)
        self.lines, found, self.invalid = self.reading.provisional()
        self.early = not self.skip_invalid and not found
        for self.attempt in range(1, ATTEMPTS + 1):
            report.errors[:], report.warnings[:] = errors, warnings
            report.created = report.updated = report.unchanged = 0
            if self.early:
                try:
                    if self._run(who, filename, sha256):
                        return
                    continue
                except _Settle:
                    self.early = False
                    report.errors[:], report.warnings[:] = errors, warnings
            self.lines, found, self.invalid = self.reading.settle()
            report.errors.extend(found)
            if self._run(who, filename, sha256):
                return
        report.errors.append(
            Issue(
                None,
                None,
                "concurrent_change",
                f"导入期间，文件涉及的案件被他人修改（已重新核对 {ATTEMPTS} 次），未写入任何数据；请重新导入。",
                f"Cases of the file were changed by someone else during the import ({ATTEMPTS} attempts); "
                "nothing was written. Import the file again.",
            )
        )

    def _run(self, who: Actor, filename: str, sha256: str) -> bool:
        """One attempt; False when the plan went stale before the write (nothing written then)."""
        report, resolver = self.report, self.resolver
        rows: dict[str, Row] = {}
        for row in self.lines.values():
            first = rows.get(row.number)
            if first is None:
                rows[row.number] = row
                continue
            report.errors.append(
                Issue(
                    row.line,
                    "case_number",
                    "duplicate_case_number",
                    f"案号 {row.number} 已出现在第 {first.line} 行。",
                    f"Case number {row.number} already appears on row {first.line}.",
                )
            )
        known = _Known(set(rows) | {r.origin_key for r in rows.values() if r.origin_key})
        invalid = dict(self.invalid)
        for row in resolve_origins(rows, known):
            invalid.setdefault(row.number, row.line)
            report.errors.append(
                Issue(
                    row.line,
                    "origin",
                    "origin_cycle",
                    f"来源案件构成循环：{row.number} ← {row.origin_key}。",
                    f"The origins form a cycle: {row.number} ← {row.origin_key}.",
                )
            )
        resolver.causes(rows)
        resolver.warn_unresolved(rows, invalid)
        if self.early and report.errors:
            raise _Settle  # report the parties' errors too
        report.invalid = len({i.row for i in report.errors if i.row is not None and i.row > 1})
        report.warnings.sort(key=lambda i: i.row or 0)
        if (report.errors and not self.skip_invalid) or not rows:
            if self.early:
                self._settle()
            return True
        plan = resolver.plan(rows, known)
        creates = resolver.creates(plan, rows, known)  # no party needed: planned while the worker checks them
        filing = resolver.filing(creates)  # nor here
        if self.early:
            self._settle()
        prepared = resolver.prepare(plan, rows, known, creates, filing, filename)
        report.unchanged = len(rows) - len(prepared.changes)
        if prepared.changes:
            written = self._write(prepared, who, filename, sha256)
            if written is None:
                return False
            if not written:
                return True
        report.created = len(prepared.creates)
        report.updated = len(prepared.updates)
        report.written = bool(prepared.changes)
        return True

    def _settle(self) -> None:
        """After an early plan: the parties are fine, or :class:`_Settle` drops the plan."""
        if self.early and self.reading.settle()[1]:
            raise _Settle

    def _write(self, prepared: Prepared, who: Actor, filename: str, sha256: str) -> bool | None:
        """The one write transaction: True when written, False when it failed (reported), None when the plan
        is stale."""
        writer = Writer(self.report, who, filename, sha256, skip_invalid=self.skip_invalid, bar=self.bar)
        try:
            ready = rows_of(prepared, who)  # ids reserved and every row built before the transaction
            writer.audit(prepared, ready)  # and the audit entries
            with large_cache(), transaction.atomic():
                writer.write(prepared, ready)
        except Stale:
            return None
        except IntegrityError as exc:
            if self.attempt < ATTEMPTS:
                return None  # created meanwhile by someone else: planned again, it is found
            self._failed(exc)
            return False
        except DataError as exc:
            self._failed(exc)
            return False
        return True

    def _failed(self, exc: Exception) -> None:
        self.report.errors.append(
            Issue(
                None,
                None,
                "write_failed",
                f"写入失败，未写入任何数据（可能有人同时导入了相同案号）：{exc}",
                f"Writing failed and nothing was written (a concurrent import of the same numbers?): {exc}",
            )
        )
