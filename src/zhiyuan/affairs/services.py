"""The affairs center's use cases: spawning tasks (for the apps that declare kinds), claiming, releasing,
completing and returning them, cancelling a closed case's tasks. Each is one transaction with its audit
record and its :class:`TaskEvent` (who did what).

Who may work on a task: a person holding ``affairs:batch`` (affairs staff) or ``enforcement:handle``
(officers), at the task's court (its queues are that court's), and holding the kind's own permission if
it names one. Only the person who claimed a task completes, returns or releases it; a holder of
``case:assign`` at the court (division head, president) may release anyone's claim, putting the task
back in its queue. Refusals are audited (``accounts.policy``).

The apps above (enforcement, funds, credit) use this module, not the registry or the models: it
re-exports the declarations (:class:`TaskKind`, :func:`register_kind`, the SLAs, :class:`BatchAction`,
:func:`register_batch_action`) and the job runner's :func:`enqueue_job` and :func:`register_handler`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhiyuan.accounts.policy import refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.affairs import registry
from zhiyuan.affairs.jobs import enqueue as enqueue_job
from zhiyuan.affairs.jobs import register_handler
from zhiyuan.affairs.models import ACTIVE, Task, TaskEvent, TaskStatus
from zhiyuan.affairs.registry import (
    CASE,
    TASK,
    BatchAction,
    Legal,
    ServiceLevel,
    TaskKind,
    register_batch_action,
    register_kind,
)
from zhiyuan.affairs.sla import due_for
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.assignments import current_handler
from zhiyuan.cases.models import Case
from zhiyuan.cases.selectors import person_names
from zhiyuan.courts.models import Court
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law.errors import LawError

__all__ = [
    "CASE",
    "TASK",
    "BatchAction",
    "Legal",
    "ServiceLevel",
    "TaskKind",
    "cancel_for_case",
    "claim",
    "claim_and_complete",
    "close_by_system",
    "complete",
    "complete_by_key",
    "enqueue_job",
    "may_work",
    "register_batch_action",
    "register_handler",
    "register_kind",
    "release",
    "return_task",
    "spawn",
    "spawned",
]

#: holding one of these, a person at the task's court may claim and work on its tasks
WORKERS = ("affairs:batch", "enforcement:handle")
#: a holder of this at the task's court may release anyone's claim (reassigning the task)
REASSIGN = "case:assign"
SYSTEM = Actor.system("affairs")
SOURCE_KEY_MAX = 120


# ------------------------------------------------------------------------------------------- spawning


def _actor_name(who: Actor) -> str:
    """A person's name for the task's record; empty for the system (the pages say 系统)."""
    if who.id is None:
        return ""
    return person_names([who.id]).get(who.id) or who.name


def spawn(
    case_or_court: Case | Court,
    kind_code: str,
    *,
    source_key: str,
    due: dt.date | None = None,
    payload: dict[str, Any] | None = None,
    actor: Actor | None = None,
    on: dt.date | None = None,
) -> Task:
    """Put a task of ``kind_code`` in the queue of its team at the case's court (or at ``court``).

    Idempotent on ``source_key`` (what spawned it, e.g. ``case:123:notice``): a second call returns the
    task the first made, whatever its status. The due date is ``due`` when given, else the kind's service
    level counted from ``on`` (default today). Runs inside the caller's transaction when there is one (a
    filing hook's), with its audit record; ``actor`` defaults to the system."""
    kind = registry.kind(kind_code)
    if kind is None:
        raise LawError(
            "unknown_task_kind", f"未知的任务类型“{kind_code}”。", f"Unknown task kind '{kind_code}'."
        )
    if not source_key or len(source_key) > SOURCE_KEY_MAX:
        raise ValueError(f"source_key must be 1 to {SOURCE_KEY_MAX} characters")
    found = Task.objects.filter(source_key=source_key).first()
    if found is not None:
        return found
    case = case_or_court if isinstance(case_or_court, Case) else None
    court_id = case.court_id if case is not None else case_or_court.pk
    due_rule = ""
    if due is None and kind.sla is not None:
        sla_due = due_for(kind.sla, on or timezone.localdate())
        due, due_rule = sla_due.due, sla_due.rule
    who = actor or SYSTEM
    try:
        with transaction.atomic():
            task = Task.objects.create(
                kind=kind.code,
                team=kind.team,
                court_id=court_id,
                case=case,
                due=due,
                due_rule=due_rule,
                source_key=source_key,
                payload=payload or {},
            )
            TaskEvent.objects.create(task=task, what="spawn", who_id=who.id, who_name=_actor_name(who))
            record(
                who,
                "affairs.task.spawn",
                obj=task,
                after={"kind": kind.code, "case": case.case_number if case else "", "due": str(due or "")},
            )
    except IntegrityError:  # another transaction spawned the same source at the same moment
        return Task.objects.get(source_key=source_key)
    return task


