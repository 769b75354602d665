"""Export of the register in its import format (docs/organizations-import.md): organizations (parents
first), then mediators; CSV or XLSX, cells neutralised (zhiyuan.inputs.cells), every export audited."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from zhiyuan.audit.services import Actor, record_export
from zhiyuan.courts.models import Mediator, PartnerOrganization
from zhiyuan.courts.organizations import mediator_values, organization_values
from zhiyuan.courts.organizations_io import COLUMNS, depth
from zhiyuan.inputs.cells import row


def export_rows() -> Iterator[list[str]]:
    """The register in the import format: organizations (parents first), then mediators."""
    yield list(COLUMNS)
    orgs = list(PartnerOrganization.objects.select_related("court", "parent").order_by("code"))
    parents = {o.code: (o.parent.code if o.parent else "") for o in orgs}
    for o in sorted(orgs, key=lambda o: (depth(o.code, parents), o.code)):
        v = organization_values(o)
        yield [
            "organization",
            v["code"],
            v["name"],
            v["kind"],
            v["court"],
            v["parent"],
            "",
            ";".join(v["regions"]),
            ";".join(v["focus_types"]),
            str(v["capacity"]),
            v["contact"],
            "true" if v["active"] else "false",
        ]
    for m in Mediator.objects.select_related("organization").order_by("code"):
        w = mediator_values(m)
        yield [
            "mediator",
            w["code"],
            w["name"],
            "",
            "",
            "",
            w["organization"],
            "",
            ";".join(w["focus_types"]),
            str(w["capacity"]),
            "",
            "true" if w["active"] else "false",
        ]


def export_register(
    target: TextIO | BinaryIO | Path, fmt: str = "csv", *, actor: Actor | None = None, target_name: str = ""
) -> int:
    """Write the register as CSV (a file gets a BOM for spreadsheets) or XLSX; returns the data rows.

    Cells go through :func:`zhiyuan.inputs.cells.cell` (a name or contact a spreadsheet would take for a
    formula gets a quote in front; the import removes it). The export is audited
    (``organizations.export``: who — ``actor``, or the system and the operating-system user — the format,
    the target and the rows; names and contacts of mediators are personal data)."""
    who = actor or Actor.system("zhiyuan organizations export")
    shown = target_name or (str(target) if isinstance(target, Path) else "stream")
    written = [0]
    try:
        if fmt == "xlsx":
            _xlsx(target, written)  # type: ignore[arg-type]
        elif isinstance(target, Path):
            with target.open("w", encoding="utf-8-sig", newline="") as stream:
                _csv(stream, written)
        else:
            _csv(target, written)  # type: ignore[arg-type]
    except Exception:
        record_export(
            who, "organizations.export", scope="register", fmt=fmt, target=shown, rows=written[0], failed=True
        )
        raise
    record_export(who, "organizations.export", scope="register", fmt=fmt, target=shown, rows=written[0])
    return written[0]


def _xlsx(target: BinaryIO | Path, written: list[int]) -> None:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("register")
    rows = export_rows()
    sheet.append(next(rows))
    for data in rows:
        sheet.append(row(data))
        written[0] += 1
    book.save(target)  # a path or a binary stream


def _csv(stream: TextIO, written: list[int]) -> None:
    writer = csv.writer(stream)
    rows = export_rows()
    writer.writerow(next(rows))
    for data in rows:
        writer.writerow(row(data))
        written[0] += 1
