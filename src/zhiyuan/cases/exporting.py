"""Case export in the import format (``formats/cases-import.md``): the same columns in the order of the
format's table, so that export → import into an empty database reproduces the cases, their origins and
their parties.

Identity numbers are exported IN FULL (decrypted): this is a staff tool for moving data between
systems, and the file must be handled as personal data (stored encrypted, deleted after use). A party
name containing ``;`` or ``|`` (possible for parties filed through the services) cannot be represented in
the format and would not import back. A party's identity document type is written as the third part of
its entry (``name|id_number|id_type``) only where the number's shape does not already say it (a passport,
a Taiwan permit, or a number that checks out as two types), so files of resident numbers and credit codes
look as they always did.

Cells (zhiyuan.inputs.cells): text that a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``,
tab, carriage return first) is written with a single quote in front, and the import of this format
removes exactly that quote; amounts are written as numbers (an XLSX number cell with two decimals), so a
negative amount stays a number. Every export is audited (``cases.export``: who, the scope, the format,
the target and how many cases), a failed one too (outcome ``failure``, with the cases written before).
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from django.db.models import QuerySet

from zhiyuan.audit.services import Actor, record_export
from zhiyuan.cases.importing import COLUMNS, PARTY_COLUMNS
from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.inputs.cells import cell, row
from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import examine
from zhiyuan.rulebook.bundled import reference

CHUNK = 2000
CENTS = Decimal("0.01")
AMOUNT_FORMAT = "0.00"
_SIDE_COLUMN = {side: column for column, side in PARTY_COLUMNS.items()}


def _amount(value: Decimal | None) -> Decimal | str:
    return "" if value is None else value.quantize(CENTS)


def _entry(name: str, number: str, id_type: str) -> str:
    if not number:
        return name
    if id_type and examine(number, params=reference().params)["kind"] != id_type:
        return f"{name}|{number}|{id_type}"
    return f"{name}|{number}"


def rows(queryset: QuerySet[Case] | None = None) -> Iterator[list[str | Decimal]]:
    """The export's data rows (without the header), ordered by filing date and number, read in chunks:
    the values as stored (amounts as ``Decimal``), before :func:`zhiyuan.inputs.cells.cell`."""
    qs = queryset if queryset is not None else Case.objects.all()
    ids = list(dict.fromkeys(qs.order_by("filed_on", "case_number").values_list("pk", flat=True)))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        parties: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for case_id, side, own, name, number, id_type in (
            CaseParty.objects.filter(case_id__in=chunk)
            .order_by("case_id", "position", "pk")
            .values_list("case_id", "side", "name", "party__name", "party__id_number", "party__id_type")
        ):  # the name the case gives the party (CaseParty.name), else its recorded name
            parties[case_id][_SIDE_COLUMN.get(side, "third_parties")].append(
                _entry(own or name, number, id_type)
            )
        cases = {
            c["pk"]: c
            for c in Case.objects.filter(pk__in=chunk).values(
                "pk",
                "case_number",
                "filed_on",
                "cause_text",
                "claim_amount",
                "closed_on",
                "closing_method",
                "recovered_amount",
                "origin__case_number",
                "origin_text",
                "court__code",
            )
        }
        for pk in chunk:
            c = cases[pk]
            values = {
                "case_number": c["case_number"],
                "filed_on": c["filed_on"].isoformat(),
                "cause": c["cause_text"],
                "claim_amount": _amount(c["claim_amount"]),
                "closed_on": c["closed_on"].isoformat() if c["closed_on"] else "",
                "closing_method": c["closing_method"],
                "recovered_amount": _amount(c["recovered_amount"]),
                "origin": c["origin__case_number"] or c["origin_text"],
                "court": c["court__code"],
            }
            for column in PARTY_COLUMNS:
                values[column] = ";".join(parties[pk][column])
            yield [values[column] for column in COLUMNS]


def export_cases(
    target: Path | TextIO | BinaryIO | None,
    *,
    fmt: str = "csv",
    queryset: QuerySet[Case] | None = None,
    actor: Actor | None = None,
    scope: str = "all",
    target_name: str = "",
) -> int:
    """Write the cases (all, or ``queryset``) as CSV or XLSX; returns the number of cases written.

    ``target``: a path, an open stream (text for CSV, binary for XLSX), or None for CSV on standard
    output. A CSV file written to a path carries a BOM so spreadsheet programs read it as UTF-8.
    The export is audited as ``cases.export`` by ``actor`` (a command without one: the system, with
    the operating-system user); ``scope`` says which cases (``all``, or the caller's description) and
    ``target_name`` where they went (default: the path, ``stdout`` or ``stream``).
    """
    if fmt not in ("csv", "xlsx"):
        raise LawError(
            "export_format_unsupported",
            f"不支持的导出格式“{fmt}”：须为 csv 或 xlsx。",
            f"Unsupported export format '{fmt}': use csv or xlsx.",
        )
    if fmt == "xlsx" and target is None:
        raise LawError(
            "export_target_missing", "导出 XLSX 须指定文件。", "An XLSX export needs a file to write to."
        )
    who = actor or Actor.system("zhiyuan cases export")
    shown = target_name or (
        str(target) if isinstance(target, Path) else "stdout" if target is None else "stream"
    )
    written = [0]
    try:
        if fmt == "csv":
            if isinstance(target, Path):
                with target.open("w", encoding="utf-8-sig", newline="") as stream:
                    _csv(stream, queryset, written)
            else:
                _csv(sys.stdout if target is None else target, queryset, written)  # type: ignore[arg-type]
        else:
            _xlsx(target, queryset, written)  # type: ignore[arg-type]
    except Exception:
        record_export(who, "cases.export", scope=scope, fmt=fmt, target=shown, rows=written[0], failed=True)
        raise
    record_export(who, "cases.export", scope=scope, fmt=fmt, target=shown, rows=written[0])
    return written[0]


def _xlsx(target: Path | BinaryIO, queryset: QuerySet[Case] | None, written: list[int]) -> None:
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("cases")
    sheet.append(list(COLUMNS))

    def value(v: str | Decimal) -> Any:
        if isinstance(v, Decimal):  # a number cell showing its cents
            amount = WriteOnlyCell(sheet, value=v)
            amount.number_format = AMOUNT_FORMAT
            return amount
        return cell(v)

    for data in rows(queryset):
        sheet.append([value(v) for v in data])
        written[0] += 1
    book.save(target)


def _csv(stream: TextIO, queryset: QuerySet[Case] | None, written: list[int]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for data in rows(queryset):
        writer.writerow(row(data))
        written[0] += 1
