"""Reading a case file: the header, then each row on its own (stable codes per row and column).

A row becomes a :class:`Row` once its case number, court, dates, closing method, amounts and texts are
valid; its parties are checked afterwards (:meth:`Reading.settle`), because the identity numbers are the
costly check: a forked worker process does them (:class:`Identities`) while this process reads the rest.
Nothing here writes; the only queries load the courts and their aliases.
"""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import os
import re
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhiyuan.cases.imports.report import Bar, CaseImportReport
from zhiyuan.cases.models import ClosingMethod, Side
from zhiyuan.courts import selectors as courts
from zhiyuan.courts.models import Court, CourtAlias, CourtNameAlias
from zhiyuan.inputs.report import FileProblem, Issue
from zhiyuan.inputs.text import control_character_error, first_forbidden
from zhiyuan.law.case_numbers import parse
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
AMOUNT_COLUMNS = ("claim_amount", "recovered_amount")
PARALLEL_IDENTITIES = 2000  # distinct party entries with identity numbers from which a worker checks them
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^-?\d+(?:\.\d{1,2})?$")  # the format's form; parse_amount decides the rest
_CLOSING = frozenset(ClosingMethod.values)


@dataclass(slots=True)
class PartyIn:
    side: str
    name: str
    number: str  # normalized identity number or ""
    digest: str  # its blind index or ""
    kind: str
    id_type: str = ""  # the identity document (given, or from the number's shape) or ""


#: (name, number, blind index, kind, id_type), or "malformed" / "invalid:<reason>" / "id_type"
Entry = tuple[str, str, str, str, str] | str


def entry(chunk: str) -> Entry:
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


def entries(chunks: list[str]) -> dict[str, Entry]:
    """Worker entry point: :func:`entry` for many entries."""
    return {chunk: entry(chunk) for chunk in chunks}


@dataclass(slots=True, eq=False)
class Row:
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
    parties: list[PartyIn]
    origin: str = ""  # resolved origin (a normalized number in the file or the database)
    cause_id: int | None = None


