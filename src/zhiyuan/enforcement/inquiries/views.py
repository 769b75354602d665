"""The network section on an enforcement case's page (``cases.page_sections``) and its own page, where
the officer asks, orders, starts and stops repeated freezes and standing re-queries. A refusal or a bad
value shows on the network page in words; with no network configured the section says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.inquiries import requery, selectors, services, teimosinha
from zhiyuan.enforcement.inquiries.forms import AskForm, OrderForm, RepeatedFreezeForm, RequeryForm
from zhiyuan.enforcement.models import RepeatedFreeze, StandingRequery, StandingState
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import english as in_english


def _debtors(case: Case) -> list[tuple[int, str]]:
    return [(p.pk, p.name) for p in services.debtors(case)]


def _context(request: HttpRequest, case: Case, **given: forms.Form) -> dict[str, Any]:
    english = in_english()
    rfs = selectors.repeated_freezes(case)
    return {
        "case": case,
        "configured": services.configured(),
        "asks": services.may(request.user, case, services.INQUIRY_PERMISSION, request),
        "orders_allowed": services.may(request.user, case, services.MEASURE_PERMISSION, request),
        "inquiries": selectors.inquiries(case, english),
        "orders": selectors.orders(case),
        "repeated_freezes": rfs,
        "requeries": selectors.standing_requeries(case),
        "active": StandingState.ACTIVE,
        "ask_form": given.get("ask_form") or AskForm(debtors=_debtors(case)),
        "order_form": given.get("order_form") or OrderForm(),
        "freeze_form": given.get("freeze_form")
        or RepeatedFreezeForm(initial={"days": teimosinha.default_days(), "dependants": 0}),
        "requery_form": given.get("requery_form") or RequeryForm(),
        "requery_source": requery.parameters()[2],
        "exempt": [selectors.class_name(c, english) for c in sorted(teimosinha.exempt_classes())],
    }


def case_page_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's inquiries, orders, repeated freezes and re-queries."""
    if case.type_code not in ENFORCEMENT_ACTION:
        return None
    if not readers.may_read(request.user, request):
        return None
    html = render_to_string("enforcement/network/_section.html", _context(request, case), request=request)
    return SafeString(html)


def _case(request: HttpRequest, number: str) -> Case:
    if not readers.may_read(request.user, request):
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in ENFORCEMENT_ACTION:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


def _page(request: HttpRequest, case: Case, status: int = 200, error: str = "", **given: Any) -> HttpResponse:
    context = _context(request, case, **given)
    context["error"] = error
    return render(request, "enforcement/network/page.html", context, status=status)


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), "accounts:login")


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.case_number]) + "#network")


@require_GET
def network_page(request: HttpRequest, number: str) -> HttpResponse:
    """``/enforcement/cases/<number>/network/``: the case's network work with the officer's forms."""
    if (login := _signed_in(request)) is not None:
        return login
    return _page(request, _case(request, number))


def _act(
    request: HttpRequest,
    number: str,
    form_name: str,
    form: forms.Form,
    act: Callable[[Case, dict[str, Any]], object],
) -> HttpResponse:
    """Validate ``form``, run ``act``; a bad value (400) or a refusal (403) shows on the network page."""
    if (login := _signed_in(request)) is not None:
        return login
    case = _case(request, number)
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), **{form_name: form})
    try:
        act(case, form.cleaned_data)
    except Denied as err:
        return _page(
            request, case, 403, err.message_en if in_english() else err.message_zh, **{form_name: form}
        )
    except LawError as err:
        return _page(
            request, case, 400, err.message_en if in_english() else err.message_zh, **{form_name: form}
        )
    return _back(case)


@require_POST
def ask(request: HttpRequest, number: str) -> HttpResponse:
    """The officer asks the network."""
    case = _case(request, number) if request.user.is_authenticated else None
    form = AskForm(request.POST, debtors=_debtors(case) if case else [])
    return _act(
        request,
        number,
        "ask_form",
        form,
        lambda c, d: services.ask(request.user, c, d["classes"], d.get("debtor"), request),
    )


@require_POST
def order(request: HttpRequest, number: str) -> HttpResponse:
    """The officer sends an order on an asset found."""
    return _act(
        request,
        number,
        "order_form",
        OrderForm(request.POST),
        lambda c, d: services.send_order(
            request.user, c, d["kind"], d["result"], d["amount"], d["document_number"], request
        ),
    )


@require_POST
def start_freeze(request: HttpRequest, number: str) -> HttpResponse:
    """The officer starts a repeated freeze."""
    return _act(
        request,
        number,
        "freeze_form",
        RepeatedFreezeForm(request.POST),
        lambda c, d: teimosinha.start(
            request.user,
            c,
            d["amount_due"],
            d["document_number"],
            d.get("days"),
            d.get("dependants") or 0,
            request=request,
        ),
    )


@require_POST
def stop_freeze(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """The officer presses stop."""

    def act(case: Case, _data: dict[str, Any]) -> object:
        rf = RepeatedFreeze.objects.filter(pk=pk, case=case).first()
        if rf is None:
            raise Http404
        return teimosinha.stop(request.user, rf, request)

    return _act(request, number, "freeze_form", forms.Form(request.POST), act)


@require_POST
def start_requery(request: HttpRequest, number: str) -> HttpResponse:
    """The officer sets a standing re-query."""
    return _act(
        request,
        number,
        "requery_form",
        RequeryForm(request.POST),
        lambda c, d: requery.start(request.user, c, d["starts_on"], request=request),
    )


@require_POST
def stop_requery(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """The officer stops a standing re-query."""

    def act(case: Case, _data: dict[str, Any]) -> object:
        sr = StandingRequery.objects.filter(pk=pk, case=case).first()
        if sr is None:
            raise Http404
        return requery.stop(request.user, sr, request)

    return _act(request, number, "requery_form", forms.Form(request.POST), act)
