"""Export of the register in its import format (docs/organizations-import.md): organizations (parents
first), then mediators; CSV or XLSX."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from zhiyuan.courts.models import Mediator, PartnerOrganization
from zhiyuan.courts.organizations import mediator_values, organization_values
from zhiyuan.courts.organizations_io import COLUMNS, depth


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


def export_register(target: TextIO | BinaryIO | Path, fmt: str = "csv") -> int:
    """Write the register as CSV (a file gets a BOM for spreadsheets) or XLSX; returns the data rows."""
    rows = export_rows()
    count = 0
    if fmt == "xlsx":
        import openpyxl  # type: ignore[import-untyped]

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("register")
        for row in rows:
            sheet.append(row)
            count += 1
        book.save(target)  # a path or a binary stream
        return count - 1

    def write(stream: TextIO) -> int:
        writer = csv.writer(stream)
        n = 0
        for row in rows:
            writer.writerow(row)
            n += 1
        return n - 1

    if isinstance(target, Path):
        with target.open("w", encoding="utf-8-sig", newline="") as stream:
            return write(stream)
    return write(target)  # type: ignore[arg-type]
