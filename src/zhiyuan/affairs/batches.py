"""Batches: one batch action (``affairs.registry.BatchAction``) over many tasks or cases of a court, run
by the durable job runner in chunks.

Starting a batch writes the batch, one item per task or case and the first chunk's job in one
transaction. The job runs up to :data:`CHUNK` pending items, each in its own transaction — the item's
work, its result and the batch's counts commit together, or the item fails with its reason and nothing
of its work is kept — then enqueues the next chunk. An interrupted chunk is retried by the runner and
skips the items already finished, so a batch is never half-done and no item is done twice."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.affairs import jobs, registry
from zhiyuan.affairs.models import Batch, BatchItem, BatchStatus, ItemStatus, Task, TaskStatus
from zhiyuan.affairs.registry import CASE, TASK, BatchAction
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Case
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law.errors import LawError

logger = logging.getLogger("zhiyuan.affairs")

#: items one job runs before it hands the rest to the next chunk's job
CHUNK = 50
#: the most items one batch may hold
MAX_ITEMS = 5000
HANDLER = "affairs.batch"
PREVIEW = 20


def _action(code: str) -> BatchAction:
    action = registry.batch_action(code)
    if action is None:
        raise LawError("unknown_batch_action", f"未知的批量操作“{code}”。", f"Unknown batch action '{code}'.")
    return action


def actions_for(permissions: frozenset[str]) -> list[BatchAction]:
    """The batch actions whose permission is among ``permissions`` (what the batch page offers)."""
    return [a for a in registry.batch_actions() if a.permission in permissions]


def labels(target: str, ids: Sequence[int]) -> dict[int, str]:
    """What each task or case is called on the pages (case number · kind for a task)."""
    if target == CASE:
        return dict(Case.objects.filter(pk__in=ids).values_list("pk", "case_number"))
    out: dict[int, str] = {}
    for pk, kind_code, number in Task.objects.filter(pk__in=ids).values_list(
        "pk", "kind", "case__case_number"
    ):
        kind = registry.kind(kind_code)
        name = kind.name if kind else kind_code
        out[pk] = f"{number} · {name}" if number else f"{name} #{pk}"
    return out


def _court_of(user: Any, action: BatchAction, request: Any) -> int:
    authorize(user, action.permission, request)
    court_id: int | None = getattr(user, "court_id", None)
    if court_id is None:
        raise refuse(
            user,
            "batch_needs_court",
            "批量操作只对本院的事务进行，您的账号不属于任何法院。",
            "A batch works on one court's affairs; your account belongs to no court.",
            request,
        )
    return court_id


def preview(user: Any, code: str, raw: Mapping[str, Any], request: Any = None) -> dict[str, Any]:
    """What starting the batch would do now: its cleaned parameters, how many items, the first ones."""
    action = _action(code)
    court_id = _court_of(user, action, request)
    params = action.clean(raw)
    ids = list(action.select(court_id, params))
    shown = ids[:PREVIEW]
    names = labels(action.target, shown)
    return {
        "action": action,
        "params": params,
        "count": len(ids),
        "items": [(i, names.get(i, str(i))) for i in shown],
    }


def start_batch(
    user: Any, code: str, raw: Mapping[str, Any], ids: Sequence[int] | None = None, request: Any = None
) -> Batch:
    """Start the batch action ``code`` with the parameters ``raw`` over what it selects at the user's
    court (only ``ids`` among them when given: the staff member's selection). One transaction: the batch,
    its items, its first job and the audit record."""
    action = _action(code)
    court_id = _court_of(user, action, request)
    params = action.clean(raw)
    targets = list(dict.fromkeys(action.select(court_id, params)))
    if ids is not None:
        chosen = set(ids)
        targets = [t for t in targets if t in chosen]
    if not targets:
        raise LawError(
            "batch_empty", "没有符合条件的事项，未发起批量操作。", "Nothing matches; no batch was started."
        )
    if len(targets) > MAX_ITEMS:
        raise LawError(
            "batch_too_large",
            f"一次批量操作最多 {MAX_ITEMS} 项，本次 {len(targets)} 项，请缩小范围。",
            f"A batch holds at most {MAX_ITEMS} items, not {len(targets)}; narrow it down.",
        )
    names = labels(action.target, targets)
    who = actor_of(user, request)
    from zhiyuan.cases.selectors import person_names

    with transaction.atomic():
        batch = Batch.objects.create(
            action=code,
            court_id=court_id,
            requested_by_id=user.pk,
            requested_by_name=person_names([user.pk]).get(user.pk) or user.get_username(),
            params=params,
            total=len(targets),
        )
        BatchItem.objects.bulk_create(
            [
                BatchItem(batch=batch, position=n, target_id=t, label=names.get(t, str(t))[:120])
                for n, t in enumerate(targets)
            ],
            batch_size=500,
        )
        record(
            who,
            "affairs.batch.start",
            obj=batch,
            after={"action": code, "params": params, "total": len(targets)},
        )
        jobs.enqueue(
            HANDLER, key=f"batch:{batch.pk}:0", args={"batch_id": batch.pk, "chunk": 0}, court_id=court_id
        )
    return batch


def _fail_item(batch_id: int, item_id: int, code: str, zh: str, en: str) -> None:
    with transaction.atomic():
        changed = BatchItem.objects.filter(pk=item_id, status=ItemStatus.PENDING).update(
            status=ItemStatus.FAILED, message=f"{zh}\n{en}", finished_at=timezone.now()
        )
        if changed:
            Batch.objects.filter(pk=batch_id).update(failed=F("failed") + 1)


def _run_item(batch: Batch, action: BatchAction, item_id: int, user: Any, who: Actor) -> None:
    try:
        with transaction.atomic():
            item = BatchItem.objects.select_for_update().get(pk=item_id)
            if item.status != ItemStatus.PENDING:
                return  # finished by an earlier, interrupted run of this chunk
            note = action.run_one(item.target_id, batch.params, user, who) or ""
            BatchItem.objects.filter(pk=item_id).update(
                status=ItemStatus.DONE, message=note[:1000], finished_at=timezone.now()
            )
            Batch.objects.filter(pk=batch.pk).update(done=F("done") + 1)
    except LawError as err:
        _fail_item(batch.pk, item_id, err.code, err.message_zh, err.message_en)
    except Exception:  # an unexpected error fails its item only; the traceback goes to the log
        logger.exception("batch %s item %s failed", batch.pk, item_id)
        _fail_item(
            batch.pk,
            item_id,
            "internal_error",
            "处理时发生内部错误，已记录。",
            "Internal error; it was logged.",
        )


def run_chunk(batch_id: int, chunk: int = 0) -> str:
    """The job handler: run the next :data:`CHUNK` pending items of the batch, then hand on."""
    batch = Batch.objects.get(pk=batch_id)
    if batch.status == BatchStatus.DONE:
        return f"batch {batch_id} already finished"
    Batch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(status=BatchStatus.RUNNING)
    action = _action(batch.action)
    user = get_user_model().objects.get(pk=batch.requested_by_id)
    who = actor_of(user)
    pending = list(
        BatchItem.objects.filter(batch_id=batch_id, status=ItemStatus.PENDING)
        .order_by("position")
        .values_list("pk", flat=True)[:CHUNK]
    )
    for item_id in pending:
        _run_item(batch, action, item_id, user, who)
    if BatchItem.objects.filter(batch_id=batch_id, status=ItemStatus.PENDING).exists():
        jobs.enqueue(
            HANDLER,
            key=f"batch:{batch_id}:{chunk + 1}",
            args={"batch_id": batch_id, "chunk": chunk + 1},
            court_id=batch.court_id,
        )
        return f"batch {batch_id}: chunk {chunk} ran {len(pending)} items"
    with transaction.atomic():
        finished = (
            Batch.objects.filter(pk=batch_id)
            .exclude(status=BatchStatus.DONE)
            .update(status=BatchStatus.DONE, finished_at=timezone.now())
        )
        if finished:
            batch.refresh_from_db()
            record(who, "affairs.batch.finish", obj=batch, after={"done": batch.done, "failed": batch.failed})
    return f"batch {batch_id} finished"


# ------------------------------------------------------------------------------------------- built in

COMPLETE_TASKS = "affairs.complete_tasks"
#: an item's note: Chinese, a line break, English (the pages show the reader's language)
DONE_NOTE = "已办结\nCompleted"


def _clean_complete(raw: Mapping[str, Any]) -> dict[str, Any]:
    code = str(raw.get("kind") or "")
    if registry.kind(code) is None:
        raise LawError("unknown_task_kind", "请选择任务类型。", "Choose a task kind.", field="kind")
    note = check_text(str(raw.get("note") or ""), field="note", max_length=NOTE_MAX, multiline=True).strip()
    if not note:
        raise LawError(
            "batch_note_required",
            "请填写统一的办理结果说明。",
            "Enter the common note on the result.",
            field="note",
        )
    return {"kind": code, "note": note}


def _select_open(court_id: int, params: Mapping[str, Any]) -> list[int]:
    return list(
        Task.objects.filter(
            court_id=court_id, kind=params["kind"], status__in=(TaskStatus.OPEN, TaskStatus.CLAIMED)
        )
        .order_by("due", "pk")
        .values_list("pk", flat=True)
    )


def _complete_one(task_id: int, params: Mapping[str, Any], user: Any, who: Actor) -> str:
    from zhiyuan.affairs import services

    task = Task.objects.get(pk=task_id)
    if task.status == TaskStatus.DONE and task.claimed_by_id == user.pk:
        return DONE_NOTE  # done by an earlier, interrupted run
    services.claim_and_complete(user, task, params["note"])
    return DONE_NOTE


def register_builtin() -> None:
    """The batch action and the job handler the center itself provides."""
    jobs.register_handler(HANDLER, run_chunk)
    registry.register_batch_action(
        BatchAction(
            COMPLETE_TASKS,
            "统一办结同类任务",
            "Complete tasks of one kind with a common note",
            TASK,
            select=_select_open,
            run_one=_complete_one,
            clean=_clean_complete,
            fields=("kind", "note"),
            description_zh="领取并办结本院所选类型的待办任务（含本人已领取的），附统一的办理结果说明；他人已领取的任务不处理并列明原因。",
            description_en="Claims and completes the court's waiting tasks of the chosen kind (including those you "
            "claimed) with one note on the result; tasks someone else claimed are left, with the reason.",
        )
    )
