"""Two approvers deciding one proposed restriction order at once: one decision, one feed event, the other
refused with ``restriction_decided``. On a file SQLite database and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.credit.conftest import debtor_id, verified
from tests.races import race, skip_on_one_connection
from zhiyuan.credit import restrictions
from zhiyuan.credit.models import FeedEvent, Restriction, RestrictionStatus

pytestmark = pytest.mark.django_db(transaction=True)
ON = dt.date(2026, 6, 1)


def test_two_approvers_sign_and_refuse_one_order_at_once(people: dict[str, Any], file_case: Any) -> None:
    skip_on_one_connection()
    case = file_case()
    order = restrictions.propose(people["officer"], case, debtor_id(case), "debtor", ON)

    def decide(approver: str, sign: bool) -> Restriction:
        return restrictions.decide(verified(people[approver]), Restriction.objects.get(pk=order.pk), sign, ON)

    results, errors = race(lambda: decide("president", True), lambda: decide("both", False))
    assert len(results) == 1
    assert [getattr(e, "code", repr(e)) for e in errors] == ["restriction_decided"]
    final = Restriction.objects.get(pk=order.pk)
    assert final.status in (RestrictionStatus.IN_FORCE, RestrictionStatus.REFUSED)
    assert final.status == results[0].status  # type: ignore[attr-defined]
    signed = final.status == RestrictionStatus.IN_FORCE
    assert FeedEvent.objects.filter(restriction=order, kind="restricted").count() == int(signed)
