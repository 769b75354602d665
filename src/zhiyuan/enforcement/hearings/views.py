"""Hearing pages: the hearings section on a case's page (with the scheduling form), a hearing's page with
the forms of each step and its documents, and the public announcement of upcoming public hearings
(``/hearings/public/``, readable without signing in)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_POST

from zhiyuan.accounts.models import User
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import can
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case
from zhiyuan.documents.docx import DOCX
from zhiyuan.enforcement.hearings import documents, forms, rules, selectors, services
from zhiyuan.enforcement.measures.views import message, signed_in, status_of
from zhiyuan.enforcement.models import Hearing, HearingState
from zhiyuan.law.case_types import ENFORCEMENT_ACTION, ENFORCEMENT_REVIEW
from zhiyuan.law.errors import LawError


def _matters() -> list[tuple[str, str]]:
    english = (get_language() or "").startswith("en")
    return [(code, en if english else zh) for code, (zh, en) in selectors.matter_names().items()]


def _reviewers(case: Case) -> list[tuple[str, str]]:
    people = User.objects.filter(
        court_id=case.court_id, is_active=True, roles__role=rules.PRESIDING_ROLE
    ).order_by("username")
    return [(u.username, u.get_full_name()) for u in people.distinct()]


def _schedule_form(case: Case, data: Any = None) -> forms.ScheduleForm:
    return forms.ScheduleForm(
        data,
        matters=_matters(),
        reviewers=_reviewers(case),
        initial={"requested_on": timezone.localdate(), "minutes": 120, "mode": "room"},
    )


def _section_context(request: HttpRequest, case: Case, form: Any = None, error: str = "") -> dict[str, Any]:
    names = dict(_matters())
    return {
        "case": case,
        "hearings": [(h, names.get(h.matter, h.matter)) for h in selectors.of_case(case)],
        # court staff open the hearing's page; a party signed in to their own case reads the notice here
        "staff": bool(scope_of(request.user).court_ids),
        "may_schedule": rules.may_schedule(request.user, case, request),
        "schedule_form": form or _schedule_form(case),
        "error": error,
    }


def case_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: a review or enforcement case's hearings, and the scheduling form. A party
    signed in to their own case reads each hearing's notice here (matter, time, mode, room or link): the
    party portal's hearing notice, beside the ``hearing.notice`` node of the case's timeline."""
    if case.type_code not in ENFORCEMENT_REVIEW and case.type_code not in ENFORCEMENT_ACTION:
        return None
    context = _section_context(request, case)
    if not context["hearings"] and not context["may_schedule"]:
        return None
    return SafeString(render_to_string("enforcement/hearings/_section.html", context, request=request))


def _case(request: HttpRequest, number: str) -> Case:
    case = case_selectors.case_detail(request.user, number)
    if case is None:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


