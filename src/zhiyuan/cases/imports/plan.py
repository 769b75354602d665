"""What a case import decides before it writes (:mod:`.resolving` fills it in, :mod:`.writing` carries it
out): the parties and disputes to find or create, each case's change, the filing's counters and
deadlines, and the small helpers both sides use (batched ``IN`` queries, JSON-safe values)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Field, QuerySet
from django.db.models.expressions import RawSQL

from zhiyuan.cases.imports.reading import PARTY_COLUMNS, Row
from zhiyuan.cases.models import Case, CaseParty, NumberCounter

IMPORT_FLAGS = ("cause_unrecognized", "origin_unresolved")
BATCH = 2000
#: the case fields a row gives (or decides), in the order of Change.values
COMPARED = (
    "year",
    "court_id",
    "court_code",
    "specialized_code",
    "type_code",
    "sequence",
    "type_class",
    "family",
    "cause_text",
    "cause_id",
    "claim_amount",
    "filed_on",
    "closed_on",
    "closing_method",
    "recovered_amount",
    "status",
    "origin_text",
    "derivative_kind",
    "flags",
)
LOADED = ("id", "case_number", "origin_id", "dispute_id", *COMPARED)
#: (court id, year, specialized code, type code): the key of a number counter
CounterKey = tuple[int, int, str, str]


def chunks(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def among(qs: QuerySet[Any], field_name: str, values: Iterable[Any]) -> Iterator[QuerySet[Any]]:
    """``qs`` narrowed to rows whose field is one of ``values``: one ``= ANY(array)`` query on
    PostgreSQL (thousands of ``IN`` parameters cost more to build than to run), chunks elsewhere."""
    items = sorted(set(values))
    if not items:
        return
    if connection.vendor == "postgresql":
        meta, quote = qs.model._meta, connection.ops.quote_name
        column = f"{quote(meta.db_table)}.{quote(cast('Field[Any, Any]', meta.get_field(field_name)).column)}"
        if all(isinstance(v, int) for v in items):  # one text parameter: cheaper to send than an array
            condition = RawSQL(
                f"{column} = ANY(string_to_array(%s, ',')::bigint[])", (",".join(map(str, items)),)
            )
        elif not any("\n" in v for v in items):
            condition = RawSQL(f"{column} = ANY(string_to_array(%s, E'\\n'))", ("\n".join(items),))
        else:
            condition = RawSQL(f"{column} = ANY(%s)", (items,))
        yield qs.filter(ExpressionWrapper(condition, output_field=BooleanField()))
        return
    for chunk in chunks(items, 900):
        yield qs.filter(**{f"{field_name}__in": chunk})


class Known:
    """Cases already in the database: by number and by id, with their ancestor chains loaded."""

    def __init__(self, numbers: set[str]) -> None:
        self.by_number: dict[str, dict[str, Any]] = {}
        self.by_id: dict[int, dict[str, Any]] = {}
        for qs in among(Case.objects.values(*LOADED), "case_number", numbers):
            self._add(qs)
        missing = {r["origin_id"] for r in self.by_id.values() if r["origin_id"]} - set(self.by_id)
        while missing:
            for qs in among(Case.objects.values(*LOADED), "id", missing):
                self._add(qs)
            missing = {r["origin_id"] for r in self.by_id.values() if r["origin_id"]} - set(self.by_id)

    def _add(self, records: Any) -> None:
        for r in records:
            self.by_number[r["case_number"]] = r
            self.by_id[r["id"]] = r

    def origin_number(self, number: str) -> str:
        rec = self.by_number.get(number)
        return self.by_id[rec["origin_id"]]["case_number"] if rec and rec["origin_id"] else ""


class NewDispute:
    """A dispute to create; its id is allocated when it is written."""

    __slots__ = ("pk",)

    def __init__(self) -> None:
        self.pk = 0


class NewParty:
    """A party to create; ``cipher`` is its identity number as the column stores it (encrypted)."""

    __slots__ = ("cipher", "digest", "id_type", "kind", "name", "number", "pk")

    def __init__(self, name: str, kind: str, number: str = "", digest: str = "", id_type: str = "") -> None:
        self.pk, self.name, self.kind, self.number, self.digest = 0, name, kind, number, digest
        self.id_type, self.cipher = id_type, ""


DisputeRef = int | NewDispute  # an existing dispute's id, or one to create
PartyRef = int | NewParty  # an existing party's id, or one to create
KnownNames = dict[int, list[str]]  # a stored party's id → its recorded name, then its other names
#: side, party id, the name shown (the case's own, else the party's), has an identity number, the case's own
#: name for the party ("" = the party's recorded name: CaseParty.name)
Link = tuple[str, int, str, bool, str]
#: a desired link: side, the party, the case's own name for it ("" = the party's recorded name)
Desired = tuple[str, PartyRef, str]
_SIDE_ORDER: dict[str, int] = {side: i for i, side in enumerate(PARTY_COLUMNS.values())}


def pk_of(ref: int | NewDispute | NewParty) -> int:
    return ref if isinstance(ref, int) else ref.pk


def as_json(value: Any) -> Any:
    if isinstance(value, NewDispute):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


@dataclass(slots=True)
class Plan:
    order: list[Row]  # topological: origins first
    disputes: dict[str, DisputeRef]


@dataclass(slots=True, eq=False)
class Change:
    row: Row
    values: tuple[Any, ...]  # in the order of COMPARED
    parties: list[Desired]
    dispute: DisputeRef
    record: dict[str, Any] | None = None  # the case as it is in the database
    diff: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    parties_changed: bool = True
    log: str = ""  # the node log's payload (JSON)


#: a deadline a new case's filing runs: (case number, rule, start, due, warnings as JSON)
Deadline = tuple[str, str, dt.date, dt.date, str]


@dataclass
class Filing:
    """What the new cases need besides their parties (see :meth:`Resolver.filing`)."""

    counters: dict[CounterKey, int]  # the highest sequence the file creates per counter key
    floors: dict[CounterKey, int]  # for keys without a counter: the highest sequence already stored
    deadlines: list[Deadline]


@dataclass
class Prepared:
    """Everything the write does, decided before it takes the lock."""

    rows: dict[str, Row]
    known: Known
    creates: list[Change]
    updates: list[Change]
    disputes: list[NewDispute]  # to create
    parties: list[NewParty]  # to create
    links: dict[int, list[Link]]  # the party links of the file's existing cases, as read
    counters: dict[CounterKey, int]  # the highest sequence the file creates per counter key
    floors: dict[CounterKey, int]  # for keys without a counter: the highest sequence already stored
    depends: set[int] = field(default_factory=set)  # the stored cases the plan relies on (depends_on)
    #: the deadlines the filing of each new open case runs
    deadlines: list[Deadline] = field(default_factory=list)
    #: names the file gives known identities besides their recorded ones, to add as their other names
    other_names: list[tuple[PartyRef, str]] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        return self.creates + self.updates

    def unchanged(self) -> bool:
        """Whether the stored cases and party links the plan was made from are still as they were read
        (call it under the write lock: nothing can change them then until the write commits)."""
        ids = self.depends
        seen = 0
        for qs in among(Case.objects.values(*LOADED), "id", ids):
            for rec in qs:
                seen += 1
                if rec != self.known.by_id.get(rec["id"]):
                    return False
        if seen != len(ids):
            return False
        relinked = {c.record["id"] for c in self.updates if c.record is not None and c.parties_changed}
        return current_links(relinked) == {k: v for k, v in self.links.items() if k in relinked}


def current_links(case_ids: Iterable[int]) -> dict[int, list[Link]]:
    """The party links of ``case_ids`` (sides in the format's order, then position)."""
    links: dict[int, list[tuple[str, int, str, str, int, str]]] = defaultdict(list)
    columns = ("case_id", "side", "party_id", "name", "party__name", "party__id_number_hash", "position")
    for qs in among(CaseParty.objects.values_list(*columns), "case", case_ids):
        for case_id, side, party_id, own, name, digest, position in qs:
            links[case_id].append((side, party_id, own or name, digest, position, own))
    ordered: dict[int, list[Link]] = {}
    for case_id, items in links.items():
        items.sort(key=lambda x: (_SIDE_ORDER.get(x[0], 9), x[4]))
        ordered[case_id] = [(s, pid, name, bool(d), own) for s, pid, name, d, _, own in items]
    return ordered


def counters_of(keys: Iterable[CounterKey], *, lock: bool = False) -> dict[CounterKey, NumberCounter]:
    """The number counters of ``keys`` that exist (locked for update with ``lock``)."""
    wanted = set(keys)
    if not wanted:
        return {}
    qs = NumberCounter.objects.filter(
        court_id__in=sorted({k[0] for k in wanted}), year__in=sorted({k[1] for k in wanted})
    )
    if lock:
        qs = qs.select_for_update()
    found = {(n.court_id, n.year, n.specialized_code, n.type_code): n for n in qs}
    return {k: n for k, n in found.items() if k in wanted}
