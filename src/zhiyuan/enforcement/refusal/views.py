"""Refusal pages: the 打击拒执 section on an enforcement case's page (its referrals with the police's
deadline, their documents and the forms of each next step; its fines and detentions with theirs), the
forms' POST targets and the DOCX downloads."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from zhiyuan.accounts.selectors import can
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case, Side
from zhiyuan.documents.docx import DOCX
from zhiyuan.enforcement.measures.views import message, signed_in, status_of
from zhiyuan.enforcement.models import Referral, ReferralState, Sanction
from zhiyuan.enforcement.refusal import documents, forms, rules, sanctions, selectors, services
from zhiyuan.law.errors import LawError


def _parties(case: Case, *, suspects: bool) -> list[tuple[int, str]]:
    rows = case.parties.select_related("party").order_by("position")
    return [
        (p.pk, f"{p.display_name}（{p.get_side_display()}）")
        for p in rows
        if not suspects or p.side != Side.PLAINTIFF
    ]


def _step_forms(r: Referral, today: Any) -> list[tuple[str, str, django_forms.Form]]:
    """The forms of a referral's next steps: (step, button text, form)."""
    out: list[tuple[str, str, django_forms.Form]] = []
    if r.state == ReferralState.PENDING:
        out.append(("decide", gettext("审批"), forms.DecisionForm(initial={"on": today})))
    if r.state == ReferralState.APPROVED:
        out.append(("send", gettext("登记移送"), forms.SendForm(initial={"referred_on": today})))
    if r.state == ReferralState.REFERRED:
        out.append(("answer", gettext("登记公安答复"), forms.AnswerForm(initial={"on": today})))
        if not r.complex_case:
            out.append(("extend", gettext("公安延长审查期限"), forms.OnForm(initial={"on": today})))
    if r.supervision_on is None and (r.state == ReferralState.DECLINED or services.overdue(r, today)):
        out.append(("supervision", gettext("提请检察监督"), forms.NoteForm(initial={"on": today})))
    if services.private_open(r, today):
        out.append(("private", gettext("自诉立案"), forms.PrivateForm(initial={"filed_on": today})))
    if r.referred_on is not None:
        out.append(
            (
                "recovered",
                gettext("登记追回金额"),
                forms.RecoveredForm(initial={"on": today, "amount": r.recovered_amount}),
            )
        )
    if r.state == ReferralState.FILED or (r.private_case_id and r.state != ReferralState.CLOSED):
        out.append(("outcome", gettext("登记刑事结果"), forms.OutcomeForm(initial={"on": today})))
    return out


def _context(request: HttpRequest, case: Case, error: str = "", **bound: Any) -> dict[str, Any]:
    today = timezone.localdate()
    may_refer = rules.may_refer(request.user, case, request)
    may_approve = can(request.user, "approval:grant", request)
    may_file = can(request.user, rules.FILE, request)
    staff = may_refer or may_approve or may_file
    return {
        "case": case,
        "today": today,
        "referrals": [
            (
                r,
                services.overdue(r, today),
                _step_forms(r, today) if staff else [],
            )
            for r in selectors.referrals_of(case)
        ],
        "sanctions": list(selectors.sanctions_of(case)),
        "may_refer": may_refer,
        "may_approve": may_approve,
        "may_approve_sanction": can(request.user, rules.APPROVE_SANCTION, request),
        "may_file": may_file,
        "referral_form": bound.get("referral")
        or forms.ReferralForm(parties=_parties(case, suspects=True), initial={"on": today}),
        "sanction_form": bound.get("sanction")
        or forms.SanctionForm(parties=_parties(case, suspects=False), initial={"on": today}),
        "decision_form": forms.DecisionForm(initial={"on": today}),
        "error": error,
    }


def case_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: an enforcement case's referrals and sanctions, with their forms."""
    if case.type_code not in rules.CASE_TYPES:
        return None
    context = _context(request, case)
    if not context["referrals"] and not context["sanctions"] and not context["may_refer"]:
        return None
    return SafeString(render_to_string("enforcement/refusal/_section.html", context, request=request))


def _case(request: HttpRequest, number: str) -> Case:
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in rules.CASE_TYPES:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.case_number]) + "#refusal")


def _error_page(
    request: HttpRequest, case: Case, err: LawError, form: Any = None, **bound: Any
) -> HttpResponse:
    from django.shortcuts import render

    context = _context(request, case, message(err, form), **bound)
    return render(request, "enforcement/refusal/page.html", context, status=status_of(err))


def _invalid(request: HttpRequest, case: Case, **bound: Any) -> HttpResponse:
    from django.shortcuts import render

    context = _context(request, case, gettext("请更正标出的内容。"), **bound)
    return render(request, "enforcement/refusal/page.html", context, status=400)


