"""The month's reconciliation balances to the cent and its totals equal the ledger: opening + receipts −
disbursements − refunds − fees − costs = closing for every case and in total; the closing total is what
the case accounts hold, which the court's clearing and fee-income accounts mirror (double entry)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from zhiyuan.funds import reconciliation, selectors, services
from zhiyuan.funds.models import Account, AccountKind, Entry

from .conftest import creditor, key

pytestmark = pytest.mark.django_db
SEP = dt.date(2026, 9, 1)


def test_a_month_balances_and_equals_the_ledger(people: dict[str, Any], file_enforcement: Any) -> None:
    a, b = file_enforcement(filed_on=SEP), file_enforcement(filed_on=SEP)
    officer = people["officer"]

    def receipt(case: Any, amount: str, on: dt.date) -> Any:
        return services.post_receipt(officer, case, kind="voluntary", amount=amount, on=on, key=key()).posting

    receipt(a, "1000.01", dt.date(2026, 10, 5))
    october = receipt(a, "100.00", dt.date(2026, 10, 6))
    receipt(b, "333.33", dt.date(2026, 10, 31))
    receipt(a, "250.50", dt.date(2026, 11, 1))
    services.post_outflow(officer, a, kind="fee", amount="50.00", on=dt.date(2026, 11, 3), key=key())
    services.post_outflow(
        officer, b, kind="refund", amount="33.33", on=dt.date(2026, 11, 4), key=key(), counterparty="李四"
    )
    services.post_outflow(officer, b, kind="cost", amount="0.01", on=dt.date(2026, 11, 30), key=key())
    d = services.request_disbursement(
        officer, a, party_id=creditor(a), amount="700.00", on=dt.date(2026, 11, 5)
    )
    services.approve(people["head"], d)
    services.pay(officer, d, on=dt.date(2026, 11, 6), key=key())
    services.reverse(officer, october, on=dt.date(2026, 11, 7), key=key(), reason="到账金额有误")
    receipt(a, "999.99", dt.date(2026, 12, 1))  # next month: not in November

    report = reconciliation.monthly(a.court_id, 2026, 11)
    assert report.balances
    lines = {line.case_number: line for line in report.lines}
    la, lb = lines[a.case_number], lines[b.case_number]
    assert (la.opening, lb.opening) == (Decimal("1100.01"), Decimal("333.33"))
    assert la.moves == {"receipts": Decimal("150.50"), "disbursements": Decimal("700.00"), "refunds": Decimal(0),
                        "fees": Decimal("50.00"), "costs": Decimal(0)}  # fmt: skip
    assert (la.closing, lb.closing) == (Decimal("500.51"), Decimal("299.99"))
    assert lb.moves["refunds"] == Decimal("33.33")
    assert lb.moves["costs"] == Decimal("0.01")
    assert report.total.closing == Decimal("800.50")
    # the totals equal the ledger: what the case accounts hold at the month's end ...
    end = dt.date(2026, 12, 1)
    held = -(
        Entry.objects.filter(account__kind=AccountKind.CASE, posting__on__lt=end).aggregate(s=Sum("amount"))[
            "s"
        ]
    )
    assert report.total.closing == held
    # ... which the court's counter accounts mirror, every posting summing to zero
    counters = Entry.objects.filter(
        account__kind__in=[AccountKind.CLEARING, AccountKind.FEE_INCOME], posting__on__lt=end
    )
    assert counters.aggregate(s=Sum("amount"))["s"] == held
    assert report.total.opening == Decimal("1433.34")
    assert selectors.balance(a) + selectors.balance(b) == held + Decimal("999.99")
    assert Account.objects.filter(kind=AccountKind.CLEARING).count() == 1


def test_the_workbook_carries_the_report(people: dict[str, Any], file_enforcement: Any) -> None:
    import openpyxl  # type: ignore[import-untyped]

    case = file_enforcement(filed_on=SEP)
    services.post_receipt(
        people["officer"], case, kind="auction", amount="12345.67", on=dt.date(2026, 10, 9), key=key()
    )
    report = reconciliation.monthly(case.court_id, 2026, 10)
    sheet = openpyxl.load_workbook(io.BytesIO(reconciliation.workbook(report))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("案号")
    assert [r[0] for r in rows[1:]] == [case.case_number, "合计 Total"]
    assert [Decimal(str(r[2])) for r in rows[1:]] == [Decimal("12345.67")] * 2
    assert reconciliation.monthly(case.court_id, 2026, 9).lines == []
