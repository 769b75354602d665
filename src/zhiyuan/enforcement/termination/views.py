"""The 终本 section on an enforcement case's page (``cases.page_sections``) and its own page — the checklist
(what came from the case, what from the officer, what is missing in words), the applicant's opinion, the
termination, the library entry with its re-queries, resumption — and the 终本 library (终本案件库) with its
XLSX export. A refusal or a bad value shows on the 终本 page in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.lifecycles import CLOSED, family_of
from zhiyuan.cases.models import Case
from zhiyuan.cases.page_links import PageLink
from zhiyuan.courts.models import Court
from zhiyuan.documents.docx import DOCX
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.models import LibraryState
from zhiyuan.enforcement.termination import exporting, names, resumption, selectors, services
from zhiyuan.enforcement.termination.forms import FindingForm, OpinionForm, ResumeForm, TerminateForm
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import english, in_words


def _context(request: HttpRequest, case: Case, **given: forms.Form) -> dict[str, Any]:
    en = english()
    today = timezone.localdate()
    entry = selectors.entry_of(case)
    listed = selectors.checklist(case, today) if case.status != CLOSED else None
    return {
        "case": case,
        "acts": services.may(request.user, case, request),
        "open": case.status != CLOSED,
        "entry": entry,
        "resumed_from": selectors.resumed_from(case),
        "checklist": listed,
        "items": [
            {
                "code": i.code,
                "label": names.ITEMS[i.code][1 if en else 0],
                "holds": i.holds,
                "source": i.source,
                "why": i.why_en if en else i.why_zh,
            }
            for i in (listed.items if listed else [])
        ],
        "missing": names.words(listed.missing, en) if listed else [],
        "earliest_on": listed.result["earliest_on"] if listed else "",
        "opinions": selectors.opinions(case)[:20],
        "findings": selectors.findings(case)[:50],
        "requeries": selectors.requeries(case),
        "next_requery": selectors.next_requery(case),
        "terminated": LibraryState.TERMINATED,
        "finding_form": given.get("finding_form") or FindingForm(initial={"on": today}),
        "opinion_form": given.get("opinion_form") or OpinionForm(initial={"heard_on": today}),
        "terminate_form": given.get("terminate_form") or TerminateForm(initial={"on": today}),
        "resume_form": given.get("resume_form") or ResumeForm(initial={"on": today}),
    }


def case_page_link(request: HttpRequest, case: Case) -> PageLink | None:
    """``cases.page_links``: where the bare move 终结本次执行程序 was, a link to the 终本 page (for those who
    may terminate, on a case from whose state the move is possible)."""
    move = family_of(case.type_code).transitions.get(names.MOVE)
    if move is None or case.status not in move.sources or not services.may(request.user, case, request):
        return None
    url = reverse("enforcement:termination", args=[case.case_number])
    return PageLink(names.NAME, gettext("终结本次执行程序（核查条件）"), url, action=True)


def case_page_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's 终本 checklist, opinion, termination and resumption."""
    if case.type_code not in ENFORCEMENT_ACTION or not readers.may_read(request.user, request):
        return None
    if case.status == CLOSED and selectors.entry_of(case) is None:
        return None  # closed otherwise (performed, settled …): nothing of 终本 to show
    html = render_to_string("enforcement/termination/_section.html", _context(request, case), request=request)
    return SafeString(html)


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), "accounts:login")


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
    return render(request, "enforcement/termination/page.html", context, status=status)


@require_GET
def termination_page(request: HttpRequest, number: str) -> HttpResponse:
    """``/enforcement/cases/<number>/termination/``: the case's 终本 work with the officer's forms."""
    if (login := _signed_in(request)) is not None:
        return login
    return _page(request, _case(request, number))