@require_POST
def propose(request: HttpRequest, number: str) -> HttpResponse:
    """Propose a referral from the case page."""
    if (login := signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = forms.ReferralForm(request.POST, parties=_parties(case, suspects=True))
    if not form.is_valid():
        return _invalid(request, case, referral=form)
    d = form.cleaned_data
    try:
        services.propose(
            request.user,
            case,
            suspect_id=d["suspect"],
            police=d["police"],
            situation=d["situation"],
            evidence=form.evidence(),
            on=d["on"],
            request=request,
        )
    except LawError as err:
        return _error_page(request, case, err, form, referral=form)
    return _back(case)


@require_POST
def propose_sanction(request: HttpRequest, number: str) -> HttpResponse:
    """Propose a fine or detention from the case page."""
    if (login := signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = forms.SanctionForm(request.POST, parties=_parties(case, suspects=False))
    if not form.is_valid():
        return _invalid(request, case, sanction=form)
    d = form.cleaned_data
    try:
        sanctions.propose(
            request.user,
            case,
            kind=d["kind"],
            subject=d["subject"],
            grounds=d["grounds"],
            on=d["on"],
            party_id=d["party"],
            target_name=d["target_name"],
            amount=d["amount"] if d["kind"] == "fine" else None,
            days=d["days"] if d["kind"] == "detention" else None,
            request=request,
        )
    except LawError as err:
        return _error_page(request, case, err, form, sanction=form)
    return _back(case)


STEPS: dict[str, type[django_forms.Form]] = {
    "decide": forms.DecisionForm,
    "send": forms.SendForm,
    "extend": forms.OnForm,
    "answer": forms.AnswerForm,
    "supervision": forms.NoteForm,
    "private": forms.PrivateForm,
    "recovered": forms.RecoveredForm,
    "outcome": forms.OutcomeForm,
}


def _run(request: HttpRequest, r: Referral, step: str, d: dict[str, Any]) -> None:
    user = request.user
    if step == "decide":
        services.decide(user, r, d["grant"], d["on"], d["reason"], request)
    elif step == "send":
        services.send(
            user, r, referred_on=d["referred_on"], letter_number=d["letter_number"], request=request
        )
    elif step == "extend":
        services.extend(user, r, d["on"], request)
    elif step == "answer":
        services.answer(
            user,
            r,
            filed=d["filed"],
            on=d["on"],
            police_case_number=d["police_case_number"],
            reasons=d["reasons"],
            request=request,
        )
    elif step == "supervision":
        services.request_supervision(user, r, d["on"], d["note"], request)
    elif step == "private":
        services.file_private(user, r, filed_on=d["filed_on"], request=request)
    elif step == "recovered":
        services.record_recovered(user, r, str(d["amount"]), d["on"], request)
    else:
        services.record_outcome(user, r, d["outcome"], d["on"], request)


def _referral(request: HttpRequest, pk: int) -> Referral:
    r = selectors.referral_for(request.user, pk)
    if r is None:
        raise Http404(gettext("拒执移送不存在或不在您的权限范围内。"))
    return r


@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One step of a referral from the case page's forms."""
    if (login := signed_in(request)) is not None:
        return login
    if name not in STEPS:
        raise Http404(gettext("未知操作。"))
    r = _referral(request, pk)
    form = STEPS[name](request.POST)
    if not form.is_valid():
        return _invalid(request, r.case)
    try:
        _run(request, r, name, form.cleaned_data)
    except LawError as err:
        return _error_page(request, r.case, err, form)
    return _back(r.case)


@require_POST
def decide_sanction(request: HttpRequest, pk: int) -> HttpResponse:
    """The president's decision on a fine or detention from the case page."""
    if (login := signed_in(request)) is not None:
        return login
    s = selectors.sanction_for(request.user, pk)
    if s is None:
        raise Http404(gettext("罚款、拘留不存在或不在您的权限范围内。"))
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, s.case)
    d = form.cleaned_data
    try:
        sanctions.decide(request.user, s, d["grant"], d["on"], d["reason"], request)
    except LawError as err:
        return _error_page(request, s.case, err, form)
    return _back(s.case)


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@require_GET
def referral_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A referral's DOCX: ``letter``, ``situation`` or ``evidence``."""
    if (login := signed_in(request)) is not None:
        return login
    r = _referral(request, pk)
    if kind not in documents.REFERRAL_KINDS:
        raise Http404(gettext("未知文书类型。"))
    try:
        content = documents.referral_document(request.user, r, kind, request)
    except LawError as err:
        return _error_page(request, r.case, err)
    return _docx(content, f"referral-{r.pk}-{kind}")


@require_GET
def sanction_document(request: HttpRequest, pk: int) -> HttpResponse:
    """An approved sanction's decision (DOCX)."""
    if (login := signed_in(request)) is not None:
        return login
    s: Sanction | None = selectors.sanction_for(request.user, pk)
    if s is None:
        raise Http404(gettext("罚款、拘留不存在或不在您的权限范围内。"))
    try:
        content = documents.sanction_decision(request.user, s, request)
    except LawError as err:
        return _error_page(request, s.case, err)
    return _docx(content, f"sanction-{s.pk}-{s.kind}")
