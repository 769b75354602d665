"""Dispatch between courts: delegated, designated, escalated enforcement — who may dispatch, what the law
refuses, the linked case the receiving court files (same dispute, origin the case, the case closed by
transfer), the receiving court's answers, the node logs, the audit, the daily overdue check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.dispatch import selectors, services
from zhiyuan.dispatch.models import Dispatch, DispatchEvent, DispatchStatus
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def _nodes(case: Case) -> list[str]:
    return list(NodeLog.objects.filter(case=case).order_by("id").values_list("node", flat=True))


def test_delegation_by_the_case_court_runs_to_the_linked_case_and_closes(
    people: dict[str, Any], file_case
) -> None:
    case = file_case(days=30)
    today = timezone.localdate()
    d = services.send(
        people["nm_officer"], case_number=case.case_number, kind="delegated", to_court="黔0302",
        reason="被执行人财产在遵义", on=today,
    )  # fmt: skip
    assert (d.status, d.from_court.code, d.ordered_by.code) == ("sent", "黔0102", "黔0102")
    assert d.filing_due > today
    assert d.start_due
    assert d.report_due
    assert d.completion_due
    assert d.filing_due <= d.start_due <= d.report_due < d.completion_due
    assert _nodes(case)[-1] == "dispatch_sent"
    # another court's officer cannot accept; the receiving court's can, once
    with pytest.raises(Denied) as refused:
        services.accept(people["yy_officer"], d.pk, today)
    assert refused.value.code == "not_receiving_court"
    d = services.accept(people["hhg_officer"], d.pk, today)
    linked = d.linked_case
    assert linked is not None
    assert linked.court.code == "黔0302"
    assert linked.type_code == "执"
    assert (linked.origin_id, linked.dispute_id) == (case.pk, case.dispute_id)
    assert sorted(p.party.name for p in linked.parties.all()) == ["张三", "李四"]
    case.refresh_from_db()
    assert (case.status, case.closing_method) == ("closed", "transfer")  # 委托结案
    assert _nodes(case)[-2:] == ["close", "dispatch_accepted"]
    assert _nodes(linked) == ["filing", "dispatch_received"]
    with pytest.raises(LawError) as twice:
        services.accept(people["hhg_officer"], d.pk, today)
    assert twice.value.code == "concurrent_change"
    services.report(people["hhg_officer"], d.pk, "已冻结存款", today)
    d = services.close(people["hhg_officer"], d.pk, "执行完毕", today)
    assert d.status == DispatchStatus.CLOSED
    assert list(DispatchEvent.objects.filter(dispatch=d).values_list("event", flat=True)) == [
        "sent", "accepted", "reported", "closed",
    ]  # fmt: skip
    assert _nodes(linked)[-2:] == ["dispatch_report", "dispatch_closed"]
    actions = set(AuditEntry.objects.filter(action__startswith="dispatch.").values_list("action", flat=True))
    assert actions == {"dispatch.send", "dispatch.accept", "dispatch.report", "dispatch.close"}


def test_delegation_goes_to_the_same_level_only(people: dict[str, Any], file_case) -> None:
    case = file_case(days=30)
    with pytest.raises(LawError) as err:
        services.send(
            people["nm_officer"], case_number=case.case_number, kind="delegated", to_court="黔03",
            reason="财产在遵义", on=timezone.localdate(),
        )  # fmt: skip
    assert err.value.code == "delegation_level"
    assert "同级" in err.value.message_zh
    assert "same level" in err.value.message_en
    assert not Dispatch.objects.exists()


def test_only_a_court_above_both_designates(people: dict[str, Any], file_case) -> None:
    case = file_case()
    today = timezone.localdate()
    kw: dict[str, Any] = {
        "case_number": case.case_number,
        "kind": "designated",
        "reason": "回避",
        "on": today,
    }
    # 黔01 is above 黔0102 but not above 黔0302; a basic court's president is above nobody
    for user, code in (("gy_op", "dispatch_not_above"), ("nm_president", "dispatch_not_above")):
        with pytest.raises(Denied) as err:
            services.send(people[user], to_court="黔0302", **kw)
        assert err.value.code == code
    with pytest.raises(Denied):  # an officer has no command:dispatch
        services.send(people["nm_officer"], to_court="黔0103", **kw)
    with pytest.raises(LawError) as outside:  # 遵义's operator does not even see the case
        services.send(people["zy_op"], to_court="黔0302", **kw)
    assert outside.value.code == "case_not_found"
    d = services.send(people["gy_op"], to_court="黔0103", **kw)
    assert (d.ordered_by.code, d.to_court.code) == ("黔01", "黔0103")
    d2 = services.accept(people["yy_officer"], d.pk, today)
    assert d2.linked_case.court.code == "黔0103"
    # the high court designates across districts
    other = file_case()
    d3 = services.send(people["high_op"], to_court="黔0302", **{**kw, "case_number": other.case_number})
    assert d3.ordered_by.code == "黔"


def test_escalation_only_after_six_months_and_to_the_court_above_itself(
    people: dict[str, Any], file_case
) -> None:
    today = timezone.localdate()
    young = file_case(days=100)
    kw: dict[str, Any] = {"kind": "escalated", "reason": "超过六个月未执行", "on": today}
    with pytest.raises(LawError) as early:
        services.send(people["gy_op"], case_number=young.case_number, to_court="黔01", **kw)
    assert early.value.code == "escalation_too_early"
    old = file_case(days=400)
    with pytest.raises(LawError) as elsewhere:
        services.send(people["gy_op"], case_number=old.case_number, to_court="黔0103", **kw)
    assert elsewhere.value.code == "escalation_to_own_court"
    d = services.send(people["gy_op"], case_number=old.case_number, to_court="黔01", **kw)
    with pytest.raises(LawError) as again:
        services.send(people["high_op"], case_number=old.case_number, to_court="黔", **kw)
    assert again.value.code == "dispatch_active"
    d = services.accept(people["gy_officer"], d.pk, today)
    assert d.linked_case.court.code == "黔01"


def test_return_leaves_the_case_open_and_inputs_are_checked(people: dict[str, Any], file_case) -> None:
    case = file_case()
    today = timezone.localdate()
    d = services.send(people["gy_op"], case_number=case.case_number, kind="designated", to_court="黔0103",
                      reason="回避", on=today)  # fmt: skip
    with pytest.raises(LawError) as empty:
        services.return_(people["yy_officer"], d.pk, "  ", today)
    assert empty.value.code == "text_required"
    with pytest.raises(LawError) as early:
        services.return_(people["yy_officer"], d.pk, "不属本院", today - dt.timedelta(days=1))
    assert early.value.code == "date_before_start"
    with pytest.raises(LawError) as later:
        services.return_(people["yy_officer"], d.pk, "不属本院", today + dt.timedelta(days=1))
    assert later.value.code == "date_in_future"
    services.return_(people["yy_officer"], d.pk, "不属本院", today)
    case.refresh_from_db()
    assert case.status != "closed"
    assert _nodes(case)[-1] == "dispatch_returned"
    for bad, code in (({"kind": "moved"}, "kind_invalid"), ({"to_court": "黔9999"}, "unknown_court"),
                      ({"to_court": "黔0102"}, "dispatch_same_court"), ({"reason": "x" * 501}, "text_too_long")):  # fmt: skip
        args: dict[str, Any] = {"case_number": case.case_number, "kind": "designated", "to_court": "黔0103",
                                "reason": "回避", "on": today} | bad  # fmt: skip
        with pytest.raises(LawError) as err:
            services.send(people["gy_op"], **args)
        assert err.value.code == code


def test_the_daily_check_notes_an_overdue_dispatch_once_with_a_node_warning(
    people: dict[str, Any], file_case
) -> None:
    case = file_case()
    sent = timezone.localdate() - dt.timedelta(days=30)
    d = services.send(people["gy_op"], case_number=case.case_number, kind="designated", to_court="黔0103",
                      reason="回避", on=sent)  # fmt: skip
    today = timezone.localdate()
    assert selectors.figures([d.to_court_id], today)[d.to_court_id]["overdue"] == 1
    assert services.note_overdue(today) == 1
    assert services.note_overdue(today) == 0
    warning = NodeLog.objects.get(case=case, node="dispatch_overdue")
    assert warning.payload["warning"] == "overdue"
    assert Case.objects.filter(selectors.in_dispatch_q(), pk=case.pk).exists()


def test_a_late_report_is_noted_after_a_late_filing(people: dict[str, Any], file_case) -> None:
    case = file_case(days=100)
    today = timezone.localdate()
    sent = today - dt.timedelta(days=60)
    d = services.send(people["nm_officer"], case_number=case.case_number, kind="delegated", to_court="黔0103",
                      reason="财产在云岩", on=sent)  # fmt: skip
    assert services.note_overdue(sent + dt.timedelta(days=20)) == 1  # not filed within 7 days
    services.accept(people["yy_officer"], d.pk, sent + dt.timedelta(days=21))
    assert services.note_overdue(today) == 1  # accepted, never reported within 30 days
    services.report(people["yy_officer"], d.pk, "已查控", today)
    assert services.note_overdue(today + dt.timedelta(days=1)) == 0
    assert DispatchEvent.objects.filter(dispatch=d, event="overdue").count() == 2