@require_POST
def schedule(request: HttpRequest, number: str) -> HttpResponse:
    """Schedule a hearing from the case page's form."""
    if (login := signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = _schedule_form(case, request.POST)
    if not form.is_valid():
        context = _section_context(request, case, form, gettext("请更正标出的内容。"))
        return render(request, "enforcement/hearings/schedule.html", context, status=400)
    d = form.cleaned_data
    try:
        h = services.schedule(
            request.user,
            case,
            matter=d["matter"],
            mode=d["mode"],
            place=d["place"],
            starts_at=d["starts_at"],
            minutes=d["minutes"],
            presiding=d["presiding"],
            requested_on=d["requested_on"],
            requested_by=d["requested_by"],
            public=d["public"],
            others=form.others_in(),
            request=request,
        )
    except LawError as err:
        context = _section_context(request, case, form, message(err, form))
        return render(request, "enforcement/hearings/schedule.html", context, status=status_of(err))
    return redirect("enforcement:hearing", h.pk)


def _hearing(request: HttpRequest, pk: int) -> Hearing:
    h = selectors.hearing_for(request.user, pk)
    if h is None:
        raise Http404(gettext("听证不存在或不在您的权限范围内。"))
    return h


def _page(request: HttpRequest, h: Hearing, status: int = 200, error: str = "", **bound: Any) -> HttpResponse:
    people = list(h.participants.all())
    today = timezone.localdate()
    late = {p.pk for p in services.not_served_in_time(h)} if h.state == HearingState.SCHEDULED else set()
    context = {
        "h": h,
        "people": people,
        "late": late,
        "matter": dict(_matters()).get(h.matter, h.matter),
        "presides": request.user.pk == h.presiding_id,
        "may_act": can(request.user, rules.PERMISSION, request),
        "error": error,
        "serve_form": bound.get("serve")
        or forms.ServeForm(participants=[(p.pk, p.name) for p in people], initial={"served_on": today}),
        "hold_form": bound.get("hold") or forms.HoldForm(),
        "decide_form": bound.get("decide") or forms.DecideForm(initial={"on": today}),
        "close_form": bound.get("close") or forms.CloseForm(initial={"on": today}),
        "reschedule_form": bound.get("reschedule") or forms.RescheduleForm(initial={"minutes": 120}),
        "cancel_form": bound.get("cancel") or forms.CancelForm(),
    }
    return render(request, "enforcement/hearings/hearing.html", context, status=status)


@require_GET
def hearing_page(request: HttpRequest, pk: int) -> HttpResponse:
    """``/enforcement/hearings/<pk>/``: a hearing with the forms of its next steps."""
    if (login := signed_in(request)) is not None:
        return login
    return _page(request, _hearing(request, pk))


STEPS = ("serve", "hold", "decide", "close", "reschedule", "cancel")


def _run(request: HttpRequest, h: Hearing, step: str, form: django_forms.Form) -> None:
    d, user = form.cleaned_data, request.user
    if step == "serve":
        p = h.participants.get(pk=d["participant"])
        services.serve(user, p, served_on=d["served_on"], method=d["method"], request=request)
    elif step == "hold":
        said = {p.pk: request.POST.get(f"statement-{p.pk}", "") for p in h.participants.all()}
        services.hold(user, h, record_text=d["record"], statements=said, request=request)
    elif step == "decide":
        services.decide(user, h, outcome=d["outcome"], reasons=d["reasons"], on=d["on"], request=request)
    elif step == "close":
        services.close(user, h, on=d["on"], request=request)
    elif step == "reschedule":
        services.reschedule(
            user, h, starts_at=d["starts_at"], minutes=d["minutes"], reason=d["reason"], request=request
        )
    else:
        services.cancel(user, h, reason=d["reason"], request=request)


@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One step of a hearing's workflow from its page's forms."""
    if (login := signed_in(request)) is not None:
        return login
    if name not in STEPS:
        raise Http404(gettext("未知操作。"))
    h = _hearing(request, pk)
    form: django_forms.Form
    if name == "serve":
        form = forms.ServeForm(request.POST, participants=[(p.pk, p.name) for p in h.participants.all()])
    else:
        form = {
            "hold": forms.HoldForm,
            "decide": forms.DecideForm,
            "close": forms.CloseForm,
            "reschedule": forms.RescheduleForm,
            "cancel": forms.CancelForm,
        }[name](request.POST)
    if not form.is_valid():
        return _page(request, h, 400, gettext("请更正标出的内容。"), **{name: form})
    try:
        _run(request, h, name, form)
    except LawError as err:
        return _page(request, h, status_of(err), message(err, form), **{name: form})
    return redirect(reverse("enforcement:hearing", args=[h.pk]))


@require_GET
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A hearing's DOCX: ``notice`` (``?participant=<id>``), ``record`` or ``ruling``."""
    if (login := signed_in(request)) is not None:
        return login
    h = _hearing(request, pk)
    try:
        if kind == "notice":
            wanted = request.GET.get("participant", "")
            p = h.participants.filter(pk=int(wanted)).first() if wanted.isdigit() else None
            if p is None:
                raise Http404(gettext("参加人不存在。"))
            content = documents.notice(request.user, p, request)
        elif kind == "record":
            content = documents.hearing_record(request.user, h, request)
        elif kind == "ruling":
            content = documents.ruling(request.user, h, request)
        else:
            raise Http404(gettext("未知文书类型。"))
    except LawError as err:
        return _page(request, h, status_of(err), message(err))
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="hearing-{h.pk}-{kind}.docx"'
    return response


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """``/hearings/public/``: upcoming public hearings of the province, for anyone."""
    return render(request, "enforcement/hearings/public.html", {"rows": selectors.public_upcoming()})
