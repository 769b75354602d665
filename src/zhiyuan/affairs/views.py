"""The affairs center's pages: the court's queues (``/affairs/``), a task with who did what and its forms,
batches (choose, preview, start, follow the progress bar, read each item's result), the dead letters;
and the tasks section of a case's page. Refusals and bad input are shown on the page in words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.affairs import batches as batch_services
from zhiyuan.affairs import jobs, registry, selectors, services
from zhiyuan.affairs.forms import BatchForm, CompleteForm, FilterForm, ResubmitForm, ReturnForm
from zhiyuan.affairs.models import Batch, BatchStatus, Job, Task, TaskStatus
from zhiyuan.cases.models import Case
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import english, in_words

PAGE_SIZE = 50
#: who may open the queue page: affairs staff, officers, and those who reassign
QUEUE_PERMISSIONS = frozenset({*services.WORKERS, services.REASSIGN})
BATCH_PERMISSION = "affairs:batch"
EVENT_WORDS = {
    "spawn": "建立",
    "claim": "领取",
    "release": "退回队列",
    "done": "完成",
    "return": "退回",
    "cancel": "撤销",
    "resubmit": "重新提交",
    "acknowledge": "承办人已知悉",
}


def _permissions(request: HttpRequest) -> frozenset[str]:
    return frozenset(getattr(request, "permissions", frozenset()))


def _refused(request: HttpRequest, message: str = "") -> HttpResponse:
    page = {"status": 403, "error": message or gettext("您的角色不能使用执行事务中心。")}
    return render(request, "zhiyuan/error.html", page, status=403)


def _gate(request: HttpRequest, needed: frozenset[str]) -> HttpResponse | None:
    """A sign-in page for the anonymous, a refusal for a person holding none of ``needed``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    if not needed & _permissions(request):
        return _refused(request)
    return None


def kind_name(code: str) -> str:
    """A task kind's name in the current language (its code when no app declares it any more)."""
    kind = registry.kind(code)
    return kind.name if kind else code


def team_name(code: str) -> str:
    """A team's name in the current language."""
    team = registry.TEAMS.get(code)
    return team.name if team else code


def _row(task: Task, user: Any, request: HttpRequest, today: Any) -> dict[str, Any]:
    works = services.may_work(user, task, request)
    return {
        "task": task,
        "kind": kind_name(task.kind),
        "team": team_name(task.team),
        "overdue": selectors.is_overdue(task, today),
        "can_claim": works and task.status == TaskStatus.OPEN,
        "mine": task.status == TaskStatus.CLAIMED and task.claimed_by_id == user.pk,
        "answers": services.may_answer(user, task, request),
    }


