"""``/funds/<case>/schemes/``: the case's distribution schemes (分配方案) — make one from the rule, serve it,
record an objection, confirm it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.funds import scheme, selectors
from zhiyuan.funds.models_scheme import Scheme
from zhiyuan.funds.scheme_forms import ConfirmForm, ObjectionForm, SchemeForm, SchemeServeForm
from zhiyuan.funds.views import _case, _refused
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words


def _parties(case: Case) -> list[tuple[int, str]]:
    own = [(link.party_id, link.display_name) for link in CaseParty.objects.filter(case=case)]
    return list(dict([*scheme.candidates(case), *own]).items())


def _page(
    request: HttpRequest, case: Case, status: int = 200, error: str = "", **bound: forms.Form
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "case": case,
        "schemes": scheme.of_case(case),
        "disburses": "funds:disburse" in permissions_for(request.user, request),
        "make_form": bound.get("make_form")
        or SchemeForm(creditors=scheme.candidates(case), initial={"on": today}),
        "serve_form": SchemeServeForm(initial={"on": today}, auto_id=False),
        "objection_form": ObjectionForm(parties=_parties(case), initial={"on": today}, auto_id=False),
        "confirm_form": ConfirmForm(initial={"on": today}, auto_id=False),
        "error": error,
    }
    return render(request, "funds/schemes.html", context, status=status)


@require_http_methods(["GET", "POST"])
def schemes(request: HttpRequest, number: str) -> HttpResponse:
    """The case's schemes; POST makes one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    case = _case(request, number)
    try:
        authorize_any(request.user, selectors.READERS, request, obj=case)
    except Denied as err:
        return _refused(request, err)
    if request.method == "GET":
        return _page(request, case)
    form = SchemeForm(request.POST, creditors=scheme.candidates(case))
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), make_form=form)
    d = form.cleaned_data
    return _run(
        request,
        case,
        lambda: scheme.make(
            request.user,
            case,
            proceeds=d["proceeds"],
            costs=d["costs"] or 0,
            creditors=d["creditors"],
            on=d["on"],
            request=request,
        ),
        form,
    )


def _run(
    request: HttpRequest, case: Case, act: Callable[[], Any], form: forms.Form | None = None
) -> HttpResponse:
    try:
        act()
    except Denied as err:
        return _page(request, case, 403, in_words(err, form, code=True))
    except LawError as err:
        bound = {"make_form": form} if isinstance(form, SchemeForm) else {}
        return _page(request, case, 400, in_words(err, form, code=True), **bound)
    return redirect(reverse("funds:schemes", args=[case.case_number]))


def _step(
    request: HttpRequest, number: str, pk: int, form_class: type[forms.Form], act: Callable[..., Any]
) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("funds:schemes", args=[number]), "accounts:login")
    case = _case(request, number)
    found = get_object_or_404(Scheme, pk=pk, account__case=case)
    kwargs: dict[str, Any] = {"parties": _parties(case)} if form_class is ObjectionForm else {}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"))
    return _run(request, case, lambda: act(found, form.cleaned_data), form)


@require_POST
def serve(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Record the scheme's service."""
    return _step(
        request, number, pk, SchemeServeForm, lambda s, d: scheme.serve(request.user, s, d["on"], request)
    )


@require_POST
def objection(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Record a written objection."""
    return _step(
        request,
        number,
        pk,
        ObjectionForm,
        lambda s, d: scheme.object_to(request.user, s, d["party"], d["on"], d["reason"], request),
    )


@require_POST
def confirm(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Confirm the scheme after the period."""
    return _step(
        request, number, pk, ConfirmForm, lambda s, d: scheme.confirm(request.user, s, d["on"], request)
    )