# ------------------------------------------------------------------------------------------- working


def _why_not(user: Any, task: Task, request: Any) -> tuple[str, str, str] | None:
    """Why ``user`` may not work on ``task`` (code and words), or None: a worker's permission (and the
    kind's own, if it names one) at the task's court."""
    held = permissions_for(user, request)
    kind = registry.kind(task.kind)
    if not held.intersection(WORKERS) or (
        kind is not None and kind.permission and kind.permission not in held
    ):
        return (
            "affairs_not_permitted",
            "您的角色不能办理此类事务任务。",
            "Your roles may not work on tasks of this kind.",
        )
    if getattr(user, "court_id", None) != task.court_id:
        return (
            "task_out_of_scope",
            "该任务不在本院的事务队列中。",
            "The task is not in your court's queues.",
        )
    return None


def may_work(user: Any, task: Task, request: Any = None) -> bool:
    """May ``user`` claim and work on ``task`` (what the pages offer; no audit)?"""
    return _why_not(user, task, request) is None


def _check_worker(user: Any, task: Task, request: Any) -> None:
    why = _why_not(user, task, request)
    if why is not None:
        raise refuse(user, *why, request, obj=task)


def _state_error(task: Task, user: Any) -> LawError:
    """Why a move from the task's present state was refused, in words."""
    task.refresh_from_db()
    if task.status == TaskStatus.OPEN:
        return LawError(
            "task_not_claimed", "任务尚未领取，请先领取。", "The task is not claimed; claim it first."
        )
    if task.status == TaskStatus.CLAIMED and task.claimed_by_id != user.pk:
        return LawError(
            "task_claimed_by_other",
            f"任务已由{task.claimed_by_name}领取，只有领取人可以办理。",
            f"The task was claimed by {task.claimed_by_name}; only they may work on it.",
        )
    return LawError(
        "task_closed",
        f"任务{task.get_status_display()}，不能再办理。",
        f"The task is {task.status} and can no longer be worked on.",
    )


def _event(task: Task, what: str, user: Any, note: str = "") -> None:
    TaskEvent.objects.create(task=task, what=what, who_id=user.pk, who_name=user.get_full_name(), note=note)


def claim(user: Any, task: Task, request: Any = None) -> Task:
    """``user`` takes an open task from the queue. Of two people claiming at once, one gets it; the other
    is told who did."""
    _check_worker(user, task, request)
    with transaction.atomic():
        taken = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.CLAIMED,
            claimed_by_id=user.pk,
            claimed_by_name=user.get_full_name(),
            claimed_at=timezone.now(),
        )
        if not taken:
            task.refresh_from_db()
            if task.status == TaskStatus.CLAIMED:
                raise LawError(
                    "task_taken",
                    f"任务已由{task.claimed_by_name}领取。",
                    f"The task was already claimed by {task.claimed_by_name}.",
                )
            raise _state_error(task, user)
        task.refresh_from_db()
        _event(task, "claim", user)
        record(actor_of(user, request), "affairs.task.claim", obj=task, after={"kind": task.kind})
    return task


def _finish(user: Any, task: Task, status: str, request: Any, **fields: Any) -> Task:
    _check_worker(user, task, request)
    with transaction.atomic():
        changed = Task.objects.filter(pk=task.pk, status=TaskStatus.CLAIMED, claimed_by_id=user.pk).update(
            status=status, closed_at=timezone.now(), **fields
        )
        if not changed:
            raise _state_error(task, user)
        task.refresh_from_db()
        note = fields.get("result_note") or fields.get("return_reason") or ""
        _event(task, "done" if status == TaskStatus.DONE else "return", user, note)
        action = "affairs.task.complete" if status == TaskStatus.DONE else "affairs.task.return"
        record(actor_of(user, request), action, obj=task, after={"kind": task.kind, **fields})
    return task