def _act(
    request: HttpRequest,
    number: str,
    form_name: str,
    form: forms.Form,
    act: Callable[[Case, dict[str, Any]], Case | None],
) -> HttpResponse:
    """Validate ``form``, run ``act``; a bad value (400) or a refusal (403) shows on the 终本 page; else back
    to the case (or to the case ``act`` returns)."""
    if (login := _signed_in(request)) is not None:
        return login
    case = _case(request, number)
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), **{form_name: form})
    try:
        target = act(case, form.cleaned_data)
    except Denied as err:
        return _page(request, case, 403, in_words(err, form), **{form_name: form})
    except LawError as err:
        return _page(request, case, 400, in_words(err, form), **{form_name: form})
    return redirect(reverse("cases:detail", args=[(target or case).case_number]) + "#termination")


@require_POST
def finding(request: HttpRequest, number: str) -> HttpResponse:
    """The officer records a checklist item."""

    def act(case: Case, d: dict[str, Any]) -> None:
        services.record_finding(request.user, case, d["item"], d["holds"], d["note"], d["on"], request)

    return _act(request, number, "finding_form", FindingForm(request.POST), act)


@require_POST
def opinion(request: HttpRequest, number: str) -> HttpResponse:
    """The officer records the applicant's opinion."""

    def act(case: Case, d: dict[str, Any]) -> None:
        services.record_opinion(request.user, case, d["heard_on"], d["text"], request)

    return _act(request, number, "opinion_form", OpinionForm(request.POST), act)


@require_POST
def terminate(request: HttpRequest, number: str) -> HttpResponse:
    """The handler terminates the current procedure."""

    def act(case: Case, d: dict[str, Any]) -> None:
        services.terminate(
            request.user,
            case,
            d["on"],
            other_recovered=d.get("other_recovered"),
            note=d["note"],
            request=request,
        )

    return _act(request, number, "terminate_form", TerminateForm(request.POST), act)


@require_POST
def resume(request: HttpRequest, number: str) -> HttpResponse:
    """The officer resumes enforcement: to the new 执恢 case."""

    def act(case: Case, d: dict[str, Any]) -> Case:
        return resumption.resume(request.user, case, d["on"], d["by"], d["reason"], request)

    return _act(request, number, "resume_form", ResumeForm(request.POST), act)


@require_GET
def ruling(request: HttpRequest, number: str) -> HttpResponse:
    """``/enforcement/cases/<number>/termination/ruling/``: the ruling as issued (DOCX)."""
    if (login := _signed_in(request)) is not None:
        return login
    case = _case(request, number)
    entry = selectors.entry_of(case)
    if entry is None:
        raise Http404(gettext("页面不存在。"))
    try:
        content = services.ruling_of(request.user, entry, request)
    except Denied as err:
        raise Http404(in_words(err)) from err
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''tcp_ruling.docx"
    return response


def _library_filter(request: HttpRequest) -> tuple[int | None, str, list[Court]]:
    if not readers.may_read(request.user, request):
        raise Http404(gettext("页面不存在。"))
    courts = list(Court.objects.filter(pk__in=scope_of(request.user).court_ids).order_by("code"))
    raw = request.GET.get("court", "")
    court_id = int(raw) if raw.isdigit() and int(raw) in {c.pk for c in courts} else None
    state = request.GET.get("state", "")
    return court_id, state if state in LibraryState.values else "", courts


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """``/enforcement/termination/library/``: the 终本 library in the user's scope, filter by court."""
    if (login := _signed_in(request)) is not None:
        return login
    court_id, state, courts = _library_filter(request)
    rows = selectors.library(request.user, court_id, state)
    context = {
        "entries": rows[:500],
        "count": rows.count(),
        "courts": courts,
        "court_id": court_id,
        "state": state,
        "states": LibraryState.choices,
        "query": request.GET.urlencode(),
    }
    return render(request, "enforcement/termination/library.html", context)


@require_GET
def library_export(request: HttpRequest) -> HttpResponse:
    """``/enforcement/termination/library.xlsx``: the same rows as XLSX."""
    if (login := _signed_in(request)) is not None:
        return login
    court_id, state, _courts = _library_filter(request)
    rows = selectors.library(request.user, court_id, state)
    content = exporting.library_xlsx(
        request.user, rows, f"court={court_id or 'all'};state={state or 'all'}", request
    )
    response = HttpResponse(content, content_type=exporting.XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''tcp_library.xlsx"
    return response
