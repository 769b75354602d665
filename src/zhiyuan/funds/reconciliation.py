"""The monthly reconciliation of a court's case accounts (执行款对账): per case the opening balance, the
month's receipts, disbursements, refunds, fees and costs, and the closing balance, with totals — all
derived from the entries, balancing to the cent (opening + receipts − outflows = closing, and the closing
balance equals the entries up to the month's end). A reversal counts, negatively, under the kind of the
posting it reverses, in the month it is booked."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from zhiyuan.funds.models import RECEIPTS, Account, AccountKind, Entry, Posting, PostingKind

ZERO = Decimal("0.00")
COLUMNS = ("receipts", "disbursements", "refunds", "fees", "costs")
_COLUMN_OF = {
    **dict.fromkeys(RECEIPTS, "receipts"),
    PostingKind.DISBURSEMENT: "disbursements",
    PostingKind.REFUND: "refunds",
    PostingKind.FEE: "fees",
    PostingKind.COST: "costs",
}


@dataclass
class Line:
    """One case's month."""

    case_number: str
    opening: Decimal = ZERO
    moves: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(COLUMNS, ZERO))
    closing: Decimal = ZERO

    @property
    def computed(self) -> Decimal:
        """Opening + receipts − disbursements − refunds − fees − costs."""
        m = self.moves
        return self.opening + m["receipts"] - m["disbursements"] - m["refunds"] - m["fees"] - m["costs"]


@dataclass
class Report:
    """A court's month: a line per case with a balance or a movement, and the totals."""

    court_id: int
    year: int
    month: int
    lines: list[Line]
    total: Line

    @property
    def balances(self) -> bool:
        """Every line and the totals balance to the cent."""
        return all(line.computed == line.closing for line in [*self.lines, self.total])


def _held(account_ids: list[int], before: dt.date) -> dict[int, Decimal]:
    rows = (
        Entry.objects.filter(account_id__in=account_ids, posting__on__lt=before)
        .values_list("account_id")
        .annotate(s=Sum("amount"))
    )
    return {pk: (ZERO - Decimal(s)).quantize(ZERO) for pk, s in rows}


def monthly(court_id: int, year: int, month: int) -> Report:
    """The reconciliation of ``court_id``'s case accounts for ``year``-``month``."""
    first = dt.date(year, month, 1)
    after = first + dt.timedelta(days=calendar.monthrange(year, month)[1])
    accounts = {
        a.pk: a
        for a in Account.objects.filter(court_id=court_id, kind=AccountKind.CASE).select_related("case")
    }
    ids = list(accounts)
    opening, closing = _held(ids, first), _held(ids, after)
    lines: dict[int, Line] = {}
    month_postings = Posting.objects.filter(account_id__in=ids, on__gte=first, on__lt=after).select_related(
        "reverses"
    )
    moves: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(COLUMNS, ZERO))
    for p in month_postings:
        if p.kind == PostingKind.REVERSAL:
            assert p.reverses is not None
            moves[p.account_id][_COLUMN_OF[p.reverses.kind]] -= p.amount
        else:
            moves[p.account_id][_COLUMN_OF[p.kind]] += p.amount
    for pk, account in accounts.items():
        o, c = opening.get(pk, ZERO), closing.get(pk, ZERO)
        if not o and not c and pk not in moves:
            continue
        assert account.case is not None
        lines[pk] = Line(account.case.case_number, o, moves[pk], c)
    ordered = sorted(lines.values(), key=lambda line: line.case_number)
    total = Line("合计 Total")
    for line in ordered:
        total.opening += line.opening
        total.closing += line.closing
        for col in COLUMNS:
            total.moves[col] += line.moves[col]
    return Report(court_id, year, month, ordered, total)


HEADERS = (
    "案号 Case",
    "期初余额 Opening",
    "到账 Receipts",
    "发放 Disbursements",
    "退款 Refunds",
    "执行费 Fees",
    "执行费用 Costs",
    "期末余额 Closing",
)


def workbook(report: Report) -> bytes:
    """The report as an XLSX workbook (one sheet; amounts as numbers with two decimals)."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = f"{report.year}-{report.month:02d}"
    sheet.append(list(HEADERS))
    for line in [*report.lines, report.total]:
        sheet.append([line.case_number, line.opening, *(line.moves[c] for c in COLUMNS), line.closing])
    for row in sheet.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
