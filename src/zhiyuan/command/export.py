"""XLSX downloads of the command center's people, property and case figures: the numbers the page shows,
one sheet per table, headers in the current language, cells neutralised (``zhiyuan.inputs.cells``). A
download names people, so it is audited (``command.export``)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.services import record_export
from zhiyuan.inputs.cells import row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    """One table: its title, header and rows (numbers stay numbers)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def workbook(sheets: Sequence[Sheet]) -> tuple[bytes, int]:
    """The XLSX file of ``sheets`` and the number of data rows written."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook(write_only=True)
    written = 0
    for sheet in sheets:
        out = book.create_sheet(sheet.title[:31])
        out.append(list(sheet.header))
        for data in sheet.rows:
            out.append(row(list(data)))
            written += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), written


def download(request: HttpRequest, filename: str, scope: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """The workbook as an attachment, its export audited under ``scope`` (e.g. ``people:黔01``)."""
    content, written = workbook(sheets)
    record_export(
        actor(request.user, request), "command.export", scope=scope, fmt="xlsx", target=filename, rows=written
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(filename)}"
    return response


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


def case_sheet(title: str, cases: Iterable[Any]) -> Sheet:
    """A list of cases: number, court, type, cause, claim, filing and closing dates."""
    from django.utils.translation import gettext

    return Sheet(
        title,
        [
            gettext("案号"),
            gettext("法院"),
            gettext("类型"),
            gettext("案由"),
            gettext("标的额"),
            gettext("立案日期"),
            gettext("结案日期"),
        ],
        (
            [c.case_number, c.court.name, c.type_code, c.cause_text, c.claim_amount, c.filed_on, c.closed_on]
            for c in cases
        ),
    )
