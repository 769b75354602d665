"""Two decisions on one approval request at once (a double click, or two approvers): exactly one is taken
and carries the move out once; the other is told the request was decided. On SQLite (a file database,
as `make test` uses) and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.races import race as _race
from tests.races import skip_on_one_connection
from zhiyuan.cases import duties, services
from zhiyuan.cases.models import Approval, ApprovalStatus, Case, CaseDeadline, NodeLog

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pending(people: dict[str, Any], make_user, judgment_and_enforcement) -> tuple[Approval, list[Any]]:  # type: ignore[no-untyped-def]
    """An extension request on an enforcement case in execution, and two verified approvers of its court."""
    skip_on_one_connection()
    _, case = judgment_and_enforcement
    head = make_user("head", roles=("division_head",), court="黔0102")
    president = make_user("president", roles=("court_president",), court="黔0102")
    officer = people["officer"]
    duties.assign_handler(head, case, officer, dt.date(2025, 7, 2))
    case = services.transition(officer, case, "notify", dt.date(2025, 7, 3))
    case = services.transition(officer, case, "execute", dt.date(2025, 7, 10))
    approval = duties.request_approval(officer, case, "extend", "财产待处置", dt.date(2025, 12, 20))
    for approver in (head, president):
        approver.is_verified = lambda: True
    return approval, [head, president]


@pytest.mark.parametrize("rounds", range(3))
def test_two_grants_of_one_request_take_one(pending, rounds: int) -> None:
    approval, approvers = pending
    copies = [Approval.objects.select_related("case").get(pk=approval.pk) for _ in approvers]

    def grant(approver: Any, copy: Approval) -> Callable[[], object]:
        return lambda: duties.decide(approver, copy, True, dt.date(2025, 12, 22))

    results, errors = _race(*(grant(a, c) for a, c in zip(approvers, copies, strict=True)))
    assert len(results) == 1
    assert [getattr(e, "code", repr(e)) for e in errors] == ["approval_decided"]
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.GRANTED
    case = Case.objects.get(pk=approval.case_id)
    assert CaseDeadline.objects.filter(case=case, rule="enforcement_extension").count() == 1
    assert NodeLog.objects.filter(case=case, node="extend").count() == 1


def test_a_grant_and_a_refusal_at_once(pending) -> None:
    approval, (head, president) = pending
    a, b = (Approval.objects.select_related("case").get(pk=approval.pk) for _ in range(2))
    results, errors = _race(
        lambda: duties.decide(head, a, False, dt.date(2025, 12, 22)),
        lambda: duties.decide(president, b, True, dt.date(2025, 12, 22)),
    )
    assert len(results) == 1
    assert [getattr(e, "code", repr(e)) for e in errors] == ["approval_decided"]
    approval.refresh_from_db()
    extended = CaseDeadline.objects.filter(case_id=approval.case_id, rule="enforcement_extension").count()
    assert extended == (1 if approval.status == ApprovalStatus.GRANTED else 0)