def complete(user: Any, task: Task, note: str = "", request: Any = None) -> Task:
    """The claimer records the task as done, with an optional note of the result."""
    note = check_text(note or "", field="note", max_length=NOTE_MAX, multiline=True).strip()
    return _finish(user, task, TaskStatus.DONE, request, result_note=note)


def return_task(user: Any, task: Task, reason: str, request: Any = None) -> Task:
    """The claimer returns the task undone, with the reason (required): the address is wrong, the
    material is missing… The officer of the case sees it on the case page."""
    reason = check_text(reason or "", field="reason", max_length=NOTE_MAX, multiline=True).strip()
    if not reason:
        raise LawError(
            "return_reason_required",
            "退回任务须说明理由。",
            "Returning a task needs a reason.",
            field="reason",
        )
    return _finish(user, task, TaskStatus.RETURNED, request, return_reason=reason)


def release(user: Any, task: Task, request: Any = None) -> Task:
    """Put a claimed task back in its queue: by its claimer, or by a holder of ``case:assign`` at its
    court (reassigning it)."""
    reassigning = task.claimed_by_id != user.pk
    if reassigning:
        if REASSIGN not in permissions_for(user, request) or getattr(user, "court_id", None) != task.court_id:
            raise refuse(
                user,
                "task_claimed_by_other",
                f"任务已由{task.claimed_by_name}领取，只有领取人或庭长（局长）可以退回队列。",
                f"Only {task.claimed_by_name}, who claimed the task, or a division head may release it.",
                request,
                obj=task,
            )
    else:
        _check_worker(user, task, request)
    with transaction.atomic():
        before = task.claimed_by_name
        changed = Task.objects.filter(
            pk=task.pk, status=TaskStatus.CLAIMED, claimed_by_id=task.claimed_by_id
        ).update(status=TaskStatus.OPEN, claimed_by_id=None, claimed_by_name="", claimed_at=None)
        if not changed:
            raise _state_error(task, user)
        task.refresh_from_db()
        _event(task, "release", user, before if reassigning else "")
        record(actor_of(user, request), "affairs.task.release", obj=task, before={"claimed_by": before})
    return task


# ------------------------------------------------------------------------------------------- returned


def may_answer(user: Any, task: Task, request: Any = None) -> bool:
    """May ``user`` answer a returned task (resubmit or acknowledge it): the case's handler now, or a
    holder of ``case:assign`` at the task's court."""
    if task.status != TaskStatus.RETURNED:
        return False
    if REASSIGN in permissions_for(user, request) and getattr(user, "court_id", None) == task.court_id:
        return True
    handler = current_handler(task.case) if task.case is not None else None
    return handler is not None and handler.user_id == user.pk


def _check_answer(user: Any, task: Task, request: Any) -> None:
    if task.status != TaskStatus.RETURNED:
        raise LawError(
            "task_not_returned",
            f"任务{task.get_status_display()}，不是退回的任务。",
            f"The task is {task.status}, not returned.",
        )
    if not may_answer(user, task, request):
        raise refuse(
            user,
            "task_not_your_case",
            "只有案件的承办人或庭长（局长）可以处理退回的任务。",
            "Only the case's handler or a division head may answer a returned task.",
            request,
            obj=task,
        )


def resubmit(user: Any, task: Task, note: str, request: Any = None) -> Task:
    """The case's handler puts a returned task back in its team's queue, saying what was put right
    (required): the address corrected, the material added…"""
    note = check_text(note or "", field="note", max_length=NOTE_MAX, multiline=True).strip()
    if not note:
        raise LawError(
            "resubmit_note_required",
            "重新提交须说明已补正的内容。",
            "Resubmitting needs a note of what was put right.",
            field="note",
        )
    _check_answer(user, task, request)
    with transaction.atomic():
        changed = Task.objects.filter(pk=task.pk, status=TaskStatus.RETURNED).update(
            status=TaskStatus.OPEN, claimed_by_id=None, claimed_by_name="", claimed_at=None, closed_at=None
        )
        if not changed:
            task.refresh_from_db()
            raise LawError("task_not_returned", "任务已不是退回状态。", "The task is no longer returned.")
        task.refresh_from_db()
        _event(task, "resubmit", user, note)
        record(
            actor_of(user, request),
            "affairs.task.resubmit",
            obj=task,
            after={"kind": task.kind, "note": note},
        )
    return task


