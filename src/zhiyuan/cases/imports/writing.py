"""Writing a prepared case file: one short transaction of bulk statements.

Everything was decided before (:meth:`.resolving.Resolver.prepare`), and :func:`rows` turns the plan into
the rows to insert before the transaction too: ids are reserved up front (a sequence on PostgreSQL; on
SQLite the table's AUTOINCREMENT counter, moved past the range in a transaction of its own), so every row
is a finished tuple. The transaction (:meth:`Writer.write`) checks that what the plan was made from is
still so (:meth:`.resolving.Prepared.unchanged`, else :class:`Stale`), inserts parties, disputes, cases,
party links and the node log, updates the changed cases, moves cases outside the file that follow a moved
origin, starts the deadlines the filing of an open case runs (and ends those of a closed one), advances
the number counters and writes the audit records. On SQLite it holds the database's only
write lock from ``BEGIN IMMEDIATE`` to ``COMMIT``, so it reads and computes as little as it can.

Speed: plain tuples through ``COPY`` (PostgreSQL) or ``executemany`` (SQLite) instead of model instances
(``bulk_create`` measured ~2,500 rows/s here), and on SQLite a page cache large enough for the indexes the
write touches.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from zhiyuan.audit.services import Actor, entry_fields, record, record_all
from zhiyuan.cases.deadline_runs import start_running_deadlines
from zhiyuan.cases.imports.plan import (
    BATCH,
    COMPARED,
    Change,
    CounterKey,
    Prepared,
    among,
    as_json,
    counters_of,
    pk_of,
)
from zhiyuan.cases.imports.reading import PARTY_COLUMNS
from zhiyuan.cases.models import Case, CaseDeadline, CaseParty, Dispute, NodeLog, NumberCounter
from zhiyuan.parties.models import Party, PartyName

if TYPE_CHECKING:
    from zhiyuan.cases.imports.report import Bar, CaseImportReport

#: the case fields whose change may start or end deadlines (start_running_deadlines is asked then)
DEADLINE_FIELDS = frozenset({"status", "closed_on", "filed_on", "type_code", "family"})
#: SQLite's page cache during the write, in KiB (the default is 2 MiB): the indexes of a large file's
#: cases fit, instead of being read and spilled again page by page while the lock is held
SQLITE_CACHE_KIB = 512 * 1024


class Stale(Exception):
    """What the plan was made from changed before the write took the lock: prepare it again."""


class Bulk:
    """Inserts of plain tuples for the big tables: PostgreSQL's ``COPY``, ``executemany`` on SQLite.

    Model instances and per-field preparation cost more than the database itself at this volume, so ids
    are reserved first (:meth:`ids`) and rows refer to each other directly; Django declares foreign keys
    ``DEFERRABLE INITIALLY DEFERRED`` on both databases, so they are checked at commit. Concrete fields a
    caller does not name get their model default.
    """

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.quote = connection.ops.quote_name

    def ids(self, model: type[Model], n: int) -> list[int]:
        """``n`` primary keys for ``model`` that nobody else will take, reserved before the write: from the
        table's sequence on PostgreSQL (never rolled back), and on SQLite by moving the table's
        AUTOINCREMENT counter past them in a short transaction of its own (ids of a write that fails are
        skipped, as a sequence's are)."""
        if n == 0:
            return []
        table, pk = model._meta.db_table, model._meta.pk.column
        if self.postgres:  # look the sequence up once: per row it costs more than nextval itself
            with connection.cursor() as cur:
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
                sequence = cur.fetchone()[0]
                cur.execute(
                    "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)", [sequence, n]
                )
                return list(cur.fetchone()[0])
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SELECT COALESCE(MAX({self.quote(pk)}), 0) FROM {self.quote(table)}")
            top = cur.fetchone()[0]
            cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            seq = cur.fetchone()
            start = max(top, seq[0] if seq else 0) + 1
            if seq is None:
                cur.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + n - 1])
            else:
                cur.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + n - 1, table])
        return list(range(start, start + n))

    def update(self, model: type[Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        """Set ``columns`` (attnames) of the rows whose primary key ends each tuple: one prepared statement
        (``bulk_update``'s ``CASE WHEN`` per batch grows with the square of the batch)."""
        meta = model._meta
        sets = ", ".join(
            f"{self.quote(cast('Field[Any, Any]', meta.get_field(c)).column)} = %s" for c in columns
        )
        sql = f"UPDATE {self.quote(meta.db_table)} SET {sets} WHERE {self.quote(meta.pk.column)} = %s"
        with connection.cursor() as cur:
            cur.executemany(sql, cast("Any", rows))

    def insert(self, model: type[Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (values in the order of ``columns``, given as field names or attnames), streamed:
        the database takes each row as it is made."""
        meta = model._meta
        named = [cast("Field[Any, Any]", meta.get_field(c)) for c in columns]
        given = {getattr(f, "attname", "") for f in named}
        rest = [f for f in meta.concrete_fields if f.attname not in given and not f.primary_key]
        fill = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        cols = ", ".join(self.quote(f.column) for f in [*named, *rest])
        table = self.quote(meta.db_table)
        full: Iterable[tuple[Any, ...]] = (row + fill for row in rows) if fill else rows
        with connection.cursor() as cur:
            if self.postgres:  # the raw driver's COPY: its errors become Django's as usual
                with (
                    connection.wrap_database_errors,
                    cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
                ):
                    write = copy.write_row
                    for row in full:
                        write(row)
                return
            marks = ", ".join(["%s"] * (len(named) + len(rest)))
            # a generator is fine (Django peeks at it), though the stubs ask for a sequence
            cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", cast("Any", full))


@contextmanager
def large_cache() -> Iterator[None]:
    """On SQLite, a page cache of :data:`SQLITE_CACHE_KIB` for the connection while the block runs (pages
    are only allocated as they are used)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        before = cur.fetchone()[0]
        cur.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA cache_size = {int(before)}")


@dataclass
class Rows:
    """A prepared file as the rows to insert, every id reserved."""

    ids: dict[str, int]  # case number → id, for the file's cases and the stored cases they refer to
    parties: list[tuple[Any, ...]]
    disputes: list[tuple[Any, ...]]
    cases: list[tuple[Any, ...]]
    updates: dict[tuple[str, ...], list[tuple[Any, ...]]]  # columns set → the cases' values, their id last
    links: list[tuple[Any, ...]]
    log: list[tuple[Any, ...]]
    deadlines: list[tuple[Any, ...]]
    now: dt.datetime
    audit: list[dict[str, Any]] = field(default_factory=list)  # see Writer.audit


def rows(prepared: Prepared, who: Actor) -> Rows:
    """The rows of ``prepared``, built before the write transaction (ids reserved here)."""
    bulk = Bulk()
    creates = prepared.creates
    now = timezone.now()
    stamp, today = connection.ops.adapt_datetimefield_value(now), timezone.localdate()
    ids = {number: rec["id"] for number, rec in prepared.known.by_number.items()}
    ids.update(zip([c.row.number for c in creates], bulk.ids(Case, len(creates)), strict=True))
    for dispute, pk in zip(prepared.disputes, bulk.ids(Dispute, len(prepared.disputes)), strict=True):
        dispute.pk = pk
    for party, pk in zip(prepared.parties, bulk.ids(Party, len(prepared.parties)), strict=True):
        party.pk = pk
    cases = [
        (
            ids[c.row.number],
            c.row.number,
            *c.values[:-1],
            json.dumps(c.values[-1]) if c.values[-1] else "[]",
            ids[c.row.origin] if c.row.origin else None,
            pk_of(c.dispute),
            stamp,
            stamp,
        )
        for c in creates
    ]
    links: list[tuple[Any, ...]] = []
    for c in prepared.changes:
        if c.parties_changed:
            case_id, positions = ids[c.row.number], dict.fromkeys(PARTY_COLUMNS.values(), 0)
            for side, ref, own in c.parties:
                links.append((case_id, pk_of(ref), side, positions[side], own))
                positions[side] += 1
    name = who.name[:150]
    return Rows(
        ids,
        [(p.pk, p.kind, p.name, p.id_type, p.cipher, p.digest, stamp) for p in prepared.parties],
        [(d.pk, stamp) for d in prepared.disputes],
        cases,
        changed_fields(prepared.updates, ids, stamp),
        links,
        [(ids[c.row.number], "import", today, stamp, who.id, name, c.log) for c in prepared.changes],
        [
            (ids[number], rule, "filing", start, due, warnings)
            for number, rule, start, due, warnings in prepared.deadlines
        ],
        now,
    )


def changed_fields(
    updates: list[Change], ids: dict[str, int], stamp: Any
) -> dict[tuple[str, ...], list[tuple[Any, ...]]]:
    """The columns each changed case sets (only those the file changes, and the time of the change),
    grouped by the columns, each case's values with its id last. SQLite rewrites every index on a column an
    ``UPDATE`` sets, changed or not: a re-import that changes one amount touches one index, not eleven."""
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for c in updates:
        columns = [name for name in COMPARED if name in c.diff]
        values = [json.dumps(v) if name == "flags" else v for name, v in zip(COMPARED, c.values, strict=True)]
        picked = [v for name, v in zip(COMPARED, values, strict=True) if name in c.diff]
        if "origin" in c.diff:
            columns.append("origin_id")
            picked.append(ids[c.row.origin] if c.row.origin else None)
        if "dispute" in c.diff:
            columns.append("dispute_id")
            picked.append(pk_of(c.dispute))
        groups[(*columns, "updated_at")].append((*picked, stamp, ids[c.row.number]))
    return dict(groups)


class Writer:
    """Writes a prepared file inside the caller's transaction."""

    def __init__(
        self,
        report: CaseImportReport,
        who: Actor,
        filename: str,
        sha256: str,
        *,
        skip_invalid: bool,
        bar: Bar,
    ) -> None:
        self.report, self.who, self.filename, self.sha256 = report, who, filename, sha256
        self.skip_invalid, self.bar = skip_invalid, bar
        self.bulk = Bulk()

    def write(self, prepared: Prepared, rows: Rows) -> None:
        """Write the plan (:class:`Stale` when what it was made from has changed since)."""
        if not prepared.unchanged():
            raise Stale
        bulk, bar, ids, now = self.bulk, self.bar, rows.ids, rows.now
        updates = prepared.updates
        bar.phase("写入 writing", len(prepared.creates) + len(updates))
        bulk.insert(
            Party,
            ("id", "kind", "name", "id_type", "id_number", "id_number_hash", "created_at"),
            rows.parties,
        )
        bulk.insert(Dispute, ("id", "created_at"), rows.disputes)
        bulk.insert(
            Case,
            ("id", "case_number", *COMPARED, "origin_id", "dispute_id", "created_at", "updated_at"),
            rows.cases,
        )
        bar.advance(len(rows.cases))
        for columns, values in rows.updates.items():
            bulk.update(Case, columns, values)
        bar.advance(len(updates))
        moved = move_descendants(updates, {ids[n] for n in prepared.rows}, now)
        for qs in among(
            CaseParty.objects.all(), "case", [ids[c.row.number] for c in updates if c.parties_changed]
        ):
            qs.delete()
        bulk.insert(CaseParty, ("case_id", "party_id", "side", "position", "name"), rows.links)
        # the names the file gives known identities besides their recorded ones (reported as warnings);
        # one another writer has just added is no conflict
        PartyName.objects.bulk_create(
            [PartyName(party_id=pk_of(ref), name=name) for ref, name in prepared.other_names],
            ignore_conflicts=True,
        )
        bulk.insert(NodeLog, ("case_id", "node", "on", "at", "actor_id", "actor_name", "payload"), rows.log)
        # open cases run the deadlines their filing starts, from their filing dates: a new case's were
        # decided with the plan; a changed case may have some already, or have closed and end them
        bulk.insert(CaseDeadline, ("case_id", "rule", "node", "start", "due", "warnings"), rows.deadlines)
        start_running_deadlines(ids[c.row.number] for c in updates if DEADLINE_FIELDS & c.diff.keys())
        advance_counters(prepared.counters, prepared.floors)
        record_all(rows.audit)
        self._moved(moved)
        bar.done()

    def audit(self, prepared: Prepared, rows: Rows) -> None:
        """The audit entries of the write, built before it (their masking and encoding is the costly part):
        one for the import (the created cases), one per updated case; ``rows`` keeps them."""
        report, who = self.report, self.who
        rows.audit = [
            entry_fields(
                who,
                "cases.import",
                object_type="cases.import",
                object_id=self.sha256,
                after={
                    "file": self.filename,
                    "sha256": self.sha256,
                    "rows": report.rows,
                    "created": len(prepared.creates),
                    "updated": len(prepared.updates),
                    "unchanged": report.unchanged,
                    "invalid": report.invalid,
                    "skip_invalid": self.skip_invalid,
                },
            )
        ]
        for c in prepared.updates:
            rows.audit.append(
                entry_fields(
                    who,
                    "cases.case.import_update",
                    object_type="cases.case",
                    object_id=str(rows.ids[c.row.number]),
                    before={"case_number": c.row.number}
                    | {k: as_json(old) for k, (old, _) in c.diff.items()},
                    after={"case_number": c.row.number} | {k: as_json(new) for k, (_, new) in c.diff.items()},
                )
            )

    def _moved(self, moved: dict[str, tuple[int, int, int]]) -> None:
        """One record per case outside the file that followed its origin to another dispute."""
        for number, (pk, old, new) in moved.items():
            record(
                self.who,
                "cases.case.import_move",
                object_type="cases.case",
                object_id=str(pk),
                before={"case_number": number, "dispute": old},
                after={"case_number": number, "dispute": new, "reason": "origin moved"},
            )


def move_descendants(
    updates: list[Change], in_file: set[int], now: dt.datetime
) -> dict[str, tuple[int, int, int]]:
    """Cases outside the file that derive from a case whose dispute changed follow it to its new
    dispute; returns case number → (id, old dispute, new dispute)."""
    frontier = {
        c.record["id"]: pk_of(c.dispute) for c in updates if c.record is not None and "dispute" in c.diff
    }
    moved: dict[str, tuple[int, int, int]] = {}
    while frontier:
        children: dict[int, int] = {}
        for qs in among(
            Case.objects.values_list("pk", "case_number", "origin_id", "dispute_id"), "origin", frontier
        ):
            for pk, number, origin_id, dispute_id in qs:
                if pk not in in_file:
                    children[pk] = frontier[origin_id]
                    if dispute_id != children[pk]:
                        moved[number] = (pk, dispute_id, children[pk])
        frontier = children
    Case.objects.bulk_update(
        [Case(pk=pk, dispute_id=new, updated_at=now) for pk, _, new in moved.values()],
        ["dispute", "updated_at"],
        batch_size=500,
    )
    return moved


def advance_counters(needed: dict[CounterKey, int], floors: dict[CounterKey, int]) -> None:
    """Later allocations continue after the imported numbers: one counter update per key; a counter
    created here starts from ``floors`` (the highest number stored under its key before)."""
    if not needed:
        return
    have = counters_of(needed, lock=True)
    missing = [k for k in needed if k not in have]
    if missing:
        NumberCounter.objects.bulk_create(
            [
                NumberCounter(
                    court_id=k[0], year=k[1], specialized_code=k[2], type_code=k[3], last=floors.get(k, 0)
                )
                for k in missing
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        have = counters_of(needed, lock=True)
    stale = [n for k, n in have.items() if n.last < needed[k]]
    for n in stale:
        n.last = needed[(n.court_id, n.year, n.specialized_code, n.type_code)]
    NumberCounter.objects.bulk_update(stale, ["last"], batch_size=500)
