"""Issue 14's "done when" for the ledger: a network deduction lands in the case account, is distributed by
the rule (``law.distribution``) among three creditors, each share paid out with two-person approval
within the 30 days, and the month's reconciliation shows it, balancing to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.audit.services import Actor
from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement.measures import services as measures
from zhiyuan.funds import reconciliation, selectors, services
from zhiyuan.funds.models import Disbursement
from zhiyuan.law import distribution

from .conftest import creditor, key

pytestmark = pytest.mark.django_db


def test_deduct_distribute_approve_pay_reconcile(people: dict[str, Any], file_enforcement: Any) -> None:
    case = file_enforcement(claim=150000, creditors=3)
    landed = dt.date(2026, 11, 5)
    measures.record_network_order(
        case, kind="deduct", asset_class="deposit", account_ref="6222-0099", amount="100000.00",
        receipt_ref="NET-7", on=landed, actor=Actor.system("gateway"),
    )  # fmt: skip
    assert selectors.balance(case) == Decimal("100000.00")
    ids = [creditor(case, i) for i in range(3)]
    out = distribution.distribute(
        {
            "proceeds": "100000.00", "costs": "1000.00", "debtor_kind": "person",
            "creditors": [{"id": ids[0], "amount": "60000"}, {"id": ids[1], "amount": "60000"},
                          {"id": ids[2], "amount": "30000"}],
        },
        courts.reference().params,
    )  # fmt: skip
    # 99,000 after costs, pro rata 60:60:30 → 39,600 / 39,600 / 19,800
    shares = {a["id"]: Decimal(a["amount"]) for a in out["allocations"]}
    assert shares == {ids[0]: Decimal("39600.00"), ids[1]: Decimal("39600.00"), ids[2]: Decimal("19800.00")}
    services.post_outflow(people["officer"], case, kind="cost", amount=out["costs_paid"], on=landed, key=key(),
                          counterparty="评估机构")  # fmt: skip
    due = selectors.due_date(landed)
    paid_on = dt.date(2026, 11, 20)
    assert paid_on <= due
    for party, amount in shares.items():
        d = services.request_disbursement(
            people["officer"], case, party_id=party, amount=str(amount), on=dt.date(2026, 11, 18),
            scheme="分配方案（2026-11-18）",
        )  # fmt: skip
        services.approve(people["head"], d)  # the second person: the officer asked, the head approves
        services.pay(people["officer"], Disbursement.objects.get(pk=d.pk), on=paid_on, key=key())
    assert selectors.balance(case) == Decimal("0.00")
    assert selectors.overdue_receipts([case.court_id], due + dt.timedelta(days=1)) == []
    assert selectors.invariants() == []
    report = reconciliation.monthly(case.court_id, 2026, 11)
    assert report.balances
    [line] = [line for line in report.lines if line.case_number == case.case_number]
    assert line.moves["receipts"] == Decimal("100000.00")
    assert line.moves["disbursements"] == Decimal("99000.00")
    assert line.moves["costs"] == Decimal("1000.00")
    assert (line.opening, line.closing) == (Decimal(0), Decimal(0))
