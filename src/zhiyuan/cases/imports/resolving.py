"""Resolving a case file against itself and the database, and preparing everything the write needs.

Once the whole file is read, each row's origin is matched against the file and the database (a cycle is
an error, an unknown origin a warning), each cause against the edition in force on the filing date, and
each case is given its dispute (its root's, following origins). :func:`prepare` then decides every
write — the new cases in topological order, the changed ones with their differences, the parties found
or to create (identity numbers already encrypted), the party links, the node log, the number counters —
so that the write itself (:mod:`.writing`) is a short run of bulk statements. Nothing here writes.

What was read here may change before the write takes the lock (a person edits a case, another import
runs); :meth:`Prepared.unchanged` tells the writer, under the lock, whether it still holds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Max

from zhiyuan.cases.imports.plan import (
    COMPARED,
    IMPORT_FLAGS,
    Change,
    CounterKey,
    Deadline,
    Desired,
    DisputeRef,
    Filing,
    Known,
    KnownNames,
    Link,
    NewDispute,
    NewParty,
    PartyRef,
    Plan,
    Prepared,
    among,
    counters_of,
    current_links,
)
from zhiyuan.cases.imports.reading import PartyIn, Row
from zhiyuan.cases.imports.report import CaseImportReport
from zhiyuan.cases.lifecycles import CLOSED, Family, family_of
from zhiyuan.cases.models import Case
from zhiyuan.courts import selectors as courts
from zhiyuan.inputs.report import Issue
from zhiyuan.law.deadlines import compute as compute_deadline
from zhiyuan.law.derivation import derivative_kind
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party, PartyName
from zhiyuan.parties.services import same_name


def resolve_origins(rows: dict[str, Row], known: Known) -> list[Row]:
    """Point each row at its origin (file or database); return the rows in a cycle (removed from rows)."""
    cyclic: list[Row] = []
    while True:
        for row in rows.values():
            key = row.origin_key
            row.origin = key if key and (key in rows or key in known.by_number) else ""

        def parent(number: str) -> str:
            row = rows.get(number)
            return row.origin if row is not None else known.origin_number(number)

        done: set[str] = set()
        members: set[str] = set()
        for start in rows:
            path: dict[str, int] = {}
            node = start
            while node and node not in done:
                if node in path:
                    members.update(n for n, i in path.items() if i >= path[node])
                    break
                path[node] = len(path)
                node = parent(node)
            done.update(path)
        found = [rows.pop(n) for n in members if n in rows]
        if not found:
            return sorted(cyclic, key=lambda r: r.line)
        cyclic.extend(found)


class Resolver:
    """Resolves causes and origins, plans disputes and decides every create and update of a file."""

    def __init__(self, report: CaseImportReport) -> None:
        self.report = report
        self._families: dict[str, Family] = {}
        self._kinds: dict[tuple[str, str, str], str] = {}

    def _kind(self, type_code: str, origin_type: str, cause: str) -> str:
        key = (type_code, origin_type, cause)
        kind = self._kinds.get(key)
        if kind is None:
            kind = self._kinds[key] = derivative_kind(type_code, origin_type, cause)
        return kind

    def causes(self, rows: dict[str, Row]) -> None:
        """Resolve each cause as the law core does (name or former name in the edition in force on the filing
        date, through the successor of an incomplete edition), once per distinct (name, edition)."""
        catalog = courts.reference().causes
        memo: dict[tuple[str, str], tuple[int | None, str]] = {}
        for row in rows.values():
            if not row.cause_text:
                continue
            try:
                edition = catalog.edition_on(row.filed_on)
            except LawError:
                edition = None
            key = (row.cause_text, edition.id if edition else "")
            if key not in memo:
                hits = catalog.resolve(row.cause_text, row.filed_on)[1] if edition else []
                first = next((m for m in hits if m.cause.ref is not None), None)
                memo[key] = (first.cause.ref, first.matched) if first else (None, "")
            row.cause_id, matched = memo[key]
            if row.cause_id is None:
                self.report.warnings.append(
                    Issue(
                        row.line,
                        "cause",
                        "cause_unrecognized",
                        f"案由“{row.cause_text}”不在 {row.filed_on} 施行的案由规定中，按原文保存。",
                        f"Cause '{row.cause_text}' is not in the edition in force on {row.filed_on}; kept as written.",
                    )
                )
            elif matched != "name":
                self.report.warnings.append(
                    Issue(
                        row.line,
                        "cause",
                        "cause_other_name" if matched == "alias" else "cause_other_edition",
                        f"案由“{row.cause_text}”按{'曾用名' if matched == 'alias' else '继任版本'}识别（{row.filed_on} 施行的版本未以此名收录）。",
                        f"Cause '{row.cause_text}' was recognised by "
                        f"{'a former name' if matched == 'alias' else 'the successor edition'} "
                        f"(the edition in force on {row.filed_on} does not list it under this name).",
                    )
                )

    def warn_unresolved(self, rows: dict[str, Row], invalid: dict[str, int]) -> None:
        for row in rows.values():
            if not row.origin_text or row.origin:
                continue
            line = invalid.get(row.origin_key) if row.origin_key else None
            why_zh, why_en = (
                (f"来源案件所在的第 {line} 行无效", f"the origin's row {line} is invalid")
                if line is not None
                else ("文件和数据库中均无此案件", "no such case in the file or the database")
            )
            self.report.warnings.append(
                Issue(
                    row.line,
                    "origin",
                    "origin_unresolved",
                    f"来源“{row.origin_text}”未能关联（{why_zh}），按原文保存，本案另立纠纷。",
                    f"Origin '{row.origin_text}' not resolved ({why_en}); kept as text, the case starts its own dispute.",
                )
            )

    def plan(self, rows: dict[str, Row], known: Known) -> Plan:
        """What is decided before writing: the topological order (origins before the cases derived from
        them) and each row's dispute."""
        depth: dict[str, int] = {}
        for start in rows:
            path: list[str] = []
            node = start
            while node in rows and node not in depth:
                path.append(node)
                node = rows[node].origin
            level = depth.get(node, -1)
            for n in reversed(path):
                level += 1
                depth[n] = level
        order = sorted(rows.values(), key=lambda r: (depth[r.number], r.line))
        return Plan(order, self._disputes(rows, known))

    def creates(self, plan: Plan, rows: dict[str, Row], known: Known) -> list[Change]:
        """The new cases in topological order, without their parties yet (they need no party checked)."""
        return [
            Change(row, self._values(row, None, rows, known), [], plan.disputes[row.number])
            for row in plan.order
            if row.number not in known.by_number
        ]

    def filing(self, creates: list[Change]) -> Filing:
        """What the new cases need besides their parties: the number counters to advance (and where a new
        counter starts) and the deadlines their filing runs (decided while the parties are being checked)."""
        needed: dict[CounterKey, int] = {}
        for c in creates:
            r = c.row
            key = (r.court_id, r.year, r.specialized_code, r.type_code)
            needed[key] = max(needed.get(key, 0), r.sequence)
        return Filing(needed, floors(needed), self._deadlines(creates))

    def prepare(
        self,
        plan: Plan,
        rows: dict[str, Row],
        known: Known,
        creates: list[Change],
        filing: Filing,
        filename: str,
    ) -> Prepared:
        """Everything else the write needs, once the rows' parties are checked: the parties (found by
        identity or to create), the updates and the node log's payloads."""
        found, links, names = self._parties(rows, known)
        for c in creates:
            c.parties = self._desired(c.row, [], found, names)
        updates = list(self._updates(plan, rows, found, links, known, names))
        changes = creates + updates
        parties = list(
            {id(r): r for c in changes for _, r, _ in c.parties if isinstance(r, NewParty)}.values()
        )
        other_names = self._other_names(changes, names)
        encrypt = Party._meta.get_field("id_number").get_prep_value
        for party in parties:
            party.cipher = encrypt(party.number)
        disputes = list({id(d): d for d in plan.disputes.values() if isinstance(d, NewDispute)}.values())
        payload = '{"file": ' + json.dumps(filename, ensure_ascii=False) + ', "row": %d}'
        for c in changes:
            c.log = (
                payload % c.row.line
                if c.record is None
                else json.dumps(
                    {"file": filename, "row": c.row.line, "changed": sorted(c.diff)}, ensure_ascii=False
                )
            )
        return Prepared(
            rows,
            known,
            creates,
            updates,
            disputes,
            parties,
            links,
            filing.counters,
            filing.floors,
            depends_on(changes, rows, known),
            filing.deadlines,
            other_names,
        )

    def _deadlines(self, creates: list[Change]) -> list[Deadline]:
        """The deadlines the filing of each new open case starts, counted from its filing date: what
        ``cases.deadline_runs.start_running_deadlines`` gives a case without deadlines (its family's filing
        deadlines by type, due as the law core computes it), decided here rather than under the lock; a
        new closed case has none."""
        ref = courts.reference()
        due_on: dict[tuple[str, dt.date], tuple[dt.date, str]] = {}
        out: list[Deadline] = []
        status = COMPARED.index("status")
        for c in creates:
            row = c.row
            if row.closed_on is not None or c.values[status] == CLOSED:
                continue
            for rule in self._family(row.type_code).filing_starts(row.type_code):
                key = (rule, row.filed_on)
                if key not in due_on:
                    result = compute_deadline(
                        {"rule": rule, "start": row.filed_on.isoformat()}, ref.params, ref.calendar
                    )
                    due_on[key] = (
                        dt.date.fromisoformat(result["due"]),
                        json.dumps([w["code"] for w in result["warnings"]]),
                    )
                out.append((row.number, rule, row.filed_on, *due_on[key]))
        return out

    def _updates(
        self,
        plan: Plan,
        rows: dict[str, Row],
        parties: dict[str, PartyRef],
        links: dict[int, list[Link]],
        known: Known,
        names: KnownNames,
    ) -> Iterator[Change]:
        """The existing cases the file changes (fields, origin, dispute or parties)."""
        for row in plan.order:
            rec = known.by_number.get(row.number)
            if rec is None:
                continue
            current = links.get(rec["id"], [])
            change = Change(
                row,
                self._values(row, rec, rows, known),
                self._desired(row, current, parties, names),
                plan.disputes[row.number],
                rec,
            )
            diff = {k: (rec[k], v) for k, v in zip(COMPARED, change.values, strict=True) if rec[k] != v}
            old_origin = known.origin_number(row.number)
            if old_origin != row.origin:
                diff["origin"] = (old_origin, row.origin)
            if isinstance(change.dispute, NewDispute) or change.dispute != rec["dispute_id"]:
                diff["dispute"] = (rec["dispute_id"], change.dispute)
            change.parties_changed = [(side, pid, own) for side, pid, _, _, own in current] != [
                (side, ref, own) for side, ref, own in change.parties
            ]
            if change.parties_changed:
                diff["parties"] = (
                    [f"{side}:{name}" for side, _, name, _, _ in current],
                    [f"{p.side}:{p.name}" for p in row.parties],
                )
            if diff:
                change.diff = diff
                yield change

    @staticmethod
    def _disputes(rows: dict[str, Row], known: Known) -> dict[str, DisputeRef]:
        """Each row's dispute: its root's, following origins through the file and the database."""
        memo: dict[str, DisputeRef] = {}
        for start in rows:
            path: list[str] = []
            node = start
            while node not in memo:
                row = rows.get(node)
                rec = known.by_number.get(node)
                parent = row.origin if row is not None else known.origin_number(node)
                if parent:
                    path.append(node)
                    node = parent
                    continue
                assert row is not None or rec is not None
                memo[node] = (
                    rec["dispute_id"] if rec and (row is None or not rec["origin_id"]) else NewDispute()
                )
            for n in path:
                memo[n] = memo[node]
        return memo

    @staticmethod
    def _parties(
        rows: dict[str, Row], known: Known
    ) -> tuple[dict[str, PartyRef], dict[int, list[Link]], KnownNames]:
        """Parties by identity hash (found or new), the current links of the file's existing cases, and the
        names each found party is known under (recorded first, then its other names)."""
        digests: dict[str, PartyIn] = {}
        for row in rows.values():
            for p in row.parties:
                if p.digest:
                    digests.setdefault(p.digest, p)
        found: dict[str, PartyRef] = {}
        names: KnownNames = {}
        for qs in among(Party.objects.values_list("id_number_hash", "pk", "name"), "id_number_hash", digests):
            for digest, pk, name in qs:
                found[digest] = pk
                names[pk] = [name]
        for qs in among(PartyName.objects.values_list("party_id", "name"), "party", names):
            for pk, name in qs:
                names[pk].append(name)
        for digest, p in digests.items():
            if digest not in found:
                found[digest] = NewParty(p.name, p.kind, p.number, digest, p.id_type)
        links = current_links(known.by_number[n]["id"] for n in rows if n in known.by_number)
        return found, links, names

    @staticmethod
    def _own_name(name: str, ref: PartyRef, names: KnownNames) -> str:
        """The name a case records for a party with an identity number: "" when it is the party's recorded
        name, else the name the file gives (never replaced by the recorded one)."""
        recorded = ref.name if isinstance(ref, NewParty) else names[ref][0]
        return "" if same_name(name, recorded) else name

    @classmethod
    def _desired(
        cls, row: Row, current: list[Link], found: dict[str, PartyRef], names: KnownNames
    ) -> list[Desired]:
        """The row's parties; one without an identity number reuses the case's party of that name."""
        if not current:
            return [
                (p.side, found[p.digest], cls._own_name(p.name, found[p.digest], names))
                if p.digest
                else (p.side, NewParty(p.name, p.kind), "")
                for p in row.parties
            ]
        pool = [(i, side, name) for i, (side, _, name, has_id, _) in enumerate(current) if not has_id]
        used: set[int] = set()
        out: list[Desired] = []
        for p in row.parties:
            if p.digest:
                out.append((p.side, found[p.digest], cls._own_name(p.name, found[p.digest], names)))
                continue
            match = next((i for i, s, n in pool if i not in used and s == p.side and n == p.name), None)
            if match is None:
                match = next((i for i, _, n in pool if i not in used and n == p.name), None)
            if match is None:
                out.append((p.side, NewParty(p.name, p.kind), ""))
            else:
                used.add(match)
                out.append((p.side, current[match][1], ""))
        return out

    def _other_names(self, changes: list[Change], names: KnownNames) -> list[tuple[PartyRef, str]]:
        """The names the file gives known identities that they are not yet known under: each becomes
        another name of the party (the cases keep the names they were given) and is reported once."""
        out: dict[tuple[int, str], tuple[PartyRef, str]] = {}
        for c in changes:
            for _, ref, own in c.parties:
                if not own:
                    continue
                known = [ref.name] if isinstance(ref, NewParty) else names[ref]
                key = (id(ref) if isinstance(ref, NewParty) else ref, own)
                if key in out or any(same_name(own, n) for n in known):
                    continue
                out[key] = (ref, own)
                self.report.warnings.append(
                    Issue(
                        c.row.line,
                        "parties",
                        "identity_other_name",
                        f"证件号码已登记为“{known[0]}”：本案保留文件中的名称“{own}”，并记为同一当事人的另一名称。",
                        f"The identity number is recorded under the name '{known[0]}': the case keeps the "
                        f"file's name '{own}', recorded as another name of the same party.",
                    )
                )
        return list(out.values())

    def _family(self, type_code: str) -> Family:
        family = self._families.get(type_code)
        if family is None:
            family = self._families[type_code] = family_of(type_code)
        return family

    def _values(
        self, row: Row, rec: dict[str, Any] | None, rows: dict[str, Row], known: Known
    ) -> tuple[Any, ...]:
        """The case's fields as the row gives them (status and other flags kept where the row is silent)."""
        family = self._family(row.type_code)
        if row.closed_on:
            status = CLOSED
        elif rec is not None and rec["status"] != CLOSED and rec["family"] == family.code:
            status = rec["status"]  # keep the state the case has reached since
        else:
            status = family.initial
        flags = [
            f
            for f in (rec["flags"] if rec and isinstance(rec["flags"], list) else [])
            if f not in IMPORT_FLAGS
        ]
        if row.cause_text and row.cause_id is None:
            flags.append("cause_unrecognized")
        if row.origin_text and not row.origin:
            flags.append("origin_unresolved")
        if row.origin:
            origin_row = rows.get(row.origin)
            origin_type = origin_row.type_code if origin_row else known.by_number[row.origin]["type_code"]
        else:
            origin_type = row.origin_type
        return (  # in the order of COMPARED
            row.year,
            row.court_id,
            row.court_code,
            row.specialized_code,
            row.type_code,
            row.sequence,
            row.type_class,
            family.code,
            row.cause_text,
            row.cause_id,
            row.claim_amount,
            row.filed_on,
            row.closed_on,
            row.closing_method,
            row.recovered_amount,
            status,
            "" if row.origin else row.origin_text,
            self._kind(row.type_code, origin_type, row.cause_text) if row.origin_text else "",
            flags,
        )


