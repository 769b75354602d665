"""Batches: the built-in "complete tasks of one kind" over a court's tasks, run by the job runner in
chunks; a failing item is recorded with its reason while the others are done, no item is half-done, an
interrupted batch resumes without doing an item twice; the enforcement catch-up action over cases."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from zhiyuan.affairs import batches, registry, services
from zhiyuan.affairs.models import Batch, BatchItem, BatchStatus, Job, Task, TaskStatus
from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor
from zhiyuan.enforcement import task_kinds
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db

NOTE = "已统一送达"


def _notices(n: int, file_enforcement: Any) -> list[Task]:
    return [Task.objects.get(case=file_enforcement(), kind=task_kinds.NOTICE) for _ in range(n)]


def _start(user: Any, capture: Any, **params: Any) -> Batch:
    with capture(execute=True):
        batch = batches.start_batch(
            user, batches.COMPLETE_TASKS, {"kind": task_kinds.NOTICE, "note": NOTE, **params}
        )
    batch.refresh_from_db()
    return batch


def test_a_failing_item_is_recorded_and_the_others_done(
    file_enforcement, people, django_capture_on_commit_callbacks
) -> None:
    tasks = _notices(4, file_enforcement)
    services.claim(people["staff2"], tasks[1])  # someone else is working on this one
    services.claim(people["staff"], tasks[2])  # the requester's own claim is completed too
    batch = _start(people["staff"], django_capture_on_commit_callbacks)
    assert (batch.status, batch.total, batch.done, batch.failed, batch.percent) == (
        BatchStatus.DONE,
        4,
        3,
        1,
        100,
    )
    items = {i.target_id: i for i in BatchItem.objects.filter(batch=batch)}
    assert items[tasks[1].pk].status == "failed"
    assert "郑事务" in items[tasks[1].pk].message
    assert "只有领取人可以办理" in items[tasks[1].pk].message
    for t in tasks:
        t.refresh_from_db()
    assert [t.status for t in tasks] == ["done", "claimed", "done", "done"]
    assert tasks[1].claimed_by_id == people["staff2"].pk
    assert tasks[1].result_note == ""
    assert {t.result_note for t in tasks if t.status == "done"} == {NOTE}
    assert {t.claimed_by_name for t in tasks if t.status == "done"} == {"吴事务"}
    assert AuditEntry.objects.filter(action="affairs.batch.start", object_id=str(batch.pk)).count() == 1
    assert AuditEntry.objects.filter(action="affairs.batch.finish", object_id=str(batch.pk)).count() == 1
    assert AuditEntry.objects.filter(action="affairs.task.complete").count() == 3


def test_a_batch_runs_in_chunks_of_jobs(
    file_enforcement, people, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    monkeypatch.setattr(batches, "CHUNK", 2)
    _notices(5, file_enforcement)
    batch = _start(people["staff"], django_capture_on_commit_callbacks)
    assert (batch.done, batch.failed, batch.status) == (5, 0, BatchStatus.DONE)
    keys = sorted(Job.objects.filter(handler=batches.HANDLER).values_list("key", flat=True))
    assert keys == [f"batch:{batch.pk}:{n}" for n in range(3)]
    assert set(Job.objects.filter(handler=batches.HANDLER).values_list("status", flat=True)) == {"done"}


@pytest.fixture
def half_done_action() -> Iterator[str]:
    """An action that writes (spawns a task) and then fails for one case: its write must not remain."""

    def run_one(case_id: int, params: Mapping[str, Any], user: Any, who: Actor) -> str:
        from zhiyuan.cases.models import Case

        case = Case.objects.get(pk=case_id)
        services.spawn(case, task_kinds.DOCUMENTS, source_key=f"tests:doc:{case_id}", actor=who)
        if case_id == params["fail"]:
            raise LawError("tests_broken", "文书模板缺失。", "The template is missing.")
        if case_id == params["crash"]:
            raise RuntimeError("unexpected")
        return "ok"

    code = "tests.documents"
    registry.register_batch_action(
        registry.BatchAction(
            code,
            "测试",
            "Test",
            registry.CASE,
            select=lambda court_id, params: list(params["cases"]),
            run_one=run_one,
            clean=lambda raw: dict(raw),
        )
    )
    yield code
    registry._ACTIONS.pop(code)


def test_nothing_is_half_done(
    file_enforcement, people, django_capture_on_commit_callbacks, half_done_action
) -> None:
    cases = [file_enforcement().pk for _ in range(4)]
    params = {"cases": cases, "fail": cases[1], "crash": cases[2]}
    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.start_batch(people["staff"], half_done_action, params)
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (2, 2)
    made = set(Task.objects.filter(kind=task_kinds.DOCUMENTS).values_list("case_id", flat=True))
    assert made == {cases[0], cases[3]}  # the failed items' spawned tasks were rolled back with them
    messages = dict(BatchItem.objects.filter(batch=batch).values_list("target_id", "message"))
    assert messages[cases[1]] == "文书模板缺失。\nThe template is missing."
    assert messages[cases[2]].startswith("处理时发生内部错误")


def test_an_interrupted_batch_resumes_without_doing_an_item_twice(file_enforcement, people) -> None:
    tasks = _notices(3, file_enforcement)
    batch = batches.start_batch(
        people["staff"], batches.COMPLETE_TASKS, {"kind": task_kinds.NOTICE, "note": NOTE}
    )
    # the job did not run (no commit in this test): run the first item as an interrupted chunk did
    first = BatchItem.objects.get(batch=batch, position=0)
    action = registry.batch_action(batches.COMPLETE_TASKS)
    assert action is not None
    batches._run_item(batch, action, first.pk, people["staff"], Actor.system())
    assert batches.run_chunk(batch.pk, 0) == f"batch {batch.pk} finished"
    assert batches.run_chunk(batch.pk, 0) == f"batch {batch.pk} already finished"
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (3, 0)
    assert AuditEntry.objects.filter(action="affairs.task.complete").count() == 3
    assert {t.status for t in Task.objects.filter(pk__in=[t.pk for t in tasks])} == {TaskStatus.DONE}


def test_who_may_start_a_batch_and_what(file_enforcement, people) -> None:
    _notices(1, file_enforcement)
    params = {"kind": task_kinds.NOTICE, "note": NOTE}
    with pytest.raises(Denied):
        batches.start_batch(people["officer"], batches.COMPLETE_TASKS, params)
    with pytest.raises(LawError) as err:
        batches.start_batch(people["staff"], "tests.nothing", params)
    assert err.value.code == "unknown_batch_action"
    with pytest.raises(LawError) as err:
        batches.start_batch(people["staff"], batches.COMPLETE_TASKS, {"kind": task_kinds.NOTICE, "note": " "})
    assert err.value.code == "batch_note_required"
    with pytest.raises(LawError) as err:
        batches.start_batch(people["staff_zunyi"], batches.COMPLETE_TASKS, params)  # nothing at 黔0302
    assert err.value.code == "batch_empty"
    with pytest.raises(LawError) as err:
        batches.start_batch(people["staff"], batches.COMPLETE_TASKS, params, ids=[-1])
    assert err.value.code == "batch_empty"
    shown = batches.preview(people["staff"], batches.COMPLETE_TASKS, params)
    assert shown["count"] == 1
    assert "执" in shown["items"][0][1]


def test_a_selection_narrows_the_batch(file_enforcement, people, django_capture_on_commit_callbacks) -> None:
    tasks = _notices(3, file_enforcement)
    batch = _start(people["staff"], django_capture_on_commit_callbacks, ids=None)
    assert batch.total == 3
    more = _notices(2, file_enforcement)
    with django_capture_on_commit_callbacks(execute=True):
        chosen = batches.start_batch(
            people["staff"],
            batches.COMPLETE_TASKS,
            {"kind": task_kinds.NOTICE, "note": NOTE},
            ids=[more[0].pk, tasks[0].pk],  # tasks[0] is done already: not selectable
        )
    chosen.refresh_from_db()
    assert (chosen.total, chosen.done) == (1, 1)
    assert Task.objects.get(pk=more[1].pk).status == TaskStatus.OPEN


def test_the_catch_up_gives_imported_cases_their_tasks(
    file_enforcement, people, django_capture_on_commit_callbacks
) -> None:
    case = file_enforcement()
    Task.objects.filter(case=case).delete()  # as a case imported before the affairs center
    other = file_enforcement()
    shown = batches.preview(people["staff"], task_kinds.CATCH_UP, {})
    assert [i for i, _ in shown["items"]] == [case.pk]
    with django_capture_on_commit_callbacks(execute=True):
        batch = batches.start_batch(people["staff"], task_kinds.CATCH_UP, {})
    batch.refresh_from_db()
    assert (batch.done, batch.failed) == (1, 0)
    assert set(Task.objects.filter(case=case).values_list("kind", flat=True)) == {
        task_kinds.NOTICE,
        task_kinds.INQUIRY,
    }
    assert Task.objects.filter(case=other).count() == 2
