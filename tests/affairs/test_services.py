"""Tasks: spawned on filing with due dates from the law's periods and the service levels, idempotent on
their source, claimed by one person, completed or returned (with a reason) by that person only, released,
scoped to the court's queues and refused — audited — to those who may not work on them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zhiyuan.affairs import registry, services, sla
from zhiyuan.affairs.models import Task, TaskEvent, TaskStatus
from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor
from zhiyuan.cases import services as cases_services
from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement import task_kinds
from zhiyuan.law.deadlines import compute
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def _tasks(case: Any) -> dict[str, Task]:
    return {t.kind: t for t in Task.objects.filter(case=case)}


def test_filing_spawns_the_notice_service_and_the_inquiry(file_enforcement) -> None:
    case = file_enforcement(filed_on=dt.date(2026, 11, 2))
    tasks = _tasks(case)
    assert set(tasks) == {task_kinds.NOTICE, task_kinds.INQUIRY}
    notice, inquiry = tasks[task_kinds.NOTICE], tasks[task_kinds.INQUIRY]
    assert (notice.team, inquiry.team) == ("service", "inquiry")
    assert notice.status == inquiry.status == TaskStatus.OPEN
    assert notice.court_id == case.court_id
    ref = courts.reference()
    legal = compute({"rule": "enforcement_notice", "start": "2026-11-02"}, ref.params, ref.calendar)
    assert notice.due == dt.date.fromisoformat(legal["due"]) == dt.date(2026, 11, 5)
    assert notice.due_rule == "enforcement_notice"
    assert inquiry.due == dt.date(2026, 11, 12)  # ten days, a Thursday
    assert inquiry.due_rule == "network_inquiry"
    assert notice.source_key == f"case:{case.pk}:notice"
    assert TaskEvent.objects.filter(task=notice, what="spawn").count() == 1
    assert AuditEntry.objects.filter(action="affairs.task.spawn", object_id=str(notice.pk)).exists()


def test_other_cases_get_no_tasks(people, make_user) -> None:
    from zhiyuan.cases import services as cases

    trial = cases.file_case(
        people["clerk"], court_code="黔0102", type_code="民初", filed_on=dt.date(2026, 11, 2), parties_in=[]
    )
    assert not Task.objects.filter(case=trial).exists()


def test_an_act_period_ending_on_a_holiday_moves_and_service_levels_are_marked_unverified() -> None:
    # 2026-09-29 + 3 days = 10-02, inside the National Day holiday: the notice is due after it
    due = sla.due_for(registry.Legal("enforcement_notice"), dt.date(2026, 9, 29))
    assert due.due > dt.date(2026, 10, 2)
    assert due.verified
    level = sla.due_for(registry.ServiceLevel("measure_order"), dt.date(2026, 11, 6))  # a Friday
    assert level.due == dt.date(2026, 11, 10)  # two working days
    assert not level.verified
    assert "UNVERIFIED" in level.citation


def test_spawn_is_idempotent_on_its_source(file_enforcement) -> None:
    case = file_enforcement()
    first = services.spawn(case, task_kinds.FREEZE, source_key=f"case:{case.pk}:freeze:1")
    again = services.spawn(
        case, task_kinds.FREEZE, source_key=f"case:{case.pk}:freeze:1", due=dt.date(2030, 1, 1)
    )
    assert first.pk == again.pk
    assert again.due == first.due
    assert Task.objects.filter(source_key=f"case:{case.pk}:freeze:1").count() == 1
    given = services.spawn(case, task_kinds.RENEWAL, source_key="seal:9:renew", due=dt.date(2027, 5, 1))
    assert given.due == dt.date(2027, 5, 1)
    assert given.due_rule == ""
    with pytest.raises(LawError) as err:
        services.spawn(case, "enforcement.nothing", source_key="x")
    assert err.value.code == "unknown_task_kind"


def test_the_same_filing_twice_spawns_once(file_enforcement, people) -> None:
    case = file_enforcement()
    task_kinds.spawn_filing_tasks(case, Actor.system())
    assert Task.objects.filter(case=case).count() == 2


def test_claim_complete_and_who_did_what(file_enforcement, people) -> None:
    case = file_enforcement()
    task = _tasks(case)[task_kinds.NOTICE]
    services.claim(people["staff"], task)
    task.refresh_from_db()
    assert (task.status, task.claimed_by_id, task.claimed_by_name) == (
        "claimed",
        people["staff"].pk,
        "吴事务",
    )
    with pytest.raises(LawError) as err:
        services.claim(people["staff2"], task)
    assert err.value.code == "task_taken"
    assert "吴事务" in err.value.message_zh
    with pytest.raises(LawError) as err:
        services.complete(people["staff2"], task, "已送达")
    assert err.value.code == "task_claimed_by_other"
    services.complete(people["staff"], task, "已直接送达被执行人")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.result_note == "已直接送达被执行人"
    assert task.closed_at
    assert [(e.what, e.who_name) for e in task.events.all()] == [
        ("spawn", "clerk"),  # filed by the clerk (no full name): the filing spawned it
        ("claim", "吴事务"),
        ("done", "吴事务"),
    ]
    assert AuditEntry.objects.filter(action="affairs.task.complete", actor_id=people["staff"].pk).exists()
    with pytest.raises(LawError) as err:
        services.complete(people["staff"], task)
    assert err.value.code == "task_closed"


def test_completing_an_unclaimed_task_asks_to_claim_first(file_enforcement, people) -> None:
    task = _tasks(file_enforcement())[task_kinds.INQUIRY]
    with pytest.raises(LawError) as err:
        services.complete(people["staff"], task)
    assert err.value.code == "task_not_claimed"


def test_a_return_needs_a_reason(file_enforcement, people) -> None:
    task = _tasks(file_enforcement())[task_kinds.NOTICE]
    services.claim(people["officer"], task)
    for blank in ("", "   ", "\n"):
        with pytest.raises(LawError) as err:
            services.return_task(people["officer"], task, blank)
        assert err.value.code == "return_reason_required"
    with pytest.raises(LawError) as err:
        services.return_task(people["officer"], task, "地址\x07错误")
    assert err.value.code == "text_control_character"
    services.return_task(people["officer"], task, "被执行人地址不详，请承办人补充")
    task.refresh_from_db()
    assert task.status == TaskStatus.RETURNED
    assert task.return_reason == "被执行人地址不详，请承办人补充"


def test_release_by_the_claimer_or_a_division_head_only(file_enforcement, people) -> None:
    task = _tasks(file_enforcement())[task_kinds.NOTICE]
    services.claim(people["staff"], task)
    with pytest.raises(Denied) as err:
        services.release(people["staff2"], task)
    assert err.value.code == "task_claimed_by_other"
    services.release(people["head"], task)  # reassigning: back to the queue
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert task.claimed_by_id is None
    services.claim(people["staff2"], task)
    services.release(people["staff2"], task)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert [e.what for e in task.events.all()] == ["spawn", "claim", "release", "claim", "release"]


def test_only_the_courts_workers_may_claim(file_enforcement, people) -> None:
    task = _tasks(file_enforcement())[task_kinds.NOTICE]
    with pytest.raises(Denied) as err:
        services.claim(people["staff_zunyi"], task)
    assert err.value.code == "task_out_of_scope"
    with pytest.raises(Denied) as err:
        services.claim(people["command"], task)
    assert err.value.code == "affairs_not_permitted"
    with pytest.raises(Denied):
        services.claim(people["head"], task)  # a division head reassigns, does not work tasks
    assert AuditEntry.objects.filter(action="auth.denied", object_id=str(task.pk)).count() == 3
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert services.may_work(people["officer"], task)
    assert not services.may_work(people["staff_zunyi"], task)


def test_a_kind_may_need_its_own_permission(file_enforcement, people, make_user) -> None:
    registry.register_kind(
        registry.TaskKind("tests.pay", "发放", "Pay", "funds", permission="funds:disburse")
    )
    case = file_enforcement()
    task = services.spawn(case, "tests.pay", source_key="tests:pay:1")
    with pytest.raises(Denied):
        services.claim(people["staff"], task)  # affairs staff do not disburse
    services.claim(people["officer"], task)


def test_closing_a_case_cancels_its_waiting_tasks(file_enforcement, people) -> None:
    case = file_enforcement()
    tasks = _tasks(case)
    services.claim(people["staff"], tasks[task_kinds.NOTICE])
    services.complete(people["staff"], tasks[task_kinds.NOTICE])
    assert services.cancel_for_case(case, Actor.system(), "结案") == 1
    assert Task.objects.get(pk=tasks[task_kinds.INQUIRY].pk).status == TaskStatus.CANCELLED
    assert Task.objects.get(pk=tasks[task_kinds.NOTICE].pk).status == TaskStatus.DONE
    assert services.cancel_for_case(case, Actor.system()) == 0


def test_the_move_that_closes_a_case_cancels_its_waiting_tasks(file_enforcement) -> None:
    case = file_enforcement()
    tasks = _tasks(case)
    cases_services.transition(None, case, "close", dt.date(2026, 11, 20), closing_method="fully_performed")
    assert {Task.objects.get(pk=t.pk).status for t in tasks.values()} == {TaskStatus.CANCELLED}
    events = TaskEvent.objects.filter(task__case=case, what="cancel")
    assert events.count() == len(tasks)
    assert all("close" in e.note for e in events)
