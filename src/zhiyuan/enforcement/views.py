"""Triage on the case page (a ``cases.page_sections`` section) and its own page, where the officer records
the facts and overrides the track; a refusal or a bad value shows on the triage page in words."""

from __future__ import annotations

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
from zhiyuan.enforcement import selectors, services
from zhiyuan.enforcement.forms import FactsForm, OverrideForm
from zhiyuan.enforcement.models import Track, Triage
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import english, in_words

#: why a case has no track, in words
PENDING_WORDS = {services.PENDING_NO_CLAIM: "申请执行标的额未登记，无法分流。"}


def track_name(track: str) -> str:
    """The track in words (简案 / 繁案), "" when there is none."""
    return str(Track(track).label) if track in Track.values else ""


def _facts_initial(t: Triage | None) -> dict[str, Any]:
    if t is None:
        return {}
    return {name: getattr(t, name) for name in (*services.AMOUNT_FIELDS, *services.FLAG_FIELDS)}


def _context(request: HttpRequest, case: Case, **forms_in: forms.Form) -> dict[str, Any]:
    t = selectors.triage_of(case)
    handles = services.may_handle(request.user, case, request)
    return {
        "case": case,
        "triage": t,
        "track": track_name(t.track) if t else "",
        "rule_track": track_name(t.rule_track) if t else "",
        "reasons": [r["message_en" if english() else "message_zh"] for r in t.reasons] if t else [],
        "pending": gettext(PENDING_WORDS[t.pending]) if t and t.pending in PENDING_WORDS else "",
        "handles": handles,
        "facts_form": forms_in.get("facts_form") or FactsForm(initial=_facts_initial(t)),
        "override_form": forms_in.get("override_form") or OverrideForm(),
    }


def case_page_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: an enforcement case's track, reasons and (for its officers) the forms."""
    if case.type_code not in ENFORCEMENT_ACTION:
        return None
    if "case:view" not in getattr(request, "permissions", frozenset()):
        return None  # parties follow their cases elsewhere; triage is the court's management
    return SafeString(render_to_string("enforcement/_triage.html", _context(request, case), request=request))


def _case(request: HttpRequest, number: str) -> Case:
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in ENFORCEMENT_ACTION:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


def _page(request: HttpRequest, case: Case, status: int = 200, **extra: Any) -> HttpResponse:
    context = _context(request, case, **{k: v for k, v in extra.items() if k.endswith("_form")})
    context["error"] = extra.get("error")
    return render(request, "enforcement/triage.html", context, status=status)


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), "accounts:login")


@require_GET
def triage_page(request: HttpRequest, number: str) -> HttpResponse:
    """``/enforcement/cases/<number>/triage/``: the case's triage with the officer's forms."""
    if (login := _signed_in(request)) is not None:
        return login
    return _page(request, _case(request, number))


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.case_number]) + "#triage")


@require_POST
def record_facts(request: HttpRequest, number: str) -> HttpResponse:
    """The officer records the facts; the case page shows the new track."""
    if (login := _signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = FactsForm(request.POST)
    if not form.is_valid():
        return _page(request, case, 400, facts_form=form, error=gettext("请更正标出的事实。"))
    try:
        services.update_facts(request.user, case, services.clean_facts(form.cleaned_data), request)
    except Denied as err:
        return _page(request, case, 403, facts_form=form, error=in_words(err))
    except LawError as err:
        return _page(request, case, 400, facts_form=form, error=in_words(err))
    return _back(case)


@require_POST
def override(request: HttpRequest, number: str) -> HttpResponse:
    """The officer sets the track against the rule, with a reason."""
    if (login := _signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _page(request, case, 400, override_form=form, error=gettext("请选择分流结果并说明理由。"))
    try:
        services.override(
            request.user, case, form.cleaned_data["track"], form.cleaned_data["reason"], request
        )
    except Denied as err:
        return _page(request, case, 403, override_form=form, error=in_words(err))
    except LawError as err:
        return _page(request, case, 400, override_form=form, error=in_words(err))
    return _back(case)
