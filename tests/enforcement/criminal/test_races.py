"""Parallel writers, in threads with their own connections (a file SQLite database and PostgreSQL): a
criminal case transferred twice at once files one enforcement case; one allocation row asked for twice
at once is disbursed once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from tests.races import race, skip_on_one_connection
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.criminal import services
from zhiyuan.enforcement.models import Asset, CriminalTransfer
from zhiyuan.funds import criminal
from zhiyuan.funds import services as funds
from zhiyuan.funds.models import Disbursement

from .conftest import form

pytestmark = pytest.mark.django_db(transaction=True)
ON = dt.date(2026, 10, 9)


@pytest.fixture(autouse=True)
def _file_database() -> None:
    skip_on_one_connection()


def _codes(errors: list[BaseException]) -> list[str]:
    return sorted(getattr(e, "code", repr(e)) for e in errors)


def test_a_double_transfer_files_one_enforcement_case(people: dict[str, Any], file_criminal: Any) -> None:
    criminal_case = file_criminal()
    results, errors = race(
        *(lambda: services.transfer(people["judge"], criminal_case, **form()) for _ in range(3))
    )
    assert len(results) == 1
    assert _codes(errors) == ["already_transferred"] * 2
    assert CriminalTransfer.objects.count() == 1
    assert Case.objects.filter(type_code="执").count() == 1
    assert Asset.objects.count() == 2  # the seized property carried over once


def test_one_row_asked_for_in_parallel_is_disbursed_once(people: dict[str, Any], file_criminal: Any) -> None:
    case = services.transfer(people["judge"], file_criminal(), **form()).enforcement_case
    funds.post_receipt(
        people["officer"], case, kind="voluntary", amount="60000", on=ON, key=str(uuid.uuid4())
    )
    made = criminal.approve(people["head"], criminal.propose(people["officer"], case, on=ON))
    zhang = made.claims[1]["id"]
    results, errors = race(
        *(
            lambda: criminal.request_payment(people["officer"], made, zhang, on=ON, amount="30000")
            for _ in range(3)
        )
    )
    assert len(results) == 1
    assert _codes(errors) == ["allotment_exceeded"] * 2
    assert [str(d.amount) for d in Disbursement.objects.all()] == ["30000.00"]