def depends_on(changes: list[Change], rows: dict[str, Row], known: Known) -> set[int]:
    """The stored cases a plan relies on: those it writes and, for every case it writes, the stored cases
    along its chain of origins (whose dispute it joins)."""
    ids: set[int] = set()
    seen: set[str] = set()
    for c in changes:
        number = c.row.number
        while number and number not in seen:
            seen.add(number)
            rec = known.by_number.get(number)
            if rec is not None:
                ids.add(rec["id"])
            row = rows.get(number)
            number = row.origin if row is not None else known.origin_number(number)
    return ids


def floors(needed: dict[CounterKey, int]) -> dict[CounterKey, int]:
    """For the keys of ``needed`` without a number counter yet: the highest sequence stored under the key
    (cases imported before counters existed for it); a counter created for them continues from there."""
    have = counters_of(needed)
    missing = [k for k in needed if k not in have]
    if not missing:
        return {}
    court_ids = sorted({k[0] for k in missing})
    years = sorted({k[1] for k in missing})
    stored = {
        (m["court_id"], m["year"], m["specialized_code"], m["type_code"]): m["last"]
        for m in Case.objects.filter(court_id__in=court_ids, year__in=years)
        .values("court_id", "year", "specialized_code", "type_code")
        .annotate(last=Max("sequence"))
    }
    return {k: stored.get(k, 0) for k in missing}