def acknowledge(user: Any, task: Task, request: Any = None) -> Task:
    """The case's handler has read the return (and will see to the matter otherwise): the task stays
    returned and leaves the handler's workbench panel."""
    _check_answer(user, task, request)
    with transaction.atomic():
        _event(task, "acknowledge", user)
        record(actor_of(user, request), "affairs.task.acknowledge", obj=task, after={"kind": task.kind})
    return task


def cancel_for_case(case: Case, who: Actor, note: str = "") -> int:
    """Cancel the case's tasks still waiting (open or claimed), e.g. when the case closes; inside the
    caller's transaction. Returns how many."""
    with transaction.atomic():
        ids = list(
            Task.objects.select_for_update().filter(case=case, status__in=ACTIVE).values_list("pk", flat=True)
        )
        if not ids:
            return 0
        Task.objects.filter(pk__in=ids).update(status=TaskStatus.CANCELLED, closed_at=timezone.now())
        name = _actor_name(who)
        TaskEvent.objects.bulk_create(
            [TaskEvent(task_id=i, what="cancel", who_id=who.id, who_name=name, note=note) for i in ids]
        )
        record(who, "affairs.task.cancel", obj=case, after={"tasks": ids, "note": note})
    return len(ids)


def cancel_on_closing(case: Case, transition: str, on: dt.date, who: Actor) -> None:
    """A move hook (``zhiyuan.cases.move_hooks``): when a move closes the case, its waiting tasks are
    cancelled in the same transaction, noted with the move that closed it."""
    if case.closed_on is not None:
        cancel_for_case(case, who, note=f"结案 case closed ({transition}, {on.isoformat()})")


def spawned(source_keys: Iterable[str]) -> set[str]:
    """Which of ``source_keys`` a task was ever spawned under (whatever its status), in one query."""
    return set(Task.objects.filter(source_key__in=list(source_keys)).values_list("source_key", flat=True))


def complete_by_key(user: Any, source_key: str, note: str = "", request: Any = None) -> Task | None:
    """The work a task stood for was done by another path (a batch, the officer's own step): ``user``
    claims the task spawned under ``source_key`` if it is open and completes it with ``note``. A task
    someone else claimed is left to them (they see the work done); no task, one already closed, or one
    ``user`` may not work on: nothing to do. Returns the task completed, else None."""
    task = Task.objects.filter(source_key=source_key).first()
    if task is None or task.status not in ACTIVE or not may_work(user, task, request):
        return None  # nothing waiting, or not theirs to close (another court's officer, say)
    if task.status == TaskStatus.CLAIMED and task.claimed_by_id != user.pk:
        return None
    return claim_and_complete(user, task, note, request)


def claim_and_complete(user: Any, task: Task, note: str = "", request: Any = None) -> Task:
    """``user`` claims ``task`` if it is open, then completes it with ``note``; a task someone else holds
    is refused as ``claim`` and ``complete`` refuse it (``task_taken``, with who holds it)."""
    if task.status == TaskStatus.OPEN:
        task = claim(user, task, request)
    return complete(user, task, note, request)


def close_by_system(source_key: str, who: Actor, *, done: bool, note: str) -> Task | None:
    """Work a machine carried out (the network's receipt of an order): the task spawned under
    ``source_key`` is done (``done``) or returned with ``note`` as the reason — whoever had claimed it —
    inside the caller's transaction, with its event and audit record under ``who`` (a system actor).
    No task, or one already closed: None."""
    task = Task.objects.select_for_update().filter(source_key=source_key, status__in=ACTIVE).first()
    if task is None:
        return None
    status = TaskStatus.DONE if done else TaskStatus.RETURNED
    fields = {"result_note": note} if done else {"return_reason": note}
    Task.objects.filter(pk=task.pk).update(status=status, closed_at=timezone.now(), **fields)
    task.refresh_from_db()
    TaskEvent.objects.create(
        task=task, what="done" if done else "return", who_id=who.id, who_name=_actor_name(who), note=note
    )
    record(
        who,
        "affairs.task.complete" if done else "affairs.task.return",
        obj=task,
        after={"kind": task.kind, **fields, "by": "system"},
    )
    return task
