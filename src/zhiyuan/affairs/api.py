"""The affairs center over HTTP: list the court's tasks (filtered, paginated), claim, complete, return and
release a task, start a batch and follow it. Errors are problem+json with stable codes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from zhiyuan.accounts.policy import authorize, authorize_any
from zhiyuan.affairs import batches, registry, selectors, services
from zhiyuan.affairs.models import Batch, Task
from zhiyuan.inputs.text import MULTI_LINE, NOTE_MAX, ONE_LINE
from zhiyuan.law.errors import LawError

router = Router(tags=["affairs"])
PAGE_MAX = 200


class TaskOut(Schema):
    id: int
    kind: str
    kind_name: str
    team: str
    case_number: str | None
    status: str
    due: dt.date | None
    overdue: bool
    claimed_by: str
    result_note: str
    return_reason: str
    created_at: dt.datetime
    closed_at: dt.datetime | None


class TaskPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[TaskOut]


class TaskFilters(Schema):
    team: Literal["", "service", "inquiry", "measures", "disposal", "funds", "documents"] = ""
    kind: Annotated[str, Field(max_length=48), ONE_LINE] = ""
    status: Literal["", "open", "claimed", "done", "returned", "cancelled"] = ""
    overdue: bool = False
    mine: bool = False
    case_number: Annotated[str, Field(max_length=64), ONE_LINE] = ""
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(50, ge=1, le=PAGE_MAX)


class NoteIn(Schema):
    note: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE] = ""


class ReasonIn(Schema):
    reason: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE]


class BatchIn(Schema):
    action: Annotated[str, Field(max_length=48), ONE_LINE]
    kind: Annotated[str, Field(max_length=48), ONE_LINE] = ""
    note: Annotated[str, Field(max_length=NOTE_MAX), MULTI_LINE] = ""
    days: int | None = Field(None, ge=1, le=365)
    ids: list[int] | None = Field(
        None, max_length=batches.MAX_ITEMS, description="only these of what the action selects"
    )


class BatchOut(Schema):
    id: int
    action: str
    status: str
    total: int
    done: int
    failed: int
    percent: int
    items: list[dict[str, Any]]


def _out(task: Task) -> dict[str, Any]:
    kind = registry.kind(task.kind)
    today = timezone.localdate()
    return {
        "id": task.pk,
        "kind": task.kind,
        "kind_name": kind.name_zh if kind else task.kind,
        "team": task.team,
        "case_number": task.case.case_number if task.case else None,
        "status": task.status,
        "due": task.due,
        "overdue": selectors.is_overdue(task, today),
        "claimed_by": task.claimed_by_name,
        "result_note": task.result_note,
        "return_reason": task.return_reason,
        "created_at": task.created_at,
        "closed_at": task.closed_at,
    }


def _task(request: HttpRequest, pk: int) -> Task:
    task = selectors.task_for(request.user, pk)
    if task is None:
        raise LawError("task_not_found", "任务不存在或不在您的权限范围内。", "No such task in your scope.")
    return task


@router.get(
    "/tasks",
    response=TaskPage,
    summary="本院事务任务 The court's tasks (affairs staff, officers, division heads)",
)
def list_tasks(request: HttpRequest, filters: Query[TaskFilters]) -> dict[str, Any]:
    authorize_any(request.user, {*services.WORKERS, services.REASSIGN}, request)
    qs = selectors.tasks(
        request.user,
        selectors.Filters(
            team=filters.team,
            kind=filters.kind,
            status=filters.status,
            overdue=filters.overdue,
            mine=filters.mine,
            case_number=filters.case_number,
        ),
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "count": qs.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "items": [_out(t) for t in qs[start : start + filters.page_size]],
    }


@router.post("/tasks/{task_id}/claim", response=TaskOut, summary="领取任务 Claim a task")
def claim(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _out(services.claim(request.user, _task(request, task_id), request))


@router.post("/tasks/{task_id}/release", response=TaskOut, summary="放回队列 Release a claimed task")
def release(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _out(services.release(request.user, _task(request, task_id), request))


@router.post("/tasks/{task_id}/complete", response=TaskOut, summary="办结任务 Complete a claimed task")
def complete(request: HttpRequest, task_id: int, body: NoteIn) -> dict[str, Any]:
    return _out(services.complete(request.user, _task(request, task_id), body.note, request))


@router.post(
    "/tasks/{task_id}/return", response=TaskOut, summary="退回任务（须说明理由） Return a task with a reason"
)
def return_task(request: HttpRequest, task_id: int, body: ReasonIn) -> dict[str, Any]:
    return _out(services.return_task(request.user, _task(request, task_id), body.reason, request))


def _batch_out(batch: Batch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "action": batch.action,
        "status": batch.status,
        "total": batch.total,
        "done": batch.done,
        "failed": batch.failed,
        "percent": batch.percent,
        "items": [
            {"target_id": i.target_id, "label": i.label, "status": i.status, "message": i.message}
            for i in selectors.items(batch)
        ],
    }


@router.post("/batches", response=BatchOut, summary="发起批量处理 Start a batch (affairs:batch)")
def start_batch(request: HttpRequest, body: BatchIn) -> dict[str, Any]:
    params = body.dict(include={"kind", "note", "days"})
    action = registry.batch_action(body.action)
    if action is not None:
        params = {k: v for k, v in params.items() if k in action.fields}
    batch = batches.start_batch(request.user, body.action, params, body.ids, request)
    batch.refresh_from_db()
    return _batch_out(batch)


@router.get(
    "/batches/{batch_id}", response=BatchOut, summary="批量处理进度与逐项结果 A batch's progress and items"
)
def batch_status(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    authorize(request.user, "affairs:batch", request)
    batch = selectors.batch_for(request.user, batch_id)
    if batch is None:
        raise LawError(
            "batch_not_found", "批量处理不存在或不在您的权限范围内。", "No such batch in your scope."
        )
    return _batch_out(batch)
