"""The ledger's use cases: receipts, graded approval (and its holes), payment, refunds, fees, reversals,
idempotency, immutability and the deduction hook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.affairs.models import Task
from zhiyuan.audit.models import AuditEntry
from zhiyuan.enforcement.measures import services as measures
from zhiyuan.enforcement.models import Asset
from zhiyuan.funds import selectors, services
from zhiyuan.funds.models import Disbursement, Entry, Posting
from zhiyuan.law.errors import Denied, LawError

from .conftest import creditor, debtor, key, verified

pytestmark = pytest.mark.django_db
D = dt.date(2026, 11, 10)


def receive(
    people: dict[str, Any], case: Any, amount: str = "1000.00", k: str | None = None, **kw: Any
) -> Any:
    return services.post_receipt(
        people["officer"], case, kind=kw.pop("kind", "voluntary"), amount=amount, on=kw.pop("on", D),
        key=k or key(), **kw,
    )  # fmt: skip


def test_a_receipt_is_double_entry_and_derives_the_balance(people, file_enforcement) -> None:
    case = file_enforcement()
    booked = receive(people, case, "1234.56", counterparty="李四")
    assert not booked.replayed
    entries = list(Entry.objects.filter(posting=booked.posting).values_list("account__kind", "amount"))
    assert sorted(entries) == [("case", Decimal("-1234.56")), ("clearing", Decimal("1234.56"))]
    assert selectors.balance(case) == Decimal("1234.56")
    assert AuditEntry.objects.filter(action="funds.posting.receipt_voluntary").count() == 1
    assert case.nodes.filter(node="funds_receipt").exists()


def test_replay_returns_the_first_posting_and_another_body_is_refused(people, file_enforcement) -> None:
    case = file_enforcement()
    k = key()
    first = receive(people, case, "100.00", k)
    again = receive(people, case, "100.00", k)
    assert again.replayed
    assert again.posting.pk == first.posting.pk
    with pytest.raises(LawError) as caught:
        receive(people, case, "100.01", k)
    assert caught.value.code == "idempotency_key_reused"
    assert Posting.objects.count() == 1
    assert selectors.balance(case) == Decimal("100.00")


@pytest.mark.parametrize(
    ("amount", "code"),
    [("0", "amount_out_of_range"), ("-1", "amount_out_of_range"), ("1.001", "amount_precision"),
     ("10000000000000", "amount_out_of_range"), ("abc", "amount_invalid")],
)  # fmt: skip
def test_bad_amounts_are_refused_before_anything_is_written(people, file_enforcement, amount, code) -> None:
    case = file_enforcement()
    with pytest.raises(LawError) as caught:
        receive(people, case, amount)
    assert caught.value.code == code
    assert caught.value.message_zh
    assert caught.value.message_en
    assert not Posting.objects.exists()


def test_receipts_need_the_permission_and_the_court(people, file_enforcement) -> None:
    case = file_enforcement()
    with pytest.raises(Denied):
        services.post_receipt(people["head"], case, kind="voluntary", amount="1", on=D, key=key())
    with pytest.raises(Denied) as caught:
        services.post_receipt(people["officer_zunyi"], case, kind="voluntary", amount="1", on=D, key=key())
    assert caught.value.code == "case_out_of_scope"
    # the affairs center's staff record receipts but cannot pay out
    services.post_receipt(people["staff"], case, kind="voluntary", amount="1", on=D, key=key())
    with pytest.raises(Denied):
        services.post_outflow(people["staff"], case, kind="fee", amount="1", on=D, key=key())


def test_dates_outside_the_case_are_refused(people, file_enforcement) -> None:
    case = file_enforcement()
    for on, code in [(dt.date(2026, 11, 1), "date_before_filing"), (dt.date(2099, 1, 1), "date_in_future")]:
        with pytest.raises(LawError) as caught:
            receive(people, case, on=on)
        assert caught.value.code == code


def _request(people: dict[str, Any], case: Any, amount: str, who: str = "officer") -> Disbursement:
    return services.request_disbursement(people[who], case, party_id=creditor(case), amount=amount, on=D)


def test_a_disbursement_is_approved_by_grade_and_paid(people, file_enforcement) -> None:
    case = file_enforcement(claim=300000)
    receive(people, case, "250000.00")
    small = _request(people, case, "50000.00")
    assert (small.grade, small.approvals_needed, small.final_role) == (1, 1, "")
    assert services.approve(people["head"], small).status == "approved"
    booked = services.pay(people["officer2"], small, on=D, key=key())
    assert booked.posting.kind == "disbursement"
    assert booked.posting.party_id == creditor(case)
    small.refresh_from_db()
    assert small.status == "paid"
    assert small.posting_id == booked.posting.pk
    big = _request(people, case, "150000.00")
    assert (big.grade, big.final_role) == (2, "court_president")
    with pytest.raises(Denied) as caught:
        services.approve(people["head"], big)
    assert caught.value.code == "approval_grade_role"
    assert services.approve(people["president"], big).status == "approved"
    services.pay(people["officer"], big, on=D, key=key())
    assert selectors.balance(case) == Decimal("50000.00")
    assert selectors.invariants() == []


def test_the_top_grade_needs_two_different_approvers_one_a_president(people, file_enforcement) -> None:
    case = file_enforcement(claim=3000000)
    receive(people, case, "2000000.00")
    d = _request(people, case, "1500000.00")
    assert (d.grade, d.approvals_needed) == (3, 2)
    assert services.approve(people["head"], d).status == "pending"
    with pytest.raises(LawError) as twice:
        services.approve(people["head"], d)
    assert twice.value.code == "already_approved"
    with pytest.raises(Denied) as no_president:
        services.approve(people["head2"], d)
    assert no_president.value.code == "approval_grade_role"
    assert "院长" in no_president.value.message_zh
    denied = AuditEntry.objects.filter(action="auth.denied").order_by("-pk").first()
    assert denied is not None
    assert denied.after["codes"] == ["approval_grade_role"]
    with pytest.raises(LawError) as early:
        services.pay(people["officer"], d, on=D, key=key())
    assert early.value.code == "disbursement_state"
    assert services.approve(people["president"], d).status == "approved"


def test_the_holes_of_approval_are_closed(people, file_enforcement, make_user) -> None:
    case = file_enforcement()
    receive(people, case, "1000.00")
    d = _request(people, case, "800.00")
    # an account may hold the officer's and the head's roles; it still never approves its own request
    both = verified(make_user("both", roles=("enforcement_officer", "division_head"), court="黔0102"))
    mine = services.request_disbursement(both, case, party_id=creditor(case), amount="10.00", on=D)
    with pytest.raises(Denied) as self_approval:
        services.approve(both, mine)
    assert self_approval.value.code == "self_approval"
    with pytest.raises(Denied) as outside:
        services.approve(people["head_zunyi"], d)
    assert outside.value.code == "approver_not_of_case_court"
    unverified = people["head2"]
    unverified.is_verified = lambda: False
    with pytest.raises(Denied) as second:
        services.approve(unverified, d)
    assert second.value.code == "second_factor_required"
    # the balance dropped after the request: approval is refused, and so is payment
    services.post_outflow(
        people["officer"], case, kind="cost", amount="500.00", on=D, key=key(), counterparty="评估机构"
    )
    with pytest.raises(LawError) as dropped:
        services.approve(people["head"], d)
    assert dropped.value.code == "insufficient_funds"
    assert Disbursement.objects.get(pk=d.pk).status == "pending"


def test_paying_after_the_balance_dropped_is_refused(people, file_enforcement) -> None:
    case = file_enforcement()
    receive(people, case, "1000.00")
    d = _request(people, case, "800.00")
    services.approve(people["head"], d)
    services.post_outflow(people["officer"], case, kind="fee", amount="300.00", on=D, key=key())
    with pytest.raises(LawError) as caught:
        services.pay(people["officer"], d, on=D, key=key())
    assert caught.value.code == "insufficient_funds"
    assert selectors.balance(case) == Decimal("700.00")
    assert Disbursement.objects.get(pk=d.pk).status == "approved"


def test_only_a_creditor_of_the_case_is_paid(people, file_enforcement) -> None:
    case = file_enforcement()
    receive(people, case, "1000.00")
    for party in [debtor(case), 999999, "1"]:
        with pytest.raises(LawError) as caught:
            services.request_disbursement(people["officer"], case, party_id=party, amount="1", on=D)
        assert caught.value.code == "not_a_creditor"
    with pytest.raises(LawError) as more:
        _request(people, case, "1000.01")
    assert more.value.code == "insufficient_funds"


def test_refused_requests_are_not_paid(people, file_enforcement) -> None:
    case = file_enforcement()
    receive(people, case, "1000.00")
    d = _request(people, case, "800.00")
    with pytest.raises(LawError):
        services.refuse_disbursement(people["head"], d, "")
    services.refuse_disbursement(people["head"], d, "分配方案未送达")
    with pytest.raises(LawError) as caught:
        services.pay(people["officer"], d, on=D, key=key())
    assert caught.value.code == "disbursement_state"


def test_reversal_corrects_once_and_never_below_zero(people, file_enforcement) -> None:
    case = file_enforcement()
    r = receive(people, case, "1000.00").posting
    fee = services.post_outflow(people["officer"], case, kind="fee", amount="400.00", on=D, key=key()).posting
    with pytest.raises(LawError) as below:  # taking the receipt back would leave -400
        services.reverse(people["officer"], r, on=D, key=key(), reason="误登")
    assert below.value.code == "insufficient_funds"
    back = services.reverse(people["officer"], fee, on=D, key=key(), reason="执行费计算有误").posting
    assert selectors.balance(case) == Decimal("1000.00")
    with pytest.raises(LawError) as twice:
        services.reverse(people["officer"], fee, on=D, key=key(), reason="再次")
    assert twice.value.code == "already_reversed"
    with pytest.raises(LawError) as of_reversal:
        services.reverse(people["officer"], back, on=D, key=key(), reason="再次")
    assert of_reversal.value.code == "reversal_of_reversal"
    services.reverse(people["officer"], r, on=D, key=key(), reason="误登")
    assert selectors.balance(case) == Decimal("0.00")
    assert selectors.invariants() == []


def test_entries_and_postings_are_immutable(people, file_enforcement) -> None:
    case = file_enforcement()
    p = receive(people, case).posting
    entry = Entry.objects.filter(posting=p).first()
    assert entry is not None
    entry.amount = Decimal("5")
    for attempt in (entry.save, entry.delete, p.delete, lambda: Entry.objects.update(amount=1),
                    lambda: Posting.objects.filter(pk=p.pk).delete()):  # fmt: skip
        with pytest.raises(LawError) as caught:
            attempt()
        assert caught.value.code == "ledger_immutable"
    assert selectors.balance(case) == Decimal("1000.00")


def test_a_deduction_lands_in_the_case_account_once(people, file_enforcement) -> None:
    case = file_enforcement()
    asset = Asset.objects.create(
        case=case, asset_class="deposit", description="工行 6222", register_ref="6222", owner_id=debtor(case)
    )
    m = measures.take_measure(people["officer"], case, asset=asset, kind="deduction", on=D, amount="3000.00")
    posting = Posting.objects.get(source=f"measure:{m.pk}")
    assert (posting.kind, posting.amount, posting.key) == (
        "receipt_deduction",
        Decimal("3000.00"),
        f"measure:{m.pk}:receipt",
    )
    services.book_deduction(
        case,
        amount=Decimal("3000"),
        on=D,
        source=f"measure:{m.pk}",
        what="again",
        who=services.Actor.system(),
    )
    assert Posting.objects.filter(source=f"measure:{m.pk}").count() == 1
    assert selectors.balance(case) == Decimal("3000.00")
    # paying the money out completes the affairs center's 案款发放准备 task the deduction gave
    task = Task.objects.get(source_key=f"measure:{m.pk}:disbursement")
    d = _request(people, case, "2000.00")
    services.approve(people["head"], d)
    services.pay(people["officer"], d, on=D, key=key())
    task.refresh_from_db()
    assert task.status != "done"  # 1,000 of it still held
    services.post_outflow(people["officer"], case, kind="fee", amount="1000.00", on=D, key=key())
    task.refresh_from_db()
    assert task.status == "done"


def test_a_network_deduction_lands_in_the_case_account(people, file_enforcement) -> None:
    case = file_enforcement()
    m = measures.record_network_order(
        case, kind="deduct", asset_class="deposit", account_ref="6222-01", amount="2500.00",
        receipt_ref="R-1", on=D, actor=services.Actor.system("gateway"),
    )  # fmt: skip
    again = measures.record_network_order(
        case, kind="deduct", asset_class="deposit", account_ref="6222-01", amount="2500.00",
        receipt_ref="R-1", on=D, actor=services.Actor.system("gateway"),
    )  # fmt: skip
    assert again.pk == m.pk
    assert selectors.balance(case) == Decimal("2500.00")
    assert Posting.objects.get().kind == "receipt_deduction"


def test_what_the_debtor_owes(people, file_enforcement) -> None:
    case = file_enforcement(claim=100000)
    receive(people, case, "40000.00", on=dt.date(2026, 11, 20))
    owed = selectors.owed(case, dt.date(2026, 12, 1))
    # 执行申请费: 50 + (100,000 − 10,000) × 1.5 % = 1,400 (诉讼费用交纳办法 Art 14(1))
    assert owed.fee == Decimal("1400.00")
    assert owed.interest is None
    assert "no_performance_due" in owed.notes
    assert owed.owed == Decimal("61400.00")
    services.set_performance_due(people["officer"], case, dt.date(2026, 10, 31))
    owed = selectors.owed(case, dt.date(2026, 12, 1))
    # doubled interest 0.0175 % a day: 100,000 × 20 days (11-01..11-20) + 60,000 × 11 days (11-21..12-01)
    expected = (Decimal(100000) * 20 + Decimal(60000) * 11) * Decimal("0.000175")
    assert owed.interest == expected.quantize(Decimal("0.01"))
    assert owed.owed == Decimal("100000") + Decimal("1400") + owed.interest - Decimal("40000")


def test_overdue_receipts_for_the_command_center(people, file_enforcement) -> None:
    case = file_enforcement()
    receive(people, case, "1000.00", on=dt.date(2026, 11, 3))
    receive(people, case, "500.00", on=dt.date(2026, 11, 20))
    today = dt.date(2026, 12, 4)
    # 30 days from 11-03: 12-03 (a Thursday), passed on 12-04; the receipt of 11-20 is not due yet
    [row] = selectors.overdue_receipts(None, today)
    assert (row.received_on, row.due, row.outstanding) == (
        dt.date(2026, 11, 3),
        dt.date(2026, 12, 3),
        Decimal("1000.00"),
    )
    services.post_outflow(
        people["officer"],
        case,
        kind="refund",
        amount="600.00",
        on=dt.date(2026, 12, 1),
        key=key(),
        counterparty="李四",
    )
    [row] = selectors.overdue_receipts(None, today)
    assert row.outstanding == Decimal("400.00")
    d = _request(people, case, "400.00")
    services.approve(people["head"], d)
    services.pay(people["officer"], d, on=dt.date(2026, 12, 2), key=key())
    assert selectors.overdue_receipts(None, today) == []
    assert selectors.overdue_receipts([case.court_id + 999], dt.date(2027, 3, 1)) == []


def test_overdue_receipts_read_every_account_at_once(people, file_enforcement) -> None:
    """The command center's figure reads the postings of all accounts together, not per account."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = dt.date(2026, 12, 4)
    counts = []
    for batch in (1, 3):  # one case overdue, then four
        for _ in range(batch):
            receive(people, file_enforcement(), "100.00", on=dt.date(2026, 11, 3))
        selectors.overdue_receipts(None, today)  # the reference data cached
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.overdue_receipts(None, today)
        counts.append((len(rows), len(queries.captured_queries)))
    assert [n for n, _ in counts] == [1, 4]
    assert counts[0][1] == counts[1][1]  # the same number of queries for four cases as for one