# ------------------------------------------------------------------------------------------- queue


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """``/affairs/``: the court's queues with their counts, the filtered list, the claim buttons."""
    if (gate := _gate(request, QUEUE_PERMISSIONS)) is not None:
        return gate
    form = FilterForm(request.GET or None)
    filters = selectors.Filters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = selectors.Filters(
                team=data["team"] or "",
                kind=data["kind"] or "",
                status=data["status"] or "",
                overdue=bool(data["overdue"]),
                mine=bool(data["mine"]),
            )
        else:
            status = 400
    page = Paginator(selectors.tasks(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "affairs/queue.html",
        {
            "counts": selectors.queue_counts(request.user),
            "form": form,
            "page": page,
            "rows": [_row(t, request.user, request, today) for t in page.object_list],
            "query": query.urlencode(),
            "may_batch": BATCH_PERMISSION in _permissions(request),
            "error": gettext("筛选条件有误，请更正。") if status == 400 else "",
        },
        status=status,
    )


def _task(request: HttpRequest, pk: int) -> Task:
    task = selectors.task_for(request.user, pk)
    if task is None:
        raise Http404(gettext("任务不存在或不在您的权限范围内。"))
    return task


def _task_page(
    request: HttpRequest, task: Task, status: int = 200, error: str = "", **forms_in: Any
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "affairs/task.html",
        {
            "row": _row(task, request.user, request, today),
            "task": task,
            "events": [(e, gettext(EVENT_WORDS.get(e.what, e.what))) for e in selectors.events(task)],
            "complete_form": forms_in.get("complete_form") or CompleteForm(),
            "return_form": forms_in.get("return_form") or ReturnForm(),
            "resubmit_form": forms_in.get("resubmit_form") or ResubmitForm(),
            "error": error,
        },
        status=status,
    )


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task: what, for which case, by when, who did what; the claimer's forms."""
    if (gate := _gate(request, QUEUE_PERMISSIONS | {"case:view"})) is not None:
        return gate
    return _task_page(request, _task(request, pk))


def _back(request: HttpRequest, task: Task) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/affairs/") and "//" not in target:
        return redirect(target)
    return redirect(reverse("affairs:task", args=[task.pk]))


@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Claim, release, complete or return a task; resubmit or acknowledge a returned one (the case's
    handler); a refusal or bad input shows on the task's page."""
    if (gate := _gate(request, QUEUE_PERMISSIONS)) is not None:
        return gate
    task = _task(request, pk)
    forms_in: dict[str, Any] = {}
    try:
        if action == "claim":
            services.claim(request.user, task, request)
        elif action == "release":
            services.release(request.user, task, request)
        elif action == "complete":
            done_form = CompleteForm(request.POST)
            forms_in["complete_form"] = done_form
            if not done_form.is_valid():
                return _task_page(request, task, 400, gettext("请更正办理结果。"), **forms_in)
            services.complete(request.user, task, done_form.cleaned_data["note"], request)
        elif action == "return":
            back_form = ReturnForm(request.POST)
            forms_in["return_form"] = back_form
            if not back_form.is_valid():
                return _task_page(request, task, 400, gettext("退回任务须说明理由。"), **forms_in)
            services.return_task(request.user, task, back_form.cleaned_data["reason"], request)
        elif action == "resubmit":
            again_form = ResubmitForm(request.POST)
            forms_in["resubmit_form"] = again_form
            if not again_form.is_valid():
                return _task_page(request, task, 400, gettext("重新提交须说明已补正的内容。"), **forms_in)
            services.resubmit(request.user, task, again_form.cleaned_data["note"], request)
        elif action == "acknowledge":
            services.acknowledge(request.user, task, request)
            return redirect(reverse("home"))
        else:
            raise Http404
    except Denied as err:
        return _task_page(request, task, 403, in_words(err), **forms_in)
    except LawError as err:
        return _task_page(
            request, task, 409 if err.code.startswith("task_") else 400, in_words(err), **forms_in
        )
    return _back(request, task)


# ------------------------------------------------------------------------------------------- case page


def case_page_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's tasks in the affairs center, for court staff who see the case."""
    if "case:view" not in _permissions(request):
        return None
    found = list(selectors.case_tasks(case))
    if not found and case.type_code not in ENFORCEMENT_ACTION:
        return None
    today = timezone.localdate()
    rows = [_row(t, request.user, request, today) for t in found]
    return SafeString(
        render_to_string("affairs/_case_tasks.html", {"rows": rows, "case": case}, request=request)
    )


# ------------------------------------------------------------------------------------------- batches


def _action_name(code: str) -> str:
    action = registry.batch_action(code)
    return action.name if action else code


def _batch_form(request: HttpRequest, data: Any) -> BatchForm:
    """The batch form offering only the actions whose permission the user holds."""
    form = BatchForm(data)
    field = form.fields["action"]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [(a.code, a.name) for a in batch_services.actions_for(_permissions(request))]
    return form


def _batch_page(request: HttpRequest, form: BatchForm, status: int = 200, **extra: Any) -> HttpResponse:
    return render(
        request,
        "affairs/batches.html",
        {
            "form": form,
            "actions": batch_services.actions_for(_permissions(request)),
            "batches": [(b, _action_name(b.action)) for b in selectors.batches(request.user)[:20]],
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    """Batches: choose an action and its inputs, preview what it selects, start it; the recent ones."""
    if (gate := _gate(request, frozenset({BATCH_PERMISSION}))) is not None:
        return gate
    data = request.POST if request.method == "POST" else (request.GET if "action" in request.GET else None)
    form = _batch_form(request, data)
    if form.is_bound and not form.is_valid():
        return _batch_page(request, form, 400, error=gettext("请更正标出的内容。"))
    if not form.is_bound:
        return _batch_page(request, form)
    code = form.cleaned_data["action"]
    try:
        if request.method == "POST":
            ids = (
                [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
                if "selected" in request.POST
                else None
            )
            batch = batch_services.start_batch(request.user, code, form.params(), ids, request)
            return redirect(reverse("affairs:batch", args=[batch.pk]))
        shown = batch_services.preview(request.user, code, form.params(), request)
    except Denied as err:
        return _batch_page(request, form, 403, error=in_words(err))
    except LawError as err:
        return _batch_page(request, form, 400, error=in_words(err))
    return _batch_page(request, form, preview=shown)


def _batch(request: HttpRequest, pk: int) -> Batch:
    batch = selectors.batch_for(request.user, pk)
    if batch is None:
        raise Http404(gettext("批量操作不存在或不在您的权限范围内。"))
    return batch


def _batch_context(batch: Batch) -> dict[str, Any]:
    return {
        "batch": batch,
        "action_name": _action_name(batch.action),
        "running": batch.status != BatchStatus.DONE,
        "items": [
            (item, item.message.split("\n")[1 if english() and "\n" in item.message else 0])
            for item in selectors.items(batch)
        ],
    }


@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: its progress bar (refreshed while it runs) and each item's result."""
    if (gate := _gate(request, frozenset({BATCH_PERMISSION}))) is not None:
        return gate
    return render(request, "affairs/batch.html", _batch_context(_batch(request, pk)))


@require_GET
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress as JSON (``?format=json``) or as the page's progress fragment (htmx polls it)."""
    if (gate := _gate(request, frozenset({BATCH_PERMISSION}))) is not None:
        return gate
    batch = _batch(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "id": batch.pk,
                "status": batch.status,
                "total": batch.total,
                "done": batch.done,
                "failed": batch.failed,
                "percent": batch.percent,
            }
        )
    return render(request, "affairs/_progress.html", _batch_context(batch))


# ------------------------------------------------------------------------------------------- dead letters


@require_GET
def dead_letters(request: HttpRequest) -> HttpResponse:
    """Jobs that failed their last attempt, with the error and a retry button."""
    if (gate := _gate(request, frozenset({BATCH_PERMISSION}))) is not None:
        return gate
    return render(request, "affairs/dead_letters.html", {"jobs": jobs.dead_letters(request.user)[:200]})


@require_POST
def retry_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a dead letter back to the queue."""
    if (gate := _gate(request, frozenset({BATCH_PERMISSION}))) is not None:
        return gate
    job = jobs.dead_letters(request.user).filter(pk=pk).first() or Job.objects.filter(pk=pk).first()
    if job is None:
        raise Http404
    try:
        jobs.retry(request.user, job, request)
    except LawError as err:
        page = {"jobs": jobs.dead_letters(request.user)[:200], "error": in_words(err)}
        return render(
            request, "affairs/dead_letters.html", page, status=403 if isinstance(err, Denied) else 409
        )
    return redirect(reverse("affairs:dead_letters"))
