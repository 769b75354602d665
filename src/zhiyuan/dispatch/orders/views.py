"""Pages of orders (交办、督办): the list with the figures by court and the form to issue one, and one
order with its history and the answer, reminder and closing forms."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.courts.models import Court
from zhiyuan.dispatch import rules
from zhiyuan.dispatch.models import Order, OrderStatus
from zhiyuan.dispatch.orders import selectors, services
from zhiyuan.dispatch.views import PAGE, _status_of, gate, parse_day, permissions
from zhiyuan.law.errors import LawError
from zhiyuan.problems import in_words


def _list_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    today = timezone.localdate()
    qs = selectors.visible(request.user)
    state = request.GET.get("status", "")
    if state in OrderStatus.values:
        qs = qs.filter(status=state)
    if request.GET.get("overdue") == "1":
        qs = qs.filter(selectors.overdue_q(today))
    court = (request.GET.get("court") or "").strip()[:16]
    if court:
        qs = qs.filter(to_court__code=court)
    mine: int | None = getattr(request.user, "court_id", None)
    context = {
        "orders": list(qs[:PAGE]),
        "total": qs.count(),
        "figures": selectors.figures(request.user, today),
        "statuses": OrderStatus.choices,
        "chosen": {"status": state, "court": court, "overdue": request.GET.get("overdue", "")},
        "may_issue": rules.DISPATCH in permissions(request),
        "courts": list(
            Court.objects.filter(pk__in=scope_of(request.user).court_ids)
            .exclude(pk=mine or 0)
            .order_by("code")
        ),
        "today": today,
        **extra,
    }
    return render(request, "dispatch/orders.html", context, status=status)


@require_http_methods(["GET", "POST"])
def order_list(request: HttpRequest) -> HttpResponse:
    """``/dispatch/orders/``: orders to or from the user's scope, figures by court, (POST) a new order."""
    if (g := gate(request)) is not None:
        return g
    if request.method == "GET":
        return _list_page(request)
    form = request.POST
    try:
        o = services.issue(
            request.user,
            to_court=form.get("to_court", ""),
            subject=form.get("subject", ""),
            details=form.get("details", ""),
            due=parse_day(form.get("due"), "due"),
            on=parse_day(form.get("on")),
            case_numbers=form.get("cases", "").split(),
            request=request,
        )
    except LawError as err:
        return _list_page(request, _status_of(err), error=in_words(err, code=True), form=form)
    return redirect(reverse("dispatch:order", args=[o.pk]))


def _order(request: HttpRequest, pk: int) -> Order:
    found = selectors.visible(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(gettext("交办事项不存在或不在您的权限范围内。"))
    return found


def _detail_page(request: HttpRequest, o: Order, status: int = 200, **extra: Any) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "o": o,
        "events": list(o.events.all()),
        "cases": [oc.case for oc in o.order_cases.select_related("case", "case__court")],
        "receiving": getattr(request.user, "court_id", None) == o.to_court_id
        and bool(rules.ANSWER & permissions(request)),
        "issuing": getattr(request.user, "court_id", None) == o.issuer_court_id
        and rules.DISPATCH in permissions(request),
        "overdue": o.status == OrderStatus.OPEN and o.due < today,
        **extra,
    }
    return render(request, "dispatch/order.html", context, status=status)


@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One order with its cases and history."""
    if (g := gate(request)) is not None:
        return g
    return _detail_page(request, _order(request, pk))


@require_POST
def order_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Answer (the receiving court), remind or close (the issuing court)."""
    if (g := gate(request)) is not None:
        return g
    if action not in ("answer", "remind", "close"):
        raise Http404
    o = _order(request, pk)
    text = request.POST.get("text", "")
    try:
        on = parse_day(request.POST.get("on"))
        if action == "answer":
            services.answer(request.user, o.pk, text, on, request)
        elif action == "remind":
            services.remind(request.user, o.pk, text, on, request)
        else:
            services.close(request.user, o.pk, text, on, request)
    except LawError as err:
        return _detail_page(request, _order(request, pk), _status_of(err), error=in_words(err, code=True))
    return redirect(reverse("dispatch:order", args=[o.pk]))
