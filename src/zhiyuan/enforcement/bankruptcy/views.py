"""``/enforcement/bankruptcy/screening/``: the screening list for transfer to bankruptcy (执转破); the 执转破
section on a case's page (``cases.page_sections``) and its forms' endpoints."""

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

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.bankruptcy import names, selectors, services
from zhiyuan.enforcement.bankruptcy.forms import (
    ConsentForm,
    DecideForm,
    OutcomeForm,
    ProposeForm,
    SuspendForm,
)
from zhiyuan.enforcement.models import LinkState, Transfer
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import english, in_words

READERS = frozenset({"enforcement:handle", "enforcement:terminate", "command:view"})


@require_GET
def screening(request: HttpRequest) -> HttpResponse:
    """Enterprise debtors of the user's courts with 终本 or stalled enforcement cases, across courts."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    try:
        authorize_any(request.user, READERS, request)
    except Denied as err:
        return render(request, "zhiyuan/error.html", {"status": 403, "error": in_words(err)}, status=403)
    today = timezone.localdate()
    context = {
        "debtors": selectors.screening(request.user, today),
        "stalled_days": selectors.STALLED_DAYS,
    }
    return render(request, "enforcement/bankruptcy/screening.html", context)


def _may(request: HttpRequest, case: Case, permission: str) -> bool:
    return (
        permission in permissions_for(request.user, request)
        and case.court_id in scope_of(request.user).court_ids
    )


def case_page_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's 执转破 work — consents, the proposal, the decision, the notice to
    suspend (another court's case), and on a 破申 case the receiving court's ruling."""
    enforcement = case.type_code in names.TYPES
    if not request.user.is_authenticated or (enforcement and not readers.may_read(request.user, request)):
        return None
    transfers = selectors.transfers_of(case)
    if not enforcement and not transfers:
        return None
    today = timezone.localdate()
    debtors = list(
        CaseParty.objects.filter(case=case, side=Side.DEFENDANT).select_related("party").order_by("position")
    )
    creditors = list(
        CaseParty.objects.filter(case=case, side=Side.PLAINTIFF).select_related("party").order_by("position")
    )
    enterprise = [d for d in debtors if d.party.kind == "legal_person"]
    if enforcement and not enterprise and not transfers:
        return None
    rows = [{"t": t, "links": list(selectors.links_of(t)), "mine": t.case_id == case.pk} for t in transfers]
    notified = any(
        x.case_id == case.pk and x.state == LinkState.NOTIFIED
        for t in transfers
        for x in selectors.links_of(t)
    )
    context = {
        "case": case,
        "rows": rows,
        "enterprise": enterprise,
        "creditors": creditors,
        "consents": list(selectors.consents(case)) if enforcement else [],
        "may_propose": enforcement and bool(enterprise) and _may(request, case, services.PROPOSE),
        "may_decide": _may(request, case, "approval:grant") and request.user.court_id == case.court_id,
        "may_suspend": enforcement
        and case.status in services.SUSPENDABLE
        and _may(request, case, services.HANDLE)
        and notified,
        "may_rule": case.type_code == names.APPLICATION_TYPE
        and case.status != CLOSED
        and _may(request, case, services.ADJUDICATE)
        and request.user.court_id == case.court_id,
        "today": today,
        "items": {n: words[1 if english() else 0] for n, words in names.ITEMS.items()},
        "guidance": names.GUIDANCE,
    }
    html = render_to_string("enforcement/bankruptcy/_section.html", context, request=request)
    return SafeString(html)


def _act(
    request: HttpRequest, number: str, form: forms.Form, act: Callable[[Case, dict[str, Any]], object]
) -> HttpResponse:
    """Validate ``form`` and run ``act``; a bad value (400) or a refusal (403) in words; else back to the
    case's 执转破 section."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    case = case_selectors.case_detail(request.user, number)
    if case is None:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    error, status = "", 400
    if not form.is_valid():
        error = (
            gettext("请更正标出的内容。")
            + " "
            + "；".join(
                f"{form.fields[f].label if f in form.fields else f}：{' '.join(str(m) for m in e)}"
                for f, e in form.errors.items()
            )
        )
    else:
        try:
            act(case, form.cleaned_data)
        except Denied as err:
            error, status = in_words(err, form), 403
        except LawError as err:
            error = in_words(err, form)
    if error:
        return render(request, "zhiyuan/error.html", {"status": status, "error": error}, status=status)
    return redirect(reverse("cases:detail", args=[case.case_number]) + "#bankruptcy")


def _transfer(case: Case, transfer_id: int) -> Transfer:
    found = next((t for t in selectors.transfers_of(case) if t.pk == transfer_id), None)
    if found is None:
        raise LawError("transfer_not_found", "没有这项移送破产审查。", "No such transfer.")
    return found


@require_POST
def consent(request: HttpRequest, number: str) -> HttpResponse:
    """Record a written consent."""

    def act(case: Case, d: dict[str, Any]) -> object:
        return services.record_consent(
            request.user, case, d["debtor"], d["by"], d["party"], d["given_on"], d["evidence"], request
        )

    return _act(request, number, ConsentForm(request.POST), act)


@require_POST
def propose(request: HttpRequest, number: str) -> HttpResponse:
    """Propose the transfer."""

    def act(case: Case, d: dict[str, Any]) -> object:
        return services.propose(
            request.user,
            case,
            d["debtor"],
            d["on"],
            unable_to_pay=d["unable_to_pay"],
            insolvent=d["insolvent"],
            basis=d["basis"],
            domicile_court=d["domicile_court"],
            request=request,
        )

    return _act(request, number, ProposeForm(request.POST), act)


@require_POST
def decide(request: HttpRequest, number: str) -> HttpResponse:
    """The president decides: transfer, or refuse with a reason."""

    def act(case: Case, d: dict[str, Any]) -> object:
        transfer = _transfer(case, d["transfer"])
        if d["grant"]:
            return services.decide(request.user, transfer, d["on"], request)
        return services.refuse_transfer(request.user, transfer, d["reason"], d["on"], request)

    return _act(request, number, DecideForm(request.POST), act)


@require_POST
def suspend(request: HttpRequest, number: str) -> HttpResponse:
    """Another court's officer suspends the case on the notice."""

    def act(case: Case, d: dict[str, Any]) -> object:
        return services.suspend_notified(request.user, case, d["on"], request)

    return _act(request, number, SuspendForm(request.POST), act)


@require_POST
def outcome(request: HttpRequest, number: str) -> HttpResponse:
    """The receiving court's ruling on its 破申 case."""

    def act(case: Case, d: dict[str, Any]) -> object:
        transfer = _transfer(case, d["transfer"])
        return services.record_outcome(request.user, transfer, d["accepted"], d["on"], d["note"], request)

    return _act(request, number, OutcomeForm(request.POST), act)
