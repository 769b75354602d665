"""A hypothesis state machine over the ledger's services: receipts, outflows, disbursement requests,
approvals by different people, payments, reversals and replays in any order. After every step: the
entries of every posting sum to zero, no case account is below zero, every disbursement posting has a met
approval, the balance is what a plain model says, and a replay returns the same posting."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from zhiyuan.funds import selectors, services
from zhiyuan.funds.models import Disbursement, Posting
from zhiyuan.law.errors import LawError

from .conftest import creditor

pytestmark = pytest.mark.django_db
D = dt.date(2026, 11, 10)
CENTS = st.integers(min_value=1, max_value=15_000_000).map(lambda c: Decimal(c) / 100)


def attempt(call: Any) -> tuple[Any, str | None]:
    """The call's result, or the code of the rule that refused it."""
    try:
        return call(), None
    except LawError as err:
        return None, err.code


def machine(people: dict[str, Any], case: Any) -> type[RuleBasedStateMachine]:
    class Ledger(RuleBasedStateMachine):
        """The services against a plain model of the balance."""

        def __init__(self) -> None:
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()  # each example in its own savepoint, rolled back at teardown
            self.model = Decimal("0.00")
            self.sent: list[tuple[str, dict[str, Any], int]] = []

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        @initialize()
        def start(self) -> None:
            assert selectors.balance(case) == 0

        @rule(amount=CENTS, kind=st.sampled_from(["deduction", "voluntary", "auction"]))
        def receive(self, amount: Decimal, kind: str) -> None:
            key = str(uuid.uuid4())
            args = {"kind": kind, "amount": str(amount), "on": D}
            booked = services.post_receipt(people["officer"], case, key=key, **args)
            self.model += amount
            self.sent.append((key, args, booked.posting.pk))

        @rule(amount=CENTS, kind=st.sampled_from(["fee", "cost", "refund"]))
        def spend(self, amount: Decimal, kind: str) -> None:
            _, refused = attempt(
                lambda: services.post_outflow(
                    people["officer"], case, kind=kind, amount=str(amount), on=D, key=str(uuid.uuid4()),
                    counterparty="李四",
                )
            )  # fmt: skip
            assert refused in (None, "insufficient_funds")
            assert (refused is not None) == (amount > self.model)
            if refused is None:
                self.model -= amount

        @rule(amount=CENTS)
        def ask(self, amount: Decimal) -> None:
            _, refused = attempt(
                lambda: services.request_disbursement(
                    people["officer"], case, party_id=creditor(case), amount=str(amount), on=D
                )
            )
            assert refused in (None, "insufficient_funds")
            assert (refused is not None) == (amount > self.model)

        @rule(who=st.sampled_from(["head", "head2", "president", "officer2"]), pick=st.integers(0, 5))
        def approve(self, who: str, pick: int) -> None:
            pending = list(Disbursement.objects.filter(account__case=case, status="pending").order_by("pk"))
            if not pending:
                return
            _, refused = attempt(lambda: services.approve(people[who], pending[pick % len(pending)]))
            assert refused in {None, "already_approved", "approval_grade_role", "insufficient_funds",
                               "approval_role_missing"}  # fmt: skip

        @rule(pick=st.integers(0, 5))
        def pay(self, pick: int) -> None:
            approved = list(Disbursement.objects.filter(account__case=case, status="approved").order_by("pk"))
            if not approved:
                return
            d = approved[pick % len(approved)]
            key = str(uuid.uuid4())
            booked, refused = attempt(lambda: services.pay(people["officer2"], d, on=D, key=key))
            assert refused in (None, "insufficient_funds")
            assert (refused is not None) == (d.amount > self.model)
            if refused is not None:
                return
            self.model -= d.amount
            self.sent.append((key, {"pay": d.pk}, booked.posting.pk))

        @rule(pick=st.integers(0, 50))
        def reverse(self, pick: int) -> None:
            open_ = list(
                Posting.objects.filter(account__case=case, reversed_by__isnull=True)
                .exclude(kind="reversal")
                .order_by("pk")
            )
            if not open_:
                return
            p = open_[pick % len(open_)]
            effect = p.amount if p.kind.startswith("receipt") else -p.amount
            _, refused = attempt(
                lambda: services.reverse(people["officer"], p, on=D, key=str(uuid.uuid4()), reason="更正")
            )
            assert refused in (None, "insufficient_funds")
            assert (refused is not None) == (effect > self.model)
            if refused is None:
                self.model -= effect

        @rule(pick=st.integers(0, 50))
        def replay(self, pick: int) -> None:
            if not self.sent:
                return
            key, args, posting = self.sent[pick % len(self.sent)]
            if "pay" in args:
                d = Disbursement.objects.get(pk=args["pay"])
                booked = services.pay(people["officer2"], d, on=D, key=key)
            else:
                booked = services.post_receipt(people["officer"], case, key=key, **args)
            assert booked.replayed
            assert booked.posting.pk == posting

        @invariant()
        def books_hold(self) -> None:
            assert selectors.invariants() == []
            balance = selectors.balance(case)
            assert balance >= 0
            assert balance == self.model

    return Ledger


def test_the_ledger_machine(people: dict[str, Any], file_enforcement: Any) -> None:
    case = file_enforcement(claim=1000000)
    Ledger = machine(people, case)
    run_state_machine_as_test(
        Ledger,
        settings=settings(
            max_examples=15, stateful_step_count=12, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )  # fmt: skip


def test_float_sums_of_sqlite_do_not_break_the_books(people: dict[str, Any], file_enforcement: Any) -> None:
    """Found by the machine: 0.01 and 484.81 received and both reversed sum to a float a hair above zero
    on SQLite; the books still hold."""
    case = file_enforcement()
    first = services.post_receipt(
        people["officer"], case, kind="deduction", amount="0.01", on=D, key="f1"
    ).posting
    second = services.post_receipt(
        people["officer"], case, kind="deduction", amount="484.81", on=D, key="f2"
    ).posting
    services.reverse(people["officer"], second, on=D, key="r2", reason="更正")
    services.reverse(people["officer"], first, on=D, key="r1", reason="更正")
    assert selectors.balance(case) == 0
    assert selectors.invariants() == []
    assert selectors.overdue_receipts(None, dt.date(2027, 6, 1)) == []
