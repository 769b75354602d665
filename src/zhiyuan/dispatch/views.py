"""Pages of dispatch between courts: the list with figures by court and the forms to dispatch a case or
start a cross-court batch, one dispatch with its history and the receiving court's answers, a batch's
per-case results, and the section on a case's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.affairs import batches as affairs_batches
from zhiyuan.affairs import selectors as affairs_selectors
from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.dispatch import batch, rules, selectors, services
from zhiyuan.dispatch.models import Dispatch, DispatchStatus, Kind
from zhiyuan.dispatch.orders import selectors as order_selectors
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import english, in_words

VIEW = frozenset({"case:view"})
PAGE = 100


def permissions(request: HttpRequest) -> frozenset[str]:
    """The signed-in user's permissions (set by the accounts middleware)."""
    return frozenset(getattr(request, "permissions", frozenset()))


def gate(request: HttpRequest, needed: frozenset[str] = VIEW) -> HttpResponse | None:
    """A sign-in page for the anonymous, a refusal for a person without ``needed`` or without a court."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    if not needed & permissions(request) or not scope_of(request.user).court_ids:
        page = {"status": 403, "error": gettext("您的角色不能使用调度与督办。")}
        return render(request, "zhiyuan/error.html", page, status=403)
    return None


def parse_day(raw: str | None, field: str = "on") -> dt.date:
    """A date from a form (default today); ``date_invalid`` otherwise."""
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise LawError(
            "date_invalid",
            f"日期“{field}”应为 YYYY-MM-DD 格式。",
            f"Date '{field}' must be YYYY-MM-DD.",
            field=field,
        ) from exc


def _status_of(err: LawError) -> int:
    if isinstance(err, Denied):
        return 403
    return 409 if err.code in ("concurrent_change", "dispatch_active") else 400


def _courts_below(request: HttpRequest) -> list[Court]:
    return list(Court.objects.filter(pk__in=scope_of(request.user).court_ids).order_by("code"))


def _list_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    qs = selectors.visible(request.user)
    state = request.GET.get("status", "")
    if state in DispatchStatus.values:
        qs = qs.filter(status=state)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    number = (request.GET.get("case") or "").strip()[:64]
    if number:
        qs = qs.filter(case__case_number=number) | qs.filter(linked_case__case_number=number)
    today = timezone.localdate()
    courts = _courts_below(request)
    figures = selectors.figures([c.pk for c in courts], today)
    rows = [(c, figures[c.pk]) for c in courts if any(figures[c.pk].values())]
    may_send = bool({rules.DISPATCH, "enforcement:handle"} & permissions(request))
    context = {
        "dispatches": list(qs[:PAGE]),
        "total": qs.count(),
        "figures": rows,
        "kinds": Kind.choices,
        "statuses": DispatchStatus.choices,
        "chosen": {"status": state, "kind": kind, "case": number},
        "may_send": may_send,
        "may_cross": rules.DISPATCH in permissions(request),
        "courts": courts,
        "today": today,
        "overdue_ids": set(qs.filter(selectors.overdue_q(today)).values_list("pk", flat=True)[:PAGE]),
        **extra,
    }
    return render(request, "dispatch/list.html", context, status=status)


@require_http_methods(["GET", "POST"])
def dispatch_list(request: HttpRequest) -> HttpResponse:
    """``/dispatch/``: dispatches of the user's scope, figures by court, and (POST) a new dispatch."""
    if (g := gate(request)) is not None:
        return g
    if request.method == "GET":
        return _list_page(request)
    form = request.POST
    try:
        d = services.send(
            request.user,
            case_number=form.get("case_number", ""),
            kind=form.get("kind", ""),
            to_court=form.get("to_court", ""),
            reason=form.get("reason", ""),
            on=parse_day(form.get("on")),
            request=request,
        )
    except LawError as err:
        return _list_page(request, _status_of(err), error=in_words(err, code=True), form=form)
    return redirect(reverse("dispatch:detail", args=[d.pk]))


@require_POST
def cross_batch(request: HttpRequest) -> HttpResponse:
    """Start a cross-court batch (交叉执行) over the long-pending cases of one court."""
    if (g := gate(request, frozenset({rules.DISPATCH}))) is not None:
        return g
    raw = {k: request.POST.get(k, "") for k in ("from_court", "to_court", "note")}
    try:
        started = affairs_batches.start_batch(request.user, batch.CROSS, raw, None, request)
    except LawError as err:
        return _list_page(request, _status_of(err), error=in_words(err, code=True), cross=raw)
    return redirect(reverse("dispatch:batch", args=[started.pk]))


@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A cross-court batch: its progress and each case's result."""
    if (g := gate(request)) is not None:
        return g
    found = affairs_selectors.batch_for(request.user, pk)
    if found is None or found.action != batch.CROSS:
        raise Http404(gettext("批量操作不存在或不在您的权限范围内。"))
    items = [
        (item, item.message.split("\n")[1 if english() and "\n" in item.message else 0])
        for item in affairs_selectors.items(found)
    ]
    return render(request, "dispatch/batch.html", {"batch": found, "items": items})


def _dispatch(request: HttpRequest, pk: int) -> Dispatch:
    found = selectors.visible(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(gettext("调度记录不存在或不在您的权限范围内。"))
    return found


def _detail_page(request: HttpRequest, d: Dispatch, status: int = 200, **extra: Any) -> HttpResponse:
    receiving = getattr(request.user, "court_id", None) == d.to_court_id and bool(
        rules.ANSWER & permissions(request)
    )
    context = {
        "d": d,
        "events": list(d.events.all()),
        "receiving": receiving,
        "today": timezone.localdate(),
        "overdue": selectors.visible(request.user)
        .filter(pk=d.pk)
        .filter(selectors.overdue_q(timezone.localdate()))
        .exists(),
        **extra,
    }
    return render(request, "dispatch/detail.html", context, status=status)


@require_GET
def dispatch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One dispatch: both cases, the deadlines, the history, and the receiving court's forms."""
    if (g := gate(request)) is not None:
        return g
    return _detail_page(request, _dispatch(request, pk))


ANSWERS = {"accept", "return", "report", "close"}


@require_POST
def dispatch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The receiving court accepts, returns, reports on or closes a dispatch."""
    if (g := gate(request)) is not None:
        return g
    if action not in ANSWERS:
        raise Http404
    d = _dispatch(request, pk)
    text = request.POST.get("text", "")
    try:
        on = parse_day(request.POST.get("on"))
        if action == "accept":
            services.accept(request.user, d.pk, on, request)
        elif action == "return":
            services.return_(request.user, d.pk, text, on, request)
        elif action == "report":
            services.report(request.user, d.pk, text, on, request)
        else:
            services.close(request.user, d.pk, text, on, request)
    except LawError as err:
        d.refresh_from_db()
        return _detail_page(request, d, _status_of(err), error=in_words(err, code=True))
    return redirect(reverse("dispatch:detail", args=[d.pk]))


def case_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's dispatches (moved out or filed in) and the orders naming it."""
    if "case:view" not in permissions(request):
        return None
    moved = list(selectors.of_case(case))
    ordered = list(order_selectors.of_case(case))
    if not moved and not ordered:
        return None
    return SafeString(
        render_to_string(
            "dispatch/_case.html", {"dispatches": moved, "orders": ordered, "case": case}, request=request
        )
    )
