"""The duties part of the case page: who handles the case, (re)assigning the handler, asking for an approval
and deciding one. Each form posts to its own view, which goes through ``cases.duties`` (permission, scope,
separation of duties, audit) and, refused, re-renders the case page with the rule's message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from zhiyuan.accounts.models import User
from zhiyuan.accounts.selectors import person_names
from zhiyuan.cases import assignments, duties, selectors
from zhiyuan.cases import views as pages
from zhiyuan.cases.lifecycles import family_of
from zhiyuan.cases.models import Approval, ApprovalStatus, Case
from zhiyuan.inputs.text import BlockField, LineField
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words

REASON_MAX = 500


class HandlerForm(forms.Form):
    """Assign or reassign the handler."""

    username = LineField(label=_("承办人"), max_length=150)
    on = forms.DateField(label=_("日期"))
    reason = BlockField(label=_("改派理由"), required=False, max_length=REASON_MAX)


class ApprovalRequestForm(forms.Form):
    """Ask for a move that needs approval."""

    transition = LineField(max_length=40)
    on = forms.DateField(label=_("日期"))
    reason = BlockField(label=_("理由"), max_length=REASON_MAX)


class DecisionForm(forms.Form):
    """Grant or refuse a pending request."""

    grant = forms.TypedChoiceField(
        choices=[("1", _("批准")), ("0", _("不予批准"))], coerce=lambda v: v == "1"
    )
    on = forms.DateField(label=_("日期"))


def duty_context(request: HttpRequest, case: Case, permissions: frozenset[str]) -> dict[str, Any]:
    """The handler, the forms the user may use, and the requests pending on the case."""
    family = family_of(case.type_code)
    handler = assignments.current_handler(case)
    may_assign = "case:assign" in permissions
    may_decide = "approval:grant" in permissions and getattr(request.user, "court_id", None) == case.court_id
    pending = list(case.approvals.filter(status=ApprovalStatus.PENDING).order_by("requested_on", "pk"))
    requesters = person_names(ids=[a.requested_by_id for a in pending])
    return {
        "handler": handler,
        "handler_name": selectors.handler_names([case.pk]).get(case.pk, "") if handler else "",
        "handler_candidates": selectors.handler_candidates(case) if may_assign else [],
        "may_assign": may_assign,
        "approval_requests": [
            {"name": t.name, "label": gettext(t.zh)}
            for t in assignments.approvals_for(request.user, case, permissions)
        ],
        "pending_approvals": [
            {
                "approval": a,
                "label": gettext(family.transitions[a.transition].zh)
                if a.transition in family.transitions
                else a.transition,
                "decidable": may_decide and a.requested_by_id != request.user.pk,
                "requested_by": requesters.get(a.requested_by_id, a.requested_by),
            }
            for a in pending
        ],
    }


def _fail(request: HttpRequest, number: str, err: LawError | None, problems: str = "") -> HttpResponse:
    if err is not None:
        error = {"code": err.code, "message": in_words(err), "action": ""}
        status = 403 if isinstance(err, Denied) else 422
    else:
        error = {"code": "invalid_input", "message": problems, "action": ""}
        status = 422
    context = {**pages._detail_context(request, pages._case_or_404(request, number)), "error": error}
    return render(request, "cases/detail.html", context, status=status)


def _problems(form: forms.Form) -> str:
    return "；".join(
        f"{form.fields[f].label or f}：{' '.join(str(m) for m in e)}" for f, e in form.errors.items()
    )


def _user_named(username: str) -> Any:
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise LawError("user_not_found", f"没有用户“{username}”。", f"No user '{username}'.")
    return found


@require_POST
@pages.reader
def assign_handler(request: HttpRequest, number: str) -> HttpResponse:
    """``/cases/<number>/handler/``: assign or reassign the handler (``case:assign``)."""
    case = pages._case_or_404(request, number)
    form = HandlerForm(request.POST)
    if not form.is_valid():
        return _fail(request, number, None, _problems(form))
    data = form.cleaned_data
    try:
        made = duties.assign_handler(
            request.user, case, _user_named(data["username"]), data["on"], data["reason"], request=request
        )
    except LawError as err:
        return _fail(request, number, err)
    messages.success(request, gettext("承办人：%(name)s") % {"name": made.user_name})
    return redirect("cases:detail", number=case.case_number)


@require_POST
@pages.reader
def request_approval(request: HttpRequest, number: str) -> HttpResponse:
    """``/cases/<number>/approvals/``: the handler asks for a move that needs approval."""
    case = pages._case_or_404(request, number)
    form = ApprovalRequestForm(request.POST)
    if not form.is_valid():
        return _fail(request, number, None, _problems(form))
    data = form.cleaned_data
    try:
        duties.request_approval(
            request.user, case, data["transition"], data["reason"], data["on"], request=request
        )
    except LawError as err:
        return _fail(request, number, err)
    messages.success(request, gettext("已提请审批。"))
    return redirect("cases:detail", number=case.case_number)


@require_POST
@pages.reader
def decide_approval(request: HttpRequest, number: str, approval_id: int) -> HttpResponse:
    """``/cases/<number>/approvals/<id>/decision/``: grant (which carries the move out) or refuse."""
    case = pages._case_or_404(request, number)
    approval = Approval.objects.filter(pk=approval_id, case=case).select_related("case").first()
    if approval is None:
        return _fail(
            request, number, LawError("approval_not_found", "没有该审批申请。", "No such approval request.")
        )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _fail(request, number, None, _problems(form))
    on: dt.date = form.cleaned_data["on"]
    try:
        done = duties.decide(request.user, approval, form.cleaned_data["grant"], on, request=request)
    except LawError as err:
        return _fail(request, number, err)
    messages.success(
        request,
        gettext("已批准并办理。") if done.status == ApprovalStatus.GRANTED else gettext("已不予批准。"),
    )
    return redirect("cases:detail", number=case.case_number)
