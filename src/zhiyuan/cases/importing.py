"""Case import from CSV or XLSX, exactly as ``formats/cases-import.md`` specifies.

Three phases. *Read*: each row is validated on its own (stable codes per row and column); a worker
process checks the identity numbers meanwhile. *Resolve*: origins are matched against the file and
the database once the whole file is read; a cycle is an error, an unknown origin or cause a warning.
*Write*: one transaction of bulk statements (cases streamed in topological order while they are
classified, then parties, disputes, updates, party links, node log, number counters, audit).
Importing is idempotent by normalized case number: an unchanged row writes nothing, not even audit.

Speed (≥ 10,000 rows/s into PostgreSQL on two cores, see ``benchmarks/cases_import.py``) shapes the
write: plain tuples through ``COPY`` instead of model instances, ids allocated up front, the cyclic
garbage collector paused, and, when nothing is wrong so far, cases written while the parties are
still being checked (rolled back and reported as usual if a party turns out invalid).
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
import json
import multiprocessing
import os
import re
import sys
import threading
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Field, Max, Model, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.lifecycles import CLOSED, Family, family_of
from zhiyuan.cases.models import Case, CaseParty, ClosingMethod, Dispute, NodeLog, NumberCounter, Side
from zhiyuan.courts import selectors as courts
from zhiyuan.courts.models import Court, CourtAlias
from zhiyuan.law.case_numbers import parse
from zhiyuan.law.derivation import derivative_kind
from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import ID_TYPES, REASONS, reason_message
from zhiyuan.law.money import parse_amount
from zhiyuan.parties.models import Party
from zhiyuan.parties.services import identify, kind_of
from zhiyuan.privacy.fields import lookup_hash

#: the format's columns, in the order of its table (the export writes them in this order)
COLUMNS = (
    "case_number",
    "filed_on",
    "cause",
    "claim_amount",
    "closed_on",
    "closing_method",
    "recovered_amount",
    "origin",
    "plaintiffs",
    "defendants",
    "third_parties",
    "court",
)
REQUIRED = ("case_number", "filed_on")
PARTY_COLUMNS: dict[str, str] = {
    "plaintiffs": Side.PLAINTIFF,
    "defendants": Side.DEFENDANT,
    "third_parties": Side.THIRD_PARTY,
}
IMPORT_FLAGS = ("cause_unrecognized", "origin_unresolved")
AMOUNT_LIMIT = Decimal("1e14")  # the column holds 14 integer digits
BATCH = 2000
PARALLEL_IDENTITIES = 2000  # distinct party entries with identity numbers from which a worker checks them
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^-?\d+(?:\.\d{1,2})?$")
_CLOSING = frozenset(ClosingMethod.values)
_COMPARED = (
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
_LOADED = ("id", "case_number", "origin_id", "dispute_id", *_COMPARED)


@dataclass(frozen=True, slots=True)
class Issue:
    """An error or warning: data row (the header is row 1; None for the whole file), column, code."""

    row: int | None
    column: str | None
    code: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


@dataclass
class ImportReport:
    """What an import found and did."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    written: bool = False
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No errors at all (with ``skip_invalid`` the file may be written and still not ok)."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """JSON form (the CLI's ``--json`` output)."""
        return {
            "ok": self.ok,
            "written": self.written,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid": self.invalid,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
        }


class _FileProblem(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message_en)
        self.issue = issue


@dataclass(slots=True)
class _PartyIn:
    side: str
    name: str
    number: str  # normalized identity number or ""
    digest: str  # its blind index or ""
    kind: str
    id_type: str = ""  # the identity document (given, or from the number's shape) or ""


#: (name, number, blind index, kind, id_type), or "malformed" / "invalid:<reason>" / "id_type"
_Entry = tuple[str, str, str, str, str] | str


def _entry(chunk: str) -> _Entry:
    """One ``name|id_number|id_type`` entry of a party column (the number and its type optional), checked
    (the identity number is the costly part)."""
    name, _, rest = chunk.partition("|")
    raw, _, id_type = rest.partition("|")
    name = name.strip()
    if not name or "|" in id_type or len(name) > 200 or (id_type.strip() and not raw.strip()):
        return "malformed"
    if not raw.strip():
        return (name, "", "", kind_of(name, ""), "")
    try:
        number, kind = identify(raw, id_type)
    except LawError as err:
        return "id_type" if err.code == "id_type_unknown" else f"invalid:{err.details.get('reason', '')}"
    return (name, number, lookup_hash(Party, "id_number", number), kind_of(name, number, kind), kind)


def _entries(chunks: list[str]) -> dict[str, _Entry]:
    """Worker entry point: :func:`_entry` for many entries."""
    return {chunk: _entry(chunk) for chunk in chunks}


@dataclass(slots=True, eq=False)
class _Row:
    line: int
    number: str
    year: int
    court_id: int
    court_code: str
    specialized_code: str
    type_code: str
    type_class: str
    sequence: int
    filed_on: dt.date
    closed_on: dt.date | None
    closing_method: str
    cause_text: str
    claim_amount: Decimal | None
    recovered_amount: Decimal | None
    origin_text: str
    origin_key: str  # the origin's normalized number when it parses, else ""
    origin_type: str
    parties: list[_PartyIn]
    origin: str = ""  # resolved origin (a normalized number in the file or the database)
    cause_id: int | None = None


class _Bar:
    """A rich progress bar on standard error, or nothing."""

    def __init__(self, enabled: bool) -> None:
        self.progress: Progress | None = None
        if enabled:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            )
            self.progress.start()
        self.task: Any = None

    def phase(self, description: str, total: int) -> None:
        """Complete the current phase and start the next."""
        if self.progress is not None:
            self.done()
            self.task = self.progress.add_task(description, total=max(total, 1))

    def advance(self, n: int = 1) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, n)

    def done(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


# ---------------------------------------------------------------------------------------------- reading


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _table(data: bytes, filename: str) -> tuple[int, Iterator[list[str]]]:
    """(estimated rows, rows of cell texts) of the CSV or the first XLSX sheet."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _FileProblem(
                Issue(
                    None,
                    None,
                    "file_unreadable",
                    f"文件不是 UTF-8 编码（第 {exc.start} 字节）。",
                    f"The file is not UTF-8 (byte {exc.start}).",
                )
            ) from None
        return text.count("\n"), ([c.strip() for c in cells] for cells in csv.reader(io.StringIO(text)))
    if suffix == ".xlsx":
        import openpyxl  # type: ignore[import-untyped]
        from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.worksheets[0]
        except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, ValueError, OSError):
            raise _FileProblem(
                Issue(
                    None, None, "file_unreadable", "无法读取该 XLSX 文件。", "The XLSX file cannot be read."
                )
            ) from None

        def rows() -> Iterator[list[str]]:
            try:
                for values in sheet.iter_rows(values_only=True):
                    yield [_cell(v) for v in values]
            finally:
                book.close()

        return (sheet.max_row or 0), rows()
    raise _FileProblem(
        Issue(
            None,
            None,
            "file_format_unsupported",
            f"不支持的文件类型“{suffix or filename}”：须为 .csv 或 .xlsx。",
            f"Unsupported file type '{suffix or filename}': use .csv or .xlsx.",
        )
    )


class _Reader:
    """Validates rows one by one into :class:`_Row` (or issues)."""

    def __init__(self, report: ImportReport, court_scope: frozenset[int] | None) -> None:
        self.report = report
        self.ref = courts.reference().case_numbers
        listed = list(Court.objects.values_list("code", "name", "pk"))
        self.courts: dict[str, int] = {code: pk for code, _, pk in listed}
        for code, court_id in CourtAlias.objects.values_list("code", "court_id"):
            self.courts.setdefault(code, court_id)
        self.codes: dict[int, str] = {pk: code for code, _, pk in listed}
        names = Counter(name for _, name, _ in listed)
        self.names: dict[str, int] = {name: pk for _, name, pk in listed if names[name] == 1}
        self.scope = court_scope
        self.parsed: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, _Entry] = {}
        self._dates: dict[str, dt.date] = {}
        self.invalid: dict[str, int] = {}  # normalized numbers of rows with errors → their row
        self.at: dict[str, int] = {}  # column → position in a row's cells (-1: absent, an empty cell)

    def parse(self, text: str) -> dict[str, Any]:
        hit = self.parsed.get(text)
        if hit is None:
            hit = self.parsed[text] = parse(text, self.ref)
        return hit

    def fields(self, line: int, cells: list[str], issues: list[Issue]) -> tuple[_Row | None, str]:
        """The row without its parties (None when ``issues`` grew) and its normalized number ("" if none)."""
        at = self.at
        count = len(issues)

        def err(column: str, code: str, zh: str, en: str) -> None:
            issues.append(Issue(line, column, code, zh, en))

        number_text = cells[at["case_number"]]
        parsed: dict[str, Any] | None = None
        court_id = 0
        if not number_text:
            err("case_number", "required_missing", "缺少必填项“案号”。", "The required case_number is empty.")
        else:
            parsed = self.parse(number_text)
            if not parsed["ok"] or len(parsed["normalized"]) > 64 or len(parsed["type_code"]) > 8:
                why = (
                    parsed["error"] if not parsed["ok"] else {"message_zh": "过长", "message_en": "too long"}
                )
                err(
                    "case_number",
                    "case_number_invalid",
                    f"案号“{number_text}”无效：{why['message_zh']}",
                    f"Invalid case number '{number_text}': {why['message_en']}",
                )
                parsed = None
            else:
                court_id = self._court(parsed, cells[at["court"]], err)
                if court_id and self.scope is not None and court_id not in self.scope:
                    err(
                        "case_number",
                        "court_out_of_scope",
                        f"无权导入“{self.codes[court_id]}”的案件。",
                        f"You may not import cases of court {self.codes[court_id]}.",
                    )
                for w in parsed["warnings"]:
                    self.report.warnings.append(
                        Issue(line, "case_number", w["code"], w["message_zh"], w["message_en"])
                    )
        filed_on = self._date(cells[at["filed_on"]], "filed_on", err, required=True)
        closed_on = self._date(cells[at["closed_on"]], "closed_on", err, required=False)
        if filed_on and closed_on and closed_on < filed_on:
            err(
                "closed_on",
                "closed_before_filed",
                f"结案日期 {closed_on} 早于立案日期 {filed_on}。",
                f"Closed on {closed_on}, before it was filed on {filed_on}.",
            )
        method = cells[at["closing_method"]]
        if method and method not in _CLOSING:
            err(
                "closing_method",
                "closing_method_invalid",
                f"结案方式“{method}”无效，须为：{', '.join(ClosingMethod.values)}。",
                f"Invalid closing method '{method}'; use one of: {', '.join(ClosingMethod.values)}.",
            )
        claim = self._amount(cells[at["claim_amount"]], "claim_amount", err)
        recovered = self._amount(cells[at["recovered_amount"]], "recovered_amount", err)
        cause, origin = cells[at["cause"]], cells[at["origin"]]
        for column, text, limit in (("cause", cause, 100), ("origin", origin, 64)):
            if len(text) > limit:
                err(
                    column,
                    "value_too_long",
                    f"“{column}”超过 {limit} 个字符。",
                    f"'{column}' is longer than {limit} characters.",
                )
        number = parsed["normalized"] if parsed is not None else ""
        if len(issues) > count or parsed is None or filed_on is None:
            return None, number
        origin_parsed = self.parse(origin) if origin else None
        origin_ok = origin_parsed is not None and origin_parsed["ok"]
        return (
            _Row(
                line=line,
                number=parsed["normalized"],
                year=parsed["year"],
                court_id=court_id,
                court_code=parsed["court_code"] or self.codes[court_id],
                specialized_code=parsed["specialized_code"] or "",
                type_code=parsed["type_code"],
                type_class=parsed["type_class"] or "",
                sequence=parsed["sequence"],
                filed_on=filed_on,
                closed_on=closed_on,
                closing_method=method,
                cause_text=cause,
                claim_amount=claim,
                recovered_amount=recovered,
                origin_text=origin,
                origin_key=origin_parsed["normalized"] if origin_parsed and origin_ok else "",
                origin_type=origin_parsed["type_code"] if origin_parsed and origin_ok else "",
                parties=[],
            ),
            number,
        )

    def _court(self, parsed: dict[str, Any], given: str, err: Callable[..., None]) -> int:
        """The row's court (0 after an error): the case number's court code; for a pre-2016 number whose
        abbreviation names no court, the ``court`` column (a court code or the court's name)."""
        named = (self.courts.get(given) or self.names.get(given, 0)) if given else 0
        if given and not named:
            err(
                "court",
                "unknown_court",
                f"法院“{given}”不是已知法院（填写法院代字或法院全称）。",
                f"Court '{given}' is not a known court (give its code or full name).",
            )
            return 0
        code = parsed["court_code"]
        if code is None:
            if not named:
                err(
                    "court",
                    "court_required",
                    f"2016年前的案号“{parsed['normalized']}”中的法院简称不能确定法院，须在“court”列填写法院代字。",
                    f"The pre-2016 number '{parsed['normalized']}' does not name its court: give the court's "
                    "code in the 'court' column.",
                )
            return named
        court_id = self.courts.get(code, 0)
        if not court_id:
            err(
                "case_number",
                "unknown_court",
                f"法院代字“{code}”不是已知法院。",
                f"Court code '{code}' is not a known court.",
            )
        elif named and named != court_id:
            err(
                "court",
                "court_mismatch",
                f"“court”列的法院“{given}”与案号的法院“{code}”不一致。",
                f"The court column '{given}' is not the case number's court '{code}'.",
            )
            return 0
        return court_id

    def people(self, line: int, cells: list[str], issues: list[Issue]) -> list[_PartyIn]:
        """The row's parties, plaintiffs first."""
        out: list[_PartyIn] = []
        entries = self.entries
        for column, side in PARTY_COLUMNS.items():
            text = cells[self.at[column]]
            if not text:
                continue
            seen: list[str] = []
            for chunk in text.split(";"):
                entry = entries.get(chunk)
                if entry is None:
                    if not chunk.strip():
                        continue
                    entry = entries[chunk] = _entry(chunk)
                if isinstance(entry, str):
                    issues.append(self._party_issue(line, column, chunk, entry))
                    continue
                name, number, digest, kind, id_type = entry
                if digest:
                    if digest in seen:
                        issues.append(self._party_issue(line, column, chunk, "duplicate"))
                        continue
                    seen.append(digest)
                out.append(_PartyIn(side, name, number, digest, kind, id_type))
        return out

    @staticmethod
    def _party_issue(line: int, column: str, chunk: str, why: str) -> Issue:
        text, name = chunk.strip()[:40], chunk.partition("|")[0].strip()
        why, _, reason = why.partition(":")
        explained = reason_message(reason, None) if reason in REASONS else None
        because_zh, because_en = (
            (f"（{explained[0].rstrip('。')}）", f" ({explained[1].rstrip('.')})") if explained else ("", "")
        )
        zh, en = {
            "malformed": (
                f"当事人“{text}”格式无效：须为“名称|证件号码”，以分号分隔。",
                f"Malformed party '{text}': use name|id_number|id_type (number and type optional), "
                "separated by ';'.",
            ),
            "invalid": (
                f"当事人“{name}”的证件号码无效{because_zh}。",
                f"The identity number of party '{name}' is invalid{because_en}.",
            ),
            "id_type": (
                f"当事人“{name}”的证件类型无效：须为 {'、'.join(ID_TYPES)} 之一（或其中文名称）。",
                f"The identity document type of party '{name}' is unknown: use one of {', '.join(ID_TYPES)}.",
            ),
            "duplicate": (
                f"当事人“{name}”在同一栏中重复出现。",
                f"Party '{name}' appears twice in the same column.",
            ),
        }[why]
        return Issue(line, column, "party_invalid", zh, en)

    def _date(self, text: str, column: str, err: Callable[..., None], *, required: bool) -> dt.date | None:
        if not text:
            if required:
                err(column, "required_missing", f"缺少必填项“{column}”。", f"The required {column} is empty.")
            return None
        hit = self._dates.get(text)
        if hit is not None:
            return hit
        if _DATE.match(text):
            try:
                hit = self._dates[text] = dt.date.fromisoformat(text)
                return hit
            except ValueError:
                pass
        err(
            column,
            "date_invalid",
            f"日期“{text}”无效，须为 YYYY-MM-DD。",
            f"Invalid date '{text}': use YYYY-MM-DD.",
        )
        return None

    @staticmethod
    def _amount(text: str, column: str, err: Callable[..., None]) -> Decimal | None:
        if not text:
            return None
        if _AMOUNT.match(text):
            if text.startswith("-") and Decimal(text) != 0:
                err(
                    column,
                    "amount_negative",
                    f"金额“{text}”不得为负。",
                    f"Amount '{text}' must not be negative.",
                )
                return None
            try:
                value = parse_amount(text, column)
            except LawError:
                value = AMOUNT_LIMIT
            if value < AMOUNT_LIMIT:
                return value
        err(
            column,
            "amount_invalid",
            f"金额“{text}”无效：须为以元计、最多两位小数、不含千位分隔符的数字。",
            f"Invalid amount '{text}': yuan with at most 2 decimals and no thousands separators.",
        )
        return None


# ------------------------------------------------------------------------------------------ resolving


def _chunks(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _among(qs: QuerySet[Any], field_name: str, values: Iterable[Any]) -> Iterator[QuerySet[Any]]:
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
    for chunk in _chunks(items, 900):
        yield qs.filter(**{f"{field_name}__in": chunk})


class _Known:
    """Cases already in the database: by number and by id, with their ancestor chains loaded."""

    def __init__(self, numbers: set[str]) -> None:
        self.by_number: dict[str, dict[str, Any]] = {}
        self.by_id: dict[int, dict[str, Any]] = {}
        for qs in _among(Case.objects.values(*_LOADED), "case_number", numbers):
            self._add(qs)
        missing = {r["origin_id"] for r in self.by_id.values() if r["origin_id"]} - set(self.by_id)
        while missing:
            for qs in _among(Case.objects.values(*_LOADED), "id", missing):
                self._add(qs)
            missing = {r["origin_id"] for r in self.by_id.values() if r["origin_id"]} - set(self.by_id)

    def _add(self, records: Any) -> None:
        for r in records:
            self.by_number[r["case_number"]] = r
            self.by_id[r["id"]] = r

    def origin_number(self, number: str) -> str:
        rec = self.by_number.get(number)
        return self.by_id[rec["origin_id"]]["case_number"] if rec and rec["origin_id"] else ""


def _resolve(rows: dict[str, _Row], known: _Known) -> list[_Row]:
    """Point each row at its origin (file or database); return the rows in a cycle (removed from rows)."""
    cyclic: list[_Row] = []
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


# -------------------------------------------------------------------------------------------- import


def import_file(
    source: Path | BinaryIO,
    *,
    filename: str,
    skip_invalid: bool = False,
    user: Any = None,
    progress: bool = False,
    progress_min_rows: int = 0,
) -> ImportReport:
    """Import a case file (``.csv`` or ``.xlsx`` by ``filename``); never half-written.

    With errors nothing is written unless ``skip_invalid``, which writes the valid rows (a row whose
    origin is an invalid row then keeps its origin as unresolved text). ``user`` (optional) must hold
    ``case:import`` and may import only cases of courts in scope; without one the system acts.
    """
    if user is not None:
        authorize(user, "case:import")
    report = ImportReport()
    try:
        data = source.read_bytes() if isinstance(source, Path) else source.read()
        if isinstance(data, str):  # a text stream after all
            data = data.encode()
    except OSError as exc:
        report.errors.append(
            Issue(None, None, "file_unreadable", f"无法读取文件：{exc}", f"Cannot read the file: {exc}")
        )
        return report
    bar = _Bar(False)
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived objects without cycles: the cyclic collector only rescans them
    try:
        estimated, table = _table(data, filename)
        bar = _Bar(progress and estimated >= progress_min_rows)
        reading = _read(table, report, bar, user)
        if reading is not None:
            _Importer(report, reading, skip_invalid, bar).run(
                actor_of(user) if user is not None else Actor.system("zhiyuan cases import"),
                filename,
                hashlib.sha256(data).hexdigest(),
            )
    except _FileProblem as problem:
        report.errors.append(problem.issue)
    finally:
        bar.stop()
        if collecting:
            gc.enable()
    report.errors.sort(key=lambda i: (i.row or 0, COLUMNS.index(i.column) if i.column in COLUMNS else -1))
    return report


def _read(table: Iterator[list[str]], report: ImportReport, bar: _Bar, user: Any) -> _Reading | None:
    """Check every row but its parties (see :meth:`_Reading.settle`); None when the header is unusable."""
    try:
        header = next(table, None)
    except csv.Error as exc:
        raise _FileProblem(
            Issue(1, None, "file_unreadable", f"CSV 格式错误：{exc}", f"Malformed CSV: {exc}")
        ) from None
    if header is None:
        header = []
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in COLUMNS:
            if name in index:
                report.errors.append(
                    Issue(1, name, "duplicate_column", f"列“{name}”重复。", f"Column '{name}' appears twice.")
                )
            index.setdefault(name, position)
        elif name:
            report.warnings.append(
                Issue(
                    1,
                    name,
                    "unknown_column",
                    f"未知列“{name}”，已忽略。",
                    f"Unknown column '{name}' ignored.",
                )
            )
    for name in REQUIRED:
        if name not in index:
            report.errors.append(
                Issue(
                    1,
                    name,
                    "required_missing",
                    f"缺少必需的列“{name}”。",
                    f"The required column '{name}' is missing.",
                )
            )
    if report.errors:
        return None
    reader = _Reader(report, scope_of(user).court_ids if user is not None else None)
    reader.at = {c: index.get(c, -1) for c in COLUMNS}
    records: list[tuple[int, list[str]]] = []
    chunks: set[str] = set()  # party entries with an identity number, for the worker
    parties_at = [i for c, i in index.items() if c in PARTY_COLUMNS]
    width = len(header)
    line = 1
    try:
        for cells in table:
            line += 1
            if not any(cells):
                continue
            if len(cells) > width and any(cells[width:]):
                report.warnings.append(
                    Issue(
                        line,
                        None,
                        "extra_cells",
                        "该行的单元格多于表头，多出部分已忽略。",
                        "More cells than headers; the extra ones are ignored.",
                    )
                )
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            cells.append("")  # what an absent column (position -1) reads
            records.append((line, cells))
            for i in parties_at:
                if "|" in cells[i]:
                    chunks.update(c for c in cells[i].split(";") if "|" in c)
    except csv.Error as exc:
        raise _FileProblem(
            Issue(line, None, "file_unreadable", f"CSV 格式错误：{exc}", f"Malformed CSV: {exc}")
        ) from None
    report.rows = len(records)
    bar.phase("读取 reading", len(records))
    # identity numbers are the costly check: a worker process does them while this one reads the rest
    pending = _Identities.start(chunks, reader)
    partial: list[tuple[_Row | None, str, list[Issue]]] = []
    for line, cells in records:
        issues: list[Issue] = []
        partial.append((*reader.fields(line, cells, issues), issues))
        bar.advance()
    return _Reading(reader, records, partial, pending)


@dataclass
class _Reading:
    """The rows checked except for their parties; :meth:`settle` adds them once the worker is done."""

    reader: _Reader
    records: list[tuple[int, list[str]]]
    partial: list[tuple[_Row | None, str, list[Issue]]]
    pending: _Identities
    settled: tuple[dict[int, _Row], list[Issue], dict[str, int]] | None = None

    def provisional(self) -> tuple[dict[int, _Row], list[Issue], dict[str, int]]:
        """Rows whose other columns are valid (by line), the errors so far, the invalid rows' numbers."""
        rows: dict[int, _Row] = {}
        errors: list[Issue] = []
        invalid = dict(self.reader.invalid)
        for (line, _), (row, number, issues) in zip(self.records, self.partial, strict=True):
            if row is not None:
                rows[line] = row
            else:
                errors.extend(issues)
                if number:
                    invalid.setdefault(number, line)
        return rows, errors, invalid

    def settle(self) -> tuple[dict[int, _Row], list[Issue], dict[str, int]]:
        """The same with the parties checked and attached (computed once)."""
        if self.settled is None:
            self.pending.finish()
            rows: dict[int, _Row] = {}
            errors: list[Issue] = []
            invalid = dict(self.reader.invalid)
            for (line, cells), (row, number, issues) in zip(self.records, self.partial, strict=True):
                people = self.reader.people(line, cells, issues)
                if row is not None and not issues:
                    row.parties = people
                    rows[line] = row
                else:
                    errors.extend(issues)
                    if number:
                        invalid.setdefault(number, line)
            self.settled = (rows, errors, invalid)
            # free the raw rows now, while the database is busy with a speculative write
            self.records, self.partial = [], []
            self.reader.entries.clear()
            self.reader.parsed.clear()
        return self.settled


class _Settle(Exception):
    """Raised to undo a speculative write: the rows' parties (or other rows) have errors after all."""


class _Identities:
    """Party entries with identity numbers checked in a forked worker process while the main process
    reads the rest of the rows (the identity checks cost more than everything else in a row).

    Only for files with many distinct numbers, on Linux (``fork``) with a second core; the
    worker computes pure functions (no database) and exits without touching inherited connections."""

    def __init__(
        self, reader: _Reader, executor: Any = None, future: Any = None, chunks: list[str] | None = None
    ) -> None:
        self.reader, self.executor, self.future, self.chunks = reader, executor, future, chunks or []

    @classmethod
    def start(cls, chunks: set[str], reader: _Reader) -> _Identities:
        """Start the worker when it pays."""
        if (
            len(chunks) < PARALLEL_IDENTITIES
            or (os.cpu_count() or 1) < 2
            or not sys.platform.startswith("linux")  # fork is safe (and the default) there
            or threading.active_count() > 1  # never fork a threaded server process (the API): locks
        ):
            return cls(reader)
        ordered = sorted(chunks)
        reader.entries.update(_entries(ordered[:1]))  # loads the keys and the parameters before forking
        try:
            executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            future = executor.submit(_entries, ordered)
        except OSError:
            return cls(reader)
        return cls(reader, executor, future, ordered)

    def finish(self) -> None:
        """Merge the worker's results (or check the entries here if the worker failed)."""
        if self.future is None:
            return
        try:
            self.reader.entries.update(self.future.result())
        except (BrokenProcessPool, OSError):
            self.reader.entries.update(_entries(self.chunks))
        finally:
            self.executor.shutdown()


# ------------------------------------------------------------------------------------------- planning


class _NewDispute:
    """A dispute to create; its id is allocated just before writing."""

    __slots__ = ("pk",)

    def __init__(self) -> None:
        self.pk = 0


class _NewParty:
    """A party to create."""

    __slots__ = ("digest", "id_type", "kind", "name", "number", "pk")

    def __init__(self, name: str, kind: str, number: str = "", digest: str = "", id_type: str = "") -> None:
        self.pk, self.name, self.kind, self.number, self.digest = 0, name, kind, number, digest
        self.id_type = id_type


DisputeRef = int | _NewDispute  # an existing dispute's id, or one to create
PartyRef = int | _NewParty  # an existing party's id, or one to create
_Link = tuple[str, int, str, bool]  # side, party id, name, has an identity number
_SIDE_ORDER: dict[str, int] = {side: i for i, side in enumerate(PARTY_COLUMNS.values())}


def _discard(row: tuple[Any, ...]) -> None:
    raise AssertionError("no case is new")  # pragma: no cover


def _pk(ref: int | _NewDispute | _NewParty) -> int:
    return ref if isinstance(ref, int) else ref.pk


@dataclass(slots=True)
class _Plan:
    order: list[_Row]  # topological: origins first
    disputes: dict[str, DisputeRef]


@dataclass(slots=True, eq=False)
class _Change:
    row: _Row
    values: tuple[Any, ...]  # in the order of _COMPARED
    parties: list[tuple[str, PartyRef]]
    dispute: DisputeRef
    record: dict[str, Any] | None = None  # the case as it is in the database
    diff: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    parties_changed: bool = True


def _json(value: Any) -> Any:
    if isinstance(value, _NewDispute):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


class _Importer:
    """Resolves origins, plans creates and updates, and writes them in one transaction."""

    def __init__(self, report: ImportReport, reading: _Reading, skip_invalid: bool, bar: _Bar) -> None:
        self.report = report
        self.reading = reading
        self.lines: dict[int, _Row] = {}
        self.invalid: dict[str, int] = {}
        self.speculative = False
        self.skip_invalid = skip_invalid
        self.bar = bar
        self._families: dict[str, Family] = {}
        self._kinds: dict[tuple[str, str, str], str] = {}

    def _kind(self, type_code: str, origin_type: str, cause: str) -> str:
        key = (type_code, origin_type, cause)
        kind = self._kinds.get(key)
        if kind is None:
            kind = self._kinds[key] = derivative_kind(type_code, origin_type, cause)
        return kind

    def run(self, who: Actor, filename: str, sha256: str) -> None:
        """Resolve, plan and (unless there are errors and no ``skip_invalid``) write.

        Without ``skip_invalid`` and with no error so far, the cases are written *speculatively* while the
        parties are still being checked (the worker process): should a party turn out invalid, the
        transaction is rolled back and the file is reported as if nothing had been attempted."""
        report = self.report
        errors, warnings = list(report.errors), list(report.warnings)
        self.lines, found, self.invalid = self.reading.provisional()
        self.speculative = not self.skip_invalid and not found
        if self.speculative:
            try:
                self._run(who, filename, sha256)
                return
            except _Settle:
                report.errors[:], report.warnings[:] = errors, warnings
                report.created = report.updated = report.unchanged = 0
        self.speculative = False
        self.lines, found, self.invalid = self.reading.settle()
        report.errors.extend(found)
        self._run(who, filename, sha256)

    def settle(self) -> None:
        """After a speculative write: the parties are fine, or :class:`_Settle` undoes everything."""
        if self.speculative and self.reading.settle()[1]:
            raise _Settle

    def _run(self, who: Actor, filename: str, sha256: str) -> None:
        report = self.report
        rows: dict[str, _Row] = {}
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
        for row in _resolve(rows, known):
            self.invalid.setdefault(row.number, row.line)
            report.errors.append(
                Issue(
                    row.line,
                    "origin",
                    "origin_cycle",
                    f"来源案件构成循环：{row.number} ← {row.origin_key}。",
                    f"The origins form a cycle: {row.number} ← {row.origin_key}.",
                )
            )
        self._causes(rows)
        self._warn_unresolved(rows)
        if self.speculative and report.errors:
            raise _Settle  # report the parties' errors too
        report.invalid = len({i.row for i in report.errors if i.row is not None and i.row > 1})
        report.warnings.sort(key=lambda i: i.row or 0)
        if (report.errors and not self.skip_invalid) or not rows:
            if self.speculative:
                self.settle()
            return
        plan = self._plan(rows, known)
        try:
            with transaction.atomic():
                changes = _Writer(self, who, filename, sha256).write(plan, rows, known)
        except (IntegrityError, DataError) as exc:
            report.errors.append(
                Issue(
                    None,
                    None,
                    "write_failed",
                    f"写入失败，未写入任何数据（可能有人同时导入了相同案号）：{exc}",
                    f"Writing failed and nothing was written (a concurrent import of the same numbers?): {exc}",
                )
            )
            return
        report.created = sum(1 for c in changes if c.record is None)
        report.updated = len(changes) - report.created
        report.unchanged = len(rows) - len(changes)
        report.written = bool(changes)

    def _causes(self, rows: dict[str, _Row]) -> None:
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

    def _warn_unresolved(self, rows: dict[str, _Row]) -> None:
        for row in rows.values():
            if not row.origin_text or row.origin:
                continue
            line = self.invalid.get(row.origin_key) if row.origin_key else None
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

    def _plan(self, rows: dict[str, _Row], known: _Known) -> _Plan:
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
        return _Plan(order, self._disputes(rows, known))

    def _creates(self, plan: _Plan, rows: dict[str, _Row], known: _Known) -> Iterator[_Change]:
        """The new cases in topological order, without their parties yet (no queries: the caller streams
        them into the database meanwhile)."""
        for row in plan.order:
            if row.number not in known.by_number:
                yield _Change(row, self._values(row, None, rows, known), [], plan.disputes[row.number])

    def _updates(
        self,
        plan: _Plan,
        rows: dict[str, _Row],
        parties: dict[str, PartyRef],
        links: dict[int, list[_Link]],
        known: _Known,
    ) -> Iterator[_Change]:
        """The existing cases the file changes (fields, origin, dispute or parties)."""
        for row in plan.order:
            rec = known.by_number.get(row.number)
            if rec is None:
                continue
            current = links.get(rec["id"], [])
            change = _Change(
                row,
                self._values(row, rec, rows, known),
                self._desired(row, current, parties),
                plan.disputes[row.number],
                rec,
            )
            diff = {k: (rec[k], v) for k, v in zip(_COMPARED, change.values, strict=True) if rec[k] != v}
            old_origin = known.origin_number(row.number)
            if old_origin != row.origin:
                diff["origin"] = (old_origin, row.origin)
            if isinstance(change.dispute, _NewDispute) or change.dispute != rec["dispute_id"]:
                diff["dispute"] = (rec["dispute_id"], change.dispute)
            change.parties_changed = [(side, pid) for side, pid, _, _ in current] != change.parties
            if change.parties_changed:
                diff["parties"] = (
                    [f"{side}:{name}" for side, _, name, _ in current],
                    [f"{p.side}:{p.name}" for p in row.parties],
                )
            if diff:
                change.diff = diff
                yield change

    @staticmethod
    def _disputes(rows: dict[str, _Row], known: _Known) -> dict[str, DisputeRef]:
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
                    rec["dispute_id"] if rec and (row is None or not rec["origin_id"]) else _NewDispute()
                )
            for n in path:
                memo[n] = memo[node]
        return memo

    @staticmethod
    def _parties(rows: dict[str, _Row], known: _Known) -> tuple[dict[str, PartyRef], dict[int, list[_Link]]]:
        """Parties by identity hash (found or new), and the current links of the file's existing cases."""
        digests: dict[str, _PartyIn] = {}
        for row in rows.values():
            for p in row.parties:
                if p.digest:
                    digests.setdefault(p.digest, p)
        found: dict[str, PartyRef] = {}
        for qs in _among(Party.objects.values_list("id_number_hash", "pk"), "id_number_hash", digests):
            found.update(qs)
        for digest, p in digests.items():
            if digest not in found:
                found[digest] = _NewParty(p.name, p.kind, p.number, digest, p.id_type)
        links: dict[int, list[tuple[str, int, str, str, int]]] = defaultdict(list)
        case_ids = [known.by_number[n]["id"] for n in rows if n in known.by_number]
        columns = ("case_id", "side", "party_id", "party__name", "party__id_number_hash", "position")
        for qs in _among(CaseParty.objects.values_list(*columns), "case", case_ids):
            for case_id, side, party_id, name, digest, position in qs:
                links[case_id].append((side, party_id, name, digest, position))
        ordered: dict[int, list[_Link]] = {}
        for case_id, items in links.items():
            items.sort(key=lambda x: (_SIDE_ORDER.get(x[0], 9), x[4]))
            ordered[case_id] = [(s, pid, name, bool(d)) for s, pid, name, d, _ in items]
        return found, ordered

    @staticmethod
    def _desired(row: _Row, current: list[_Link], found: dict[str, PartyRef]) -> list[tuple[str, PartyRef]]:
        """The row's parties; one without an identity number reuses the case's party of that name."""
        if not current:
            return [(p.side, found[p.digest] if p.digest else _NewParty(p.name, p.kind)) for p in row.parties]
        pool = [(i, side, name) for i, (side, _, name, has_id) in enumerate(current) if not has_id]
        used: set[int] = set()
        out: list[tuple[str, PartyRef]] = []
        for p in row.parties:
            if p.digest:
                out.append((p.side, found[p.digest]))
                continue
            match = next((i for i, s, n in pool if i not in used and s == p.side and n == p.name), None)
            if match is None:
                match = next((i for i, _, n in pool if i not in used and n == p.name), None)
            if match is None:
                out.append((p.side, _NewParty(p.name, p.kind)))
            else:
                used.add(match)
                out.append((p.side, current[match][1]))
        return out

    def _values(
        self, row: _Row, rec: dict[str, Any] | None, rows: dict[str, _Row], known: _Known
    ) -> tuple[Any, ...]:
        """The case's fields as the row gives them (status and other flags kept where the row is silent)."""
        family = self._families.get(row.type_code)
        if family is None:
            family = self._families[row.type_code] = family_of(row.type_code)
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
        return (  # in the order of _COMPARED
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


# -------------------------------------------------------------------------------------------- writing


class _Bulk:
    """Inserts of plain tuples for the big tables: PostgreSQL's ``COPY``, ``executemany`` on SQLite.

    Model instances and per-field preparation cost more than the database itself at this volume
    (``bulk_create`` measured ~2,500 rows/s here), so ids are allocated first (sequence or AUTOINCREMENT
    counter, inside the write transaction) and rows refer to each other directly; Django declares
    foreign keys ``DEFERRABLE INITIALLY DEFERRED`` on both databases, so they are checked at commit.
    Concrete fields a caller does not name get their model default.
    """

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.quote = connection.ops.quote_name

    def ids(self, model: type[Model], n: int) -> list[int]:
        """``n`` fresh primary keys for ``model``."""
        if n == 0:
            return []
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cur:
            if self.postgres:  # look the sequence up once: per row it costs more than nextval itself
                cur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
                sequence = cur.fetchone()[0]
                cur.execute(
                    "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)", [sequence, n]
                )
                return list(cur.fetchone()[0])
            cur.execute(f"SELECT COALESCE(MAX({self.quote(pk)}), 0) FROM {self.quote(table)}")
            top = cur.fetchone()[0]
            cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            seq = cur.fetchone()
            start = max(top, seq[0] if seq else 0) + 1
            return list(range(start, start + n))

    def insert(self, model: type[Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (values in the order of ``columns``, given as field names or attnames)."""
        if rows:
            with self.stream(model, columns) as put:
                for row in rows:
                    put(row)

    @contextmanager
    def stream(
        self, model: type[Model], columns: tuple[str, ...]
    ) -> Iterator[Callable[[tuple[Any, ...]], None]]:
        """``put(row)`` while the database takes them (``COPY``), or at the end (``executemany``)."""
        meta = model._meta
        named = [cast("Field[Any, Any]", meta.get_field(c)) for c in columns]
        given = {getattr(f, "attname", "") for f in named}
        rest = [f for f in meta.concrete_fields if f.attname not in given and not f.primary_key]
        fill = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        cols = ", ".join(self.quote(f.column) for f in [*named, *rest])
        table = self.quote(meta.db_table)
        with connection.cursor() as cur:
            if self.postgres:  # the raw driver's COPY: its errors become Django's as usual
                with (
                    connection.wrap_database_errors,
                    cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
                ):
                    write = copy.write_row
                    yield (lambda row: write(row + fill)) if fill else write
                return
            rows: list[tuple[Any, ...]] = []
            yield lambda row: rows.append(row + fill)
            if rows:
                marks = ", ".join(["%s"] * (len(named) + len(rest)))
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)


class _Writer:
    """Writes a plan inside the caller's transaction: parties, disputes, cases, updates, party links,
    the node log, number counters and the audit records."""

    def __init__(self, importer: _Importer, who: Actor, filename: str, sha256: str) -> None:
        self.importer, self.who, self.filename, self.sha256 = importer, who, filename, sha256
        self.bar = importer.bar
        self.now = timezone.now()
        self.bulk = _Bulk()

    def write(self, plan: _Plan, rows: dict[str, _Row], known: _Known) -> list[_Change]:
        """Write what changed; returns the changes (none: nothing was written)."""
        importer, bulk, bar = self.importer, self.bulk, self.bar
        stamp = connection.ops.adapt_datetimefield_value(self.now)
        ids = {number: rec["id"] for number, rec in known.by_number.items()}
        new = [r.number for r in plan.order if r.number not in known.by_number]
        ids.update(zip(new, bulk.ids(Case, len(new)), strict=True))
        disputes = list({id(d): d for d in plan.disputes.values() if isinstance(d, _NewDispute)}.values())
        for dispute, pk in zip(disputes, bulk.ids(Dispute, len(disputes)), strict=True):
            dispute.pk = pk
        bar.phase("写入 writing", len(rows))
        creates: list[_Change] = []
        columns = ("id", "case_number", *_COMPARED, "origin_id", "dispute_id", "created_at", "updated_at")
        stream = bulk.stream(Case, columns) if new else nullcontext(_discard)
        with stream as put:  # the database inserts while the rows are classified
            for c in importer._creates(plan, rows, known):
                creates.append(c)
                put(
                    (
                        ids[c.row.number],
                        c.row.number,
                        *c.values[:-1],
                        json.dumps(c.values[-1]),
                        ids[c.row.origin] if c.row.origin else None,
                        _pk(c.dispute),
                        stamp,
                        stamp,
                    )
                )
                if len(creates) % 1000 == 0:
                    bar.advance(1000)
            importer.settle()  # while the database catches up: a speculative write ends here if need be
        found, links = importer._parties(rows, known)
        for c in creates:
            c.parties = importer._desired(c.row, [], found)
        updates = list(importer._updates(plan, rows, found, links, known))
        changes = creates + updates
        if not changes:
            return changes
        importer.report.unchanged = len(rows) - len(changes)
        parties = list({id(r): r for c in changes for _, r in c.parties if isinstance(r, _NewParty)}.values())
        for party, pk in zip(parties, bulk.ids(Party, len(parties)), strict=True):
            party.pk = pk
        encrypt = Party._meta.get_field("id_number").get_prep_value
        bulk.insert(
            Party,
            ("id", "kind", "name", "id_type", "id_number", "id_number_hash", "created_at"),
            [(p.pk, p.kind, p.name, p.id_type, encrypt(p.number), p.digest, stamp) for p in parties],
        )
        bulk.insert(Dispute, ("id", "created_at"), [(d.pk, stamp) for d in disputes])
        fields = [f.removesuffix("_id") for f in _COMPARED] + ["origin", "dispute", "updated_at"]
        for batch in _chunks(updates, 500):
            Case.objects.bulk_update(
                [
                    Case(
                        pk=ids[c.row.number],
                        case_number=c.row.number,
                        origin_id=ids[c.row.origin] if c.row.origin else None,
                        dispute_id=_pk(c.dispute),
                        updated_at=self.now,
                        **dict(zip(_COMPARED, c.values, strict=True)),
                    )
                    for c in batch
                ],
                fields,
            )
            bar.advance(len(batch))
        moved = _move_descendants(updates, {ids[n] for n in rows}, self.now)
        for qs in _among(
            CaseParty.objects.all(), "case", [ids[c.row.number] for c in updates if c.parties_changed]
        ):
            qs.delete()
        link_rows: list[tuple[Any, ...]] = []
        for c in changes:
            if c.parties_changed:
                case_id, positions = ids[c.row.number], dict.fromkeys(PARTY_COLUMNS.values(), 0)
                for side, ref in c.parties:
                    link_rows.append((case_id, _pk(ref), side, positions[side]))
                    positions[side] += 1
        bulk.insert(CaseParty, ("case_id", "party_id", "side", "position"), link_rows)
        who, today = self.who, timezone.localdate()
        payload = '{"file": ' + json.dumps(self.filename, ensure_ascii=False) + ', "row": %d}'
        bulk.insert(
            NodeLog,
            ("case_id", "node", "on", "at", "actor_id", "actor_name", "payload"),
            [
                (
                    ids[c.row.number],
                    "import",
                    today,
                    stamp,
                    who.id,
                    who.name[:150],
                    payload % c.row.line
                    if c.record is None
                    else json.dumps(
                        {"file": self.filename, "row": c.row.line, "changed": sorted(c.diff)},
                        ensure_ascii=False,
                    ),
                )
                for c in changes
            ],
        )
        _counters(creates)
        self._audit(creates, updates, ids, moved)
        bar.done()
        return changes

    def _audit(
        self,
        creates: list[_Change],
        updates: list[_Change],
        ids: dict[str, int],
        moved: dict[str, tuple[int, int, int]],
    ) -> None:
        """One record for the import (the created cases), one per updated or moved case."""
        report, who = self.importer.report, self.who
        record(
            who,
            "cases.import",
            object_type="cases.import",
            object_id=self.sha256,
            after={
                "file": self.filename,
                "sha256": self.sha256,
                "rows": report.rows,
                "created": len(creates),
                "updated": len(updates),
                "unchanged": report.unchanged,
                "invalid": report.invalid,
                "skip_invalid": self.importer.skip_invalid,
            },
        )
        for c in updates:
            record(
                who,
                "cases.case.import_update",
                object_type="cases.case",
                object_id=str(ids[c.row.number]),
                before={"case_number": c.row.number} | {k: _json(old) for k, (old, _) in c.diff.items()},
                after={"case_number": c.row.number} | {k: _json(new) for k, (_, new) in c.diff.items()},
            )
        for number, (pk, old, new) in moved.items():
            record(
                who,
                "cases.case.import_move",
                object_type="cases.case",
                object_id=str(pk),
                before={"case_number": number, "dispute": old},
                after={"case_number": number, "dispute": new, "reason": "origin moved"},
            )


def _move_descendants(
    updates: list[_Change], in_file: set[int], now: dt.datetime
) -> dict[str, tuple[int, int, int]]:
    """Cases outside the file that derive from a case whose dispute changed follow it to its new
    dispute; returns case number → (id, old dispute, new dispute)."""
    frontier = {
        c.record["id"]: _pk(c.dispute) for c in updates if c.record is not None and "dispute" in c.diff
    }
    moved: dict[str, tuple[int, int, int]] = {}
    while frontier:
        children: dict[int, int] = {}
        for qs in _among(
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


def _counters(creates: list[_Change]) -> None:
    """Later allocations continue after the imported numbers: one counter update per key."""
    needed: dict[tuple[int, int, str, str], int] = {}
    for c in creates:
        r = c.row
        key = (r.court_id, r.year, r.specialized_code, r.type_code)
        needed[key] = max(needed.get(key, 0), r.sequence)
    if not needed:
        return
    court_ids = sorted({k[0] for k in needed})
    years = sorted({k[1] for k in needed})

    def counters() -> dict[tuple[int, int, str, str], NumberCounter]:
        qs = NumberCounter.objects.select_for_update().filter(court_id__in=court_ids, year__in=years)
        return {(n.court_id, n.year, n.specialized_code, n.type_code): n for n in qs}

    have = counters()
    missing = [k for k in needed if k not in have]
    if missing:
        floor = {
            (m["court_id"], m["year"], m["specialized_code"], m["type_code"]): m["last"]
            for m in Case.objects.filter(court_id__in=court_ids, year__in=years)
            .values("court_id", "year", "specialized_code", "type_code")
            .annotate(last=Max("sequence"))
        }
        NumberCounter.objects.bulk_create(
            [
                NumberCounter(
                    court_id=k[0], year=k[1], specialized_code=k[2], type_code=k[3], last=floor.get(k, 0)
                )
                for k in missing
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        have = counters()
    stale = [n for k, n in have.items() if k in needed and n.last < needed[k]]
    for n in stale:
        n.last = needed[(n.court_id, n.year, n.specialized_code, n.type_code)]
    NumberCounter.objects.bulk_update(stale, ["last"], batch_size=500)
