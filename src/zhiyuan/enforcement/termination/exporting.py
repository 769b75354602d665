"""The 终本 library as XLSX: one row per entry in the user's scope (the filter the page shows), amounts as
number cells with their cents; the export is audited (who, which court, how many rows)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record_export
from zhiyuan.enforcement.models import LibraryEntry
from zhiyuan.inputs.cells import cell

COLUMNS = (
    "案号 case_number",
    "法院 court",
    "终本日期 terminated_on",
    "申请执行标的 claim_amount",
    "已执行到位 recovered_amount",
    "未履行金额 unpaid_amount",
    "下次复查日期 next_requery",
    "最近复查日期 last_requery_on",
    "最近复查发现财产数 last_requery_found",
    "状态 state",
    "恢复执行案号 resumed_case",
)
AMOUNT_FORMAT = "0.00"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _row(e: Any) -> list[Any]:
    return [
        e.case.case_number,
        e.case.court.name,
        e.terminated_on.isoformat(),
        e.claim_amount,
        e.recovered_amount,
        e.unpaid_amount,
        e.next_due.isoformat() if getattr(e, "next_due", None) else "",
        e.last_requery_on.isoformat() if e.last_requery_on else "",
        "" if e.last_requery_found is None else e.last_requery_found,
        e.state,
        e.resumed_case.case_number if e.resumed_case else "",
    ]


def library_xlsx(user: Any, entries: Iterable[LibraryEntry], scope: str, request: Any = None) -> bytes:
    """The entries as an XLSX workbook (sheet ``tcp_library``)."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("tcp_library")
    sheet.append(list(COLUMNS))
    written = 0

    def value(v: Any) -> Any:
        if isinstance(v, Decimal):
            amount = WriteOnlyCell(sheet, value=v)
            amount.number_format = AMOUNT_FORMAT
            return amount
        return cell(v) if isinstance(v, str) else v

    for e in entries:
        sheet.append([value(v) for v in _row(e)])
        written += 1
    out = io.BytesIO()
    book.save(out)
    record_export(
        actor_of(user, request),
        "enforcement.tcp.library_export",
        scope=scope,
        fmt="xlsx",
        target="download",
        rows=written,
    )
    return out.getvalue()
