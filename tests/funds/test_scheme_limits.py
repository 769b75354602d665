"""Disbursements held to a final distribution scheme (分配方案): a creditor is paid up to its allocation, less
what was already asked for it; a refused request frees its amount; a creditor the scheme does not name gets
nothing; without a final scheme nothing is capped. Parallel requests cannot both pass (the account lock)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests.funds.conftest import creditor, key
from tests.races import race, skip_on_one_connection
from zhiyuan.funds import scheme, services
from zhiyuan.funds.models import Disbursement
from zhiyuan.law.errors import LawError

pytestmark = pytest.mark.django_db
MADE, FINAL, PAY = dt.date(2026, 11, 3), dt.date(2026, 11, 19), dt.date(2026, 11, 20)


def _final(people: dict[str, Any], case: Any, confirm: bool = True) -> Any:
    services.post_receipt(people["officer"], case, kind="voluntary", amount="1000.00", on=MADE, key=key())
    made = scheme.make(
        people["officer"],
        case,
        proceeds="1000.00",
        costs="100.00",
        on=MADE,
        creditors=[
            {"party_id": creditor(case, 0), "amount": "600.00"},
            {"party_id": creditor(case, 1), "amount": "300.00"},
        ],
    )
    served = scheme.serve(people["officer"], made, MADE)
    return scheme.confirm(people["officer"], served, FINAL) if confirm else served


def _ask(people: dict[str, Any], case: Any, index: int, amount: str) -> Disbursement:
    return services.request_disbursement(
        people["officer"], case, party_id=creditor(case, index), amount=amount, on=PAY
    )


def test_a_creditor_is_paid_no_more_than_its_remaining_share(people, file_enforcement) -> None:
    case = file_enforcement(claim=2000)
    _final(people, case)
    first = _ask(people, case, 0, "400.00")
    with pytest.raises(LawError) as err:
        _ask(people, case, 0, "200.01")
    assert err.value.code == "beyond_scheme_share"
    assert err.value.details["remaining"] == "200.00"
    assert "剩余份额" in err.value.message_zh
    assert "remaining share" in err.value.message_en
    _ask(people, case, 0, "200.00")  # exactly the rest
    with pytest.raises(LawError) as err:
        _ask(people, case, 1, "300.01")
    assert err.value.code == "beyond_scheme_share"
    services.refuse_disbursement(people["head"], first, "金额有误")  # a refusal frees its amount
    _ask(people, case, 0, "400.00")
    assert Disbursement.objects.filter(status="pending").count() == 2


def test_without_a_final_scheme_nothing_is_capped(people, file_enforcement) -> None:
    case = file_enforcement(claim=2000)
    _final(people, case, confirm=False)
    assert _ask(people, case, 1, "700.00").amount == Decimal("700.00")


def test_a_creditor_the_final_scheme_does_not_name_gets_nothing(people, file_enforcement) -> None:
    case = file_enforcement(claim=2000, creditors=3)
    _final(people, case)
    with pytest.raises(LawError) as err:
        _ask(people, case, 2, "0.01")
    assert err.value.code == "beyond_scheme_share"
    assert err.value.details["share"] == "0.00"


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_both_exceed_the_share(people, file_enforcement) -> None:
    skip_on_one_connection()
    case = file_enforcement(claim=2000)
    _final(people, case)
    results, errors = race(lambda: _ask(people, case, 0, "400.00"), lambda: _ask(people, case, 0, "400.00"))
    assert len(results) == 1, errors
    assert [getattr(e, "code", repr(e)) for e in errors] == ["beyond_scheme_share"]
