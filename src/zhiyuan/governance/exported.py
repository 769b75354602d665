"""Case records from the rows of ``zhiyuan cases export`` (../shared/formats/cases-import.md): court and type
from the case number, the origin resolved within the file, the derivative kind and the dispute (the root
reached by following origins). Pure: the case-number reference comes in as an argument."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TextIO

from zhiyuan.governance.definitions import CaseRecord, CaseSet
from zhiyuan.inputs.cells import restore
from zhiyuan.law.case_numbers import CaseNumberRef, parse
from zhiyuan.law.derivation import derivative_kind
from zhiyuan.law.errors import LawError


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def records(rows: Iterable[Mapping[str, str]], ref: CaseNumberRef) -> CaseSet:
    """The case set of export rows (dicts keyed by the format's column names)."""
    parsed: dict[str, tuple[Mapping[str, str], dict[str, object]]] = {}
    for row in rows:
        fields = parse(row["case_number"], ref)
        if not fields.get("ok"):
            raise LawError(
                "export_row_invalid",
                f"导出文件中的案号无法解析：{row['case_number']}",
                f"Case number in the export cannot be parsed: {row['case_number']}",
            )
        parsed[str(fields["normalized"])] = (row, fields)

    def origin_of(row: Mapping[str, str]) -> tuple[str, str]:
        """(the origin's number when it is in the export, else ""; the origin's type code when known)."""
        text = row.get("origin") or ""
        if not text:
            return "", ""
        fields = parse(text, ref)
        if not fields.get("ok"):
            return "", ""
        number = str(fields["normalized"])
        # not in the export: unresolved, the case starts its own dispute (its kind still follows the type)
        return (number if number in parsed else ""), str(fields["type_code"])

    resolved = {number: origin_of(row) for number, (row, _) in parsed.items()}
    origins = {number: origin for number, (origin, _) in resolved.items()}
    roots: dict[str, str] = {}

    def root(number: str) -> str:
        chain = []
        while number not in roots and origins[number]:
            chain.append(number)
            number = origins[number]
            if len(chain) > len(origins):
                raise LawError("export_origin_cycle", "导出文件中来源案号成环。", "Origins form a cycle.")
        top = roots.get(number, number)
        for n in [*chain, number]:
            roots[n] = top
        return top

    out = []
    for number, (row, fields) in parsed.items():
        origin = origins[number]
        type_code = str(fields["type_code"])
        cause = row.get("cause") or ""
        out.append(
            CaseRecord(
                case_number=number,
                # a pre-2016 number may name no court: the export's court column does
                court_code=str(fields["court_code"] or row.get("court") or ""),
                type_code=type_code,
                filed_on=dt.date.fromisoformat(row["filed_on"]),
                closed_on=_date(row.get("closed_on") or ""),
                closing_method=row.get("closing_method") or "",
                claim_amount=_decimal(row.get("claim_amount") or ""),
                recovered_amount=_decimal(row.get("recovered_amount") or ""),
                origin=origin,
                derivative_kind=(
                    derivative_kind(type_code, resolved[number][1], cause) if row.get("origin") else ""
                ),
                cause=cause,
                dispute=root(number),
            )
        )
    return CaseSet(out)


def read_csv(stream: TextIO, ref: CaseNumberRef) -> CaseSet:
    """The case set of an exported CSV (a BOM is accepted; the quote the export put before text a
    spreadsheet would take for a formula is taken off: zhiyuan.inputs.cells)."""
    text = stream.read().lstrip("\ufeff")
    rows = (
        {k: restore(v) if isinstance(v, str) else v for k, v in r.items()}
        for r in csv.DictReader(text.splitlines())
    )
    return records(rows, ref)
