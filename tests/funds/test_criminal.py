"""A criminal judgment's property parts enforced in the order of Art 13 (``law.criminal_priority``): the
officer proposes an allocation of the case's money, someone else approves it, the disbursements follow it
(victims as creditors, fines and confiscation to the treasury); the campaign's figures."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from tests.enforcement.criminal.conftest import file_criminal, form, people  # noqa: F401 - fixtures
from zhiyuan.enforcement.criminal import services as transfers
from zhiyuan.funds import criminal, services
from zhiyuan.funds.models import PayeeKind
from zhiyuan.funds.models_criminal import AllocationStatus
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 10, 9)
D = Decimal


def key() -> str:
    return str(uuid.uuid4())


def _transferred(people: dict[str, Any], file_criminal: Any) -> Any:  # noqa: F811
    return transfers.transfer(people["judge"], file_criminal(), **form()).enforcement_case


def _pay(people: dict[str, Any], d: Any) -> None:  # noqa: F811
    services.approve(people["head"], d)
    services.pay(people["officer"], d, on=ON, key=key())


def test_fines_wait_for_the_victims_and_go_to_the_treasury(
    people: dict[str, Any],  # noqa: F811 - the fixtures imported above
    file_criminal: Any,  # noqa: F811
) -> None:
    case = _transferred(people, file_criminal)
    services.post_receipt(people["officer"], case, kind="deduction", amount="60000", on=ON, key=key())
    first = criminal.propose(people["officer"], case, on=ON)
    assert first.status == AllocationStatus.PROPOSED
    assert first.available == D("60000.00")
    # victims' losses (80,000) before the fine and confiscation: pro rata 50:30
    assert [a["amount"] for a in first.allocations] == ["0.00", "37500.00", "22500.00", "0.00"]
    with pytest.raises(Denied):  # the proposer does not approve
        criminal.approve(people["officer"], first)
    with pytest.raises(LawError) as early:
        criminal.request_payment(people["officer"], first, first.claims[1]["id"], on=ON)
    assert early.value.code == "allocation_not_approved"
    criminal.approve(people["head"], first)
    fine, zhang, wang, _conf = (c["id"] for c in first.claims)
    paid = criminal.request_payment(people["officer"], first, zhang, on=ON)
    assert (paid.payee_kind, paid.party.name, paid.amount) == (PayeeKind.CREDITOR, "张三", D("37500.00"))
    for claim_id, code in ((zhang, "allotment_exhausted"), (fine, "allotment_exhausted")):
        with pytest.raises(LawError) as err:
            criminal.request_payment(people["officer"], first, claim_id, on=ON)
        assert err.value.code == code
    part = criminal.request_payment(people["officer"], first, wang, on=ON, amount="20000")
    with pytest.raises(LawError) as over:
        criminal.request_payment(people["officer"], first, wang, on=ON, amount="2500.01")
    assert over.value.code == "allotment_exceeded"
    rest = criminal.request_payment(people["officer"], first, wang, on=ON)
    assert rest.amount == D("2500.00")
    for d in (paid, part, rest):
        _pay(people, d)

    services.post_receipt(people["officer"], case, kind="voluntary", amount="40000", on=ON, key=key())
    second = criminal.propose(people["officer"], case, on=ON)
    first.refresh_from_db()
    assert first.status == AllocationStatus.SUPERSEDED
    assert [c["amount"] for c in second.claims] == ["20000.00", "12500.00", "7500.00", "10000.00"]
    assert [a["amount"] for a in second.allocations] == ["20000.00", "12500.00", "7500.00", "0.00"]
    with pytest.raises(LawError) as stale:
        criminal.request_payment(people["officer"], first, wang, on=ON, amount="1")
    assert stale.value.code == "allocation_not_approved"
    criminal.approve(people["head"], second)
    treasury = criminal.request_payment(people["officer"], second, fine, on=ON)
    assert (treasury.payee_kind, treasury.party, treasury.payee) == (
        PayeeKind.TREASURY,
        None,
        criminal.TREASURY,
    )
    _pay(people, treasury)
    for claim_id in (zhang, wang):
        _pay(people, criminal.request_payment(people["officer"], second, claim_id, on=ON))

    figures = criminal.figures(None, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert figures == {
        "transferred": 1,
        "items": 4,
        "due_amount": D("110000.00"),
        "recovered_amount": D("100000.00"),
        "paid_victims_amount": D("80000.00"),
        "paid_treasury_amount": D("20000.00"),
    }
    assert (
        criminal.figures([case.court_id + 999], dt.date(2026, 1, 1), dt.date(2026, 12, 31))["transferred"]
        == 0
    )
    with pytest.raises(LawError) as done:
        criminal.propose(people["officer"], case, on=ON)
    assert (
        done.value.code == "no_money_to_allocate"
    )  # victims and the fine paid; confiscation waits for money


def test_refusals(people: dict[str, Any], file_criminal: Any) -> None:  # noqa: F811
    case = _transferred(people, file_criminal)
    with pytest.raises(LawError) as empty:
        criminal.propose(people["officer"], case, on=ON)
    assert empty.value.code == "no_money_to_allocate"
    with pytest.raises(Denied):  # the trial judge does not enforce (审执分离)
        criminal.propose(people["judge"], case, on=ON)
    services.post_receipt(people["officer"], case, kind="voluntary", amount="100", on=ON, key=key())
    made = criminal.propose(people["officer"], case, on=ON)
    with pytest.raises(LawError) as no_reason:
        criminal.refuse(people["head"], made, " ")
    assert no_reason.value.code == "reason_required"
    refused = criminal.refuse(people["head"], made, "被害人损失数额有误")
    assert refused.status == AllocationStatus.REFUSED
    with pytest.raises(LawError) as again:
        criminal.approve(people["head"], refused)
    assert again.value.code == "allocation_state_invalid"


def test_an_ordinary_enforcement_case_has_no_criminal_allocation(people: dict[str, Any]) -> None:  # noqa: F811
    from zhiyuan.cases import services as cases
    from zhiyuan.cases.services import PartyIn

    case = cases.file_case(
        people["clerk"], court_code="黔0102", type_code="执", filed_on=dt.date(2026, 9, 1),
        parties_in=[PartyIn("张三", "plaintiff", "11010519491231002X"), PartyIn("李四", "defendant", "520102199003070014")],
    )  # fmt: skip
    with pytest.raises(LawError) as err:
        criminal.propose(people["officer"], case, on=ON)
    assert err.value.code == "not_criminal_enforcement"
