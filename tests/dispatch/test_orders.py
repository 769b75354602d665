"""Orders (交办、督办): issued by a high or intermediate court's command center to a court of its district,
answered by that court, reminded, escalated by the daily check when overdue, closed; scoped; figures by
court."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.cases.models import NodeLog
from zhiyuan.dispatch.models import OrderEvent, OrderStatus
from zhiyuan.dispatch.orders import selectors, services
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def test_an_order_is_issued_answered_reminded_and_closed_with_its_history(
    people: dict[str, Any], file_case
) -> None:
    today = timezone.localdate()
    a, b = file_case(), file_case()
    o = services.issue(
        people["gy_op"], to_court="黔0102", subject="两周内完成财产查控", due=today + dt.timedelta(days=14),
        on=today, case_numbers=[a.case_number, b.case_number, a.case_number],
    )  # fmt: skip
    assert (o.status, o.order_cases.count()) == (OrderStatus.OPEN, 2)
    assert NodeLog.objects.filter(node="order_issued", case__in=[a, b]).count() == 2
    with pytest.raises(Denied) as wrong:
        services.answer(people["yy_officer"], o.pk, "已办", today)
    assert wrong.value.code == "not_receiving_court"
    with pytest.raises(Denied) as not_issuer:
        services.remind(people["nm_president"], o.pk, "", today)
    assert not_issuer.value.code == "not_issuing_court"
    services.remind(people["gy_op"], o.pk, "请抓紧", today)
    o = services.answer(people["nm_officer"], o.pk, "已全部查控", today)
    assert (o.status, o.answered_on) == (OrderStatus.ANSWERED, today)
    with pytest.raises(LawError) as again:
        services.answer(people["nm_officer"], o.pk, "再答", today)
    assert again.value.code == "concurrent_change"
    o = services.close(people["gy_op"], o.pk, "", today)
    events = list(OrderEvent.objects.filter(order=o).values_list("event", flat=True))
    assert events == ["issued", "reminded", "answered", "closed"]
    fig = {f["code"]: f for f in selectors.figures(people["gy_op"], today)}["黔0102"]
    assert (fig["issued"], fig["answered_on_time"], fig["answered_late"], fig["overdue"], fig["closed"]) == (
        1,
        1,
        0,
        0,
        1,
    )


def test_who_may_issue_and_to_whom(people: dict[str, Any], file_case) -> None:
    today = timezone.localdate()
    kw: dict[str, Any] = {"subject": "督办", "due": today + dt.timedelta(days=7), "on": today}
    with pytest.raises(
        Denied
    ) as basic:  # a basic court's president holds command:dispatch but issues nothing
        services.issue(people["nm_president"], to_court="黔0102", **kw)
    assert basic.value.code == "order_issuer_level"
    with pytest.raises(Denied) as outside:
        services.issue(people["gy_op"], to_court="黔0302", **kw)
    assert outside.value.code == "order_court_not_below"
    with pytest.raises(Denied):
        services.issue(people["nm_officer"], to_court="黔0102", **kw)
    for bad, code in (
        ({"due": today - dt.timedelta(days=1)}, "order_due_invalid"),
        ({"due": today + dt.timedelta(days=400)}, "order_due_invalid"),
        ({"subject": ""}, "text_required"),
        ({"subject": "督\x00办"}, "text_control_character"),
        ({"case_numbers": ["(2026)黔0302执1号"]}, "order_case_not_of_court"),
    ):
        with pytest.raises(LawError) as err:
            services.issue(people["gy_op"], to_court="黔0102", **(kw | bad))
        assert err.value.code == code
    other = file_case(court="黔0103")
    with pytest.raises(LawError) as wrong_court:
        services.issue(people["gy_op"], to_court="黔0102", case_numbers=[other.case_number], **kw)
    assert wrong_court.value.code == "order_case_not_of_court"
    assert services.issue(people["high_op"], to_court="黔0302", **kw).issuer_court.code == "黔"


def test_overdue_orders_escalate_once_and_scoping_shows_each_court_its_own(
    people: dict[str, Any], file_case
) -> None:
    today = timezone.localdate()
    case = file_case()
    issued = today - dt.timedelta(days=10)
    late = services.issue(people["gy_op"], to_court="黔0102", subject="限期答复", due=today - dt.timedelta(days=1),
                          on=issued, case_numbers=[case.case_number])  # fmt: skip
    services.issue(people["high_op"], to_court="黔0302", subject="遵义事项", due=today, on=today)
    assert services.escalate_overdue(today) == 1
    assert services.escalate_overdue(today) == 0
    late.refresh_from_db()
    assert late.escalated_on == today
    assert NodeLog.objects.get(case=case, node="order_overdue").payload["warning"] == "overdue"
    fig = {f["code"]: f for f in selectors.figures(people["high_op"], today)}
    assert (fig["黔0102"]["overdue"], fig["黔0102"]["escalated"], fig["黔0302"]["overdue"]) == (1, 1, 0)
    # answering after the day counts as late
    services.answer(people["nm_officer"], late.pk, "已办", today)
    fig = {f["code"]: f for f in selectors.figures(people["high_op"], today)}
    assert (fig["黔0102"]["answered_late"], fig["黔0102"]["overdue"]) == (1, 0)
    subjects = lambda who: sorted(selectors.visible(people[who]).values_list("subject", flat=True))  # noqa: E731
    assert subjects("high_op") == ["遵义事项", "限期答复"]
    assert subjects("gy_op") == ["限期答复"]
    assert subjects("nm_officer") == ["限期答复"]
    assert subjects("yy_officer") == []
    assert subjects("zy_op") == ["遵义事项"]
