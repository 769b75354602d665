"""Parallel writers on one case account, in threads with their own connections, on a file SQLite database
(as ``make test`` uses) and PostgreSQL: no balance ever goes negative, a key books once, a request is paid
once."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections, transaction

from tests.races import race
from zhiyuan.funds import ledger, selectors, services
from zhiyuan.funds.models import Disbursement, Posting

from .conftest import creditor, key

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("on_a_file_database")]
D = dt.date(2026, 11, 10)


def _codes(errors: list[BaseException]) -> list[str]:
    return sorted(getattr(e, "code", repr(e)) for e in errors)


def test_parallel_outflows_never_overdraw(people: dict[str, Any], file_enforcement) -> None:
    case = file_enforcement()
    services.post_receipt(people["officer"], case, kind="voluntary", amount="1000.00", on=D, key=key())
    jobs = [
        lambda: services.post_outflow(people["officer"], case, kind="cost", amount="300.00", on=D, key=key())
        for _ in range(5)
    ]
    results, errors = race(*jobs)
    assert len(results) == 3
    assert _codes(errors) == ["insufficient_funds"] * 2
    assert selectors.balance(case) == Decimal("100.00")
    assert selectors.invariants() == []


def test_one_key_sent_in_parallel_books_once(people: dict[str, Any], file_enforcement) -> None:
    case = file_enforcement()
    k = key()
    jobs = [
        lambda: services.post_receipt(people["officer"], case, kind="voluntary", amount="50.00", on=D, key=k)
        for _ in range(4)
    ]
    results, errors = race(*jobs)
    assert Posting.objects.filter(key=k).count() == 1
    posting = Posting.objects.get(key=k)
    assert {r.posting.pk for r in results} == {posting.pk}  # type: ignore[attr-defined]
    assert sum(not r.replayed for r in results) == 1  # type: ignore[attr-defined]
    assert set(_codes(errors)) <= {"idempotency_in_flight"}  # PostgreSQL: a duplicate still in flight
    assert selectors.balance(case) == Decimal("50.00")


def test_an_approved_request_is_paid_once(people: dict[str, Any], file_enforcement) -> None:
    case = file_enforcement()
    services.post_receipt(people["officer"], case, kind="voluntary", amount="1000.00", on=D, key=key())
    d = services.request_disbursement(people["officer"], case, party_id=creditor(case), amount="600.00", on=D)
    services.approve(people["head"], d)
    copies = [Disbursement.objects.get(pk=d.pk) for _ in range(3)]
    results, errors = race(*(lambda c=c: services.pay(people["officer"], c, on=D, key=key()) for c in copies))
    assert len(results) == 1
    assert _codes(errors) == ["disbursement_state"] * 2
    assert selectors.balance(case) == Decimal("400.00")
    assert selectors.invariants() == []


def test_two_approvals_at_once_count_once_each(people: dict[str, Any], file_enforcement) -> None:
    case = file_enforcement(claim=3000000)
    services.post_receipt(people["officer"], case, kind="voluntary", amount="2000000.00", on=D, key=key())
    d = services.request_disbursement(
        people["officer"], case, party_id=creditor(case), amount="1500000.00", on=D
    )
    results, errors = race(
        lambda: services.approve(people["head"], Disbursement.objects.get(pk=d.pk)),
        lambda: services.approve(people["head"], Disbursement.objects.get(pk=d.pk)),
    )
    assert len(results) == 1
    assert _codes(errors) == ["already_approved"]
    assert Disbursement.objects.get(pk=d.pk).approvals.count() == 1


def test_a_duplicate_while_the_first_is_in_flight_is_409(people: dict[str, Any], file_enforcement) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes write transactions: a duplicate waits for the first and replays it")
    case = file_enforcement()
    k = key()
    holding, release = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                ledger.claim(k, "x")  # the first request holds its key, not yet committed
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    t = threading.Thread(target=first)
    t.start()
    assert holding.wait(10)
    try:
        with pytest.raises(services.LawError) as caught:
            services.post_receipt(people["officer"], case, kind="voluntary", amount="1.00", on=D, key=k)
        assert caught.value.code == "idempotency_in_flight"
    finally:
        release.set()
        t.join()
    booked = services.post_receipt(people["officer"], case, kind="voluntary", amount="1.00", on=D, key=k)
    assert not booked.replayed