class Reader:
    """Validates rows one by one into :class:`Row` (or issues)."""

    def __init__(self, report: CaseImportReport, court_scope: frozenset[int] | None) -> None:
        self.report = report
        self.ref = courts.reference().case_numbers
        listed = list(Court.objects.values_list("code", "name", "pk"))
        self.courts: dict[str, int] = {code: pk for code, _, pk in listed}
        for code, court_id in CourtAlias.objects.values_list("code", "court_id"):
            self.courts.setdefault(code, court_id)
        self.codes: dict[int, str] = {pk: code for code, _, pk in listed}
        names = Counter(name for _, name, _ in listed)
        self.names: dict[str, int] = {name: pk for _, name, pk in listed if names[name] == 1}
        for name, court_id in CourtNameAlias.objects.values_list("name", "court_id"):
            self.names.setdefault(name, court_id)  # a former name or a short form (courts.CourtNameAlias)
        self.scope = court_scope
        self.parsed: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, Entry] = {}
        self._dates: dict[str, dt.date] = {}
        self.invalid: dict[str, int] = {}  # normalized numbers of rows with errors → their row
        self.at: dict[str, int] = {}  # column → position in a row's cells (-1: absent, an empty cell)

    def parse(self, text: str) -> dict[str, Any]:
        hit = self.parsed.get(text)
        if hit is None:
            hit = self.parsed[text] = parse(text, self.ref)
        return hit

    def fields(self, line: int, cells: list[str], issues: list[Issue]) -> tuple[Row | None, str]:
        """The row without its parties (None when ``issues`` grew) and its normalized number ("" if none)."""
        at = self.at
        count = len(issues)

        def err(column: str, code: str, zh: str, en: str) -> None:
            issues.append(Issue(line, column, code, zh, en))

        if first_forbidden("".join(cells)) is not None:
            self._control_characters(cells, err)
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
            Row(
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

    def _control_characters(self, cells: list[str], err: Callable[..., None]) -> None:
        """Each column whose cell holds a character no text may hold (``text_control_character``): every
        column of the format is one line of text."""
        for column, position in self.at.items():
            bad = first_forbidden(cells[position]) if position >= 0 else None
            if bad is not None:
                problem = control_character_error(column, *bad)
                err(column, problem.code, problem.message_zh, problem.message_en)

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

    def people(self, line: int, cells: list[str], issues: list[Issue]) -> list[PartyIn]:
        """The row's parties, plaintiffs first."""
        out: list[PartyIn] = []
        known = self.entries
        for column, side in PARTY_COLUMNS.items():
            text = cells[self.at[column]]
            if not text:
                continue
            seen: list[str] = []
            for chunk in text.split(";"):
                found = known.get(chunk)
                if found is None:
                    if not chunk.strip():
                        continue
                    found = known[chunk] = entry(chunk)
                if isinstance(found, str):
                    issues.append(self._party_issue(line, column, chunk, found))
                    continue
                name, number, digest, kind, id_type = found
                if digest:
                    if digest in seen:
                        issues.append(self._party_issue(line, column, chunk, "duplicate"))
                        continue
                    seen.append(digest)
                out.append(PartyIn(side, name, number, digest, kind, id_type))
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
        """The amount of an amount column: the format's form (yuan, at most two decimals, no thousands
        separators), then the platform's one definition of an amount (``law.money.parse_amount``: what the
        column holds and what is plausible)."""
        if not text:
            return None
        why_zh, why_en = (
            "须为以元计、最多两位小数、不含千位分隔符的数字",
            "yuan with at most 2 decimals and no thousands separators",
        )
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
                return parse_amount(text, column)
            except LawError as exc:
                why_zh, why_en = exc.message_zh.rstrip("。"), exc.message_en.rstrip(".")
        err(column, "amount_invalid", f"金额“{text}”无效：{why_zh}。", f"Invalid amount '{text}': {why_en}.")
        return None


def read(
    table: Iterator[list[str]],
    report: CaseImportReport,
    bar: Bar,
    scope: frozenset[int] | None,
    parallel: int = PARALLEL_IDENTITIES,
) -> Reading | None:
    """Check every row but its parties (see :meth:`Reading.settle`); None when the header is unusable.
    ``scope``: the courts whose cases may be imported (None: any); ``parallel``: from how many distinct
    party entries with identity numbers a worker process checks them."""
    try:
        header = next(table, None)
    except csv.Error as exc:
        raise FileProblem(
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
    reader = Reader(report, scope)
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
        raise FileProblem(
            Issue(line, None, "file_unreadable", f"CSV 格式错误：{exc}", f"Malformed CSV: {exc}")
        ) from None
    report.rows = len(records)
    bar.phase("读取 reading", len(records))
    # identity numbers are the costly check: a worker process does them while this one reads the rest
    pending = Identities.start(chunks, reader, parallel)
    partial: list[tuple[Row | None, str, list[Issue]]] = []
    for line, cells in records:
        issues: list[Issue] = []
        partial.append((*reader.fields(line, cells, issues), issues))
        bar.advance()
    return Reading(reader, records, partial, pending)


#: rows whose other columns are valid (by line), the errors so far, the invalid rows' numbers → their row
Checked = tuple[dict[int, Row], list[Issue], dict[str, int]]


@dataclass
class Reading:
    """The rows checked except for their parties; :meth:`settle` adds them once the worker is done."""

    reader: Reader
    records: list[tuple[int, list[str]]]
    partial: list[tuple[Row | None, str, list[Issue]]]
    pending: Identities
    settled: Checked | None = None

    def provisional(self) -> Checked:
        """Rows whose other columns are valid (by line), the errors so far, the invalid rows' numbers."""
        rows: dict[int, Row] = {}
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

    def settle(self) -> Checked:
        """The same with the parties checked and attached (computed once)."""
        if self.settled is None:
            self.pending.finish()
            rows: dict[int, Row] = {}
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
            # the raw rows are no longer needed
            self.records, self.partial = [], []
            self.reader.entries.clear()
            self.reader.parsed.clear()
        return self.settled


class Identities:
    """Party entries with identity numbers checked in a forked worker process while the main process
    reads the rest of the rows (the identity checks cost more than everything else in a row).

    Only for files with many distinct numbers, on Linux (``fork``) with a second core; the
    worker computes pure functions (no database) and exits without touching inherited connections."""

    def __init__(
        self, reader: Reader, executor: Any = None, future: Any = None, chunks: list[str] | None = None
    ) -> None:
        self.reader, self.executor, self.future, self.chunks = reader, executor, future, chunks or []

    @classmethod
    def start(cls, chunks: set[str], reader: Reader, threshold: int = PARALLEL_IDENTITIES) -> Identities:
        """Start the worker when it pays: from ``threshold`` distinct entries."""
        if (
            len(chunks) < threshold
            or (os.cpu_count() or 1) < 2
            or not sys.platform.startswith("linux")  # fork is safe (and the default) there
            or threading.active_count() > 1  # never fork a threaded server process (the API): locks
        ):
            return cls(reader)
        ordered = sorted(chunks)
        reader.entries.update(entries(ordered[:1]))  # loads the keys and the parameters before forking
        try:
            executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            future = executor.submit(entries, ordered)
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
            self.reader.entries.update(entries(self.chunks))
        finally:
            self.executor.shutdown()
