"""The funds section on an enforcement case's page (``cases.page_sections``) and the case's funds page
(``/funds/<case>/``): balance, postings, disbursement requests with their approve and pay actions, the
enforcement fee, delay interest and what the debtor owes; and the court's monthly reconciliation (XLSX)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
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
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.funds import forms as f
from zhiyuan.funds import reconciliation, selectors, services
from zhiyuan.funds.models import Disbursement, DisbursementStatus, Posting, PostingKind
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words


def _case(request: HttpRequest, number: str) -> Case:
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in ENFORCEMENT_ACTION:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


def _creditors(case: Case) -> list[tuple[int, str]]:
    links = CaseParty.objects.filter(case=case, side=Side.PLAINTIFF).select_related("party")
    return [(link.party_id, link.display_name) for link in links]


def _context(request: HttpRequest, case: Case, **bound: forms.Form) -> dict[str, Any]:
    today = timezone.localdate()
    held = permissions_for(request.user, request)
    account = selectors.account_of(case)
    return {
        "case": case,
        "today": today,
        "balance": selectors.balance(case),
        "postings": list(selectors.postings(case)),
        "disbursements": list(selectors.disbursements(case)),
        "owed": selectors.owed(case, today),
        "totals": selectors.summary(case),
        "account": account,
        "receives": "funds:receive" in held,
        "disburses": "funds:disburse" in held,
        "approves": "approval:grant" in held,
        "receipt_form": bound.get("receipt_form") or f.ReceiptForm(initial={"on": today}),
        "outflow_form": bound.get("outflow_form") or f.OutflowForm(initial={"on": today}),
        "request_form": bound.get("request_form")
        or f.DisbursementForm(creditors=_creditors(case), initial={"on": today}),
        "due_form": bound.get("due_form")
        or f.DueForm(initial={"due": account.performance_due if account else None}),
        "pay_form": f.PayForm(initial={"on": today}, auto_id=False),
        "reverse_form": f.ReverseForm(initial={"on": today}, auto_id=False),
        "refuse_form": f.RefuseForm(auto_id=False),
        "pending": DisbursementStatus.PENDING,
        "approved": DisbursementStatus.APPROVED,
        "reversal": PostingKind.REVERSAL,
    }


def _refused(request: HttpRequest, err: LawError) -> HttpResponse:
    """The platform's error page for a refusal, in words with its code."""
    return render(
        request,
        "zhiyuan/error.html",
        {"status": 403, "error": in_words(err, code=True), "code": err.code},
        status=403,
    )


def _readable(request: HttpRequest) -> bool:
    return bool(selectors.READERS & permissions_for(request.user, request))


def case_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's balance, what the debtor owes and a link to its funds page."""
    if case.type_code not in ENFORCEMENT_ACTION or not _readable(request):
        return None
    today = timezone.localdate()
    context = {
        "case": case,
        "balance": selectors.balance(case),
        "owed": selectors.owed(case, today),
        "pending": selectors.disbursements(case).filter(status=DisbursementStatus.PENDING).count(),
    }
    return SafeString(render_to_string("funds/_section.html", context, request=request))


def _page(
    request: HttpRequest, case: Case, status: int = 200, error: str = "", **bound: forms.Form
) -> HttpResponse:
    context = _context(request, case, **bound)
    context["error"] = error
    return render(request, "funds/case.html", context, status=status)


@require_GET
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    """``/funds/<case>/``."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    case = _case(request, number)
    try:
        authorize_any(request.user, selectors.READERS, request, obj=case)
    except Denied as err:
        return _refused(request, err)
    return _page(request, case)


def _act(
    request: HttpRequest,
    number: str,
    form: forms.Form | None,
    name: str,
    act: Callable[[Case, dict[str, Any]], str],
) -> HttpResponse:
    """Validate ``form`` (when given), run ``act``; back to the page with its message, or the page with the
    form's errors (400) or the refusal in words (403 / 400)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("funds:case", args=[number]), "accounts:login")
    case = _case(request, number)
    if form is not None and not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), **{name: form})
    try:
        done = act(case, form.cleaned_data if form is not None else {})
    except LawError as err:
        bound = {name: form} if form is not None else {}
        return _page(
            request, case, 403 if isinstance(err, Denied) else 400, in_words(err, form, code=True), **bound
        )
    messages.success(request, done)
    return redirect(reverse("funds:case", args=[case.case_number]))


def _booked(booked: Any) -> str:
    if booked.replayed:
        return gettext("该请求已处理过，未重复记账。")
    return gettext("已记账。")


@require_POST
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    form = f.ReceiptForm(request.POST)
    return _act(
        request, number, form, "receipt_form",
        lambda case, d: _booked(services.post_receipt(
            request.user, case, kind=d["kind"], amount=d["amount"], on=d["on"], key=d["key"],
            counterparty=d["counterparty"], note=d["note"], request=request,
        )),
    )  # fmt: skip


@require_POST
def outflow(request: HttpRequest, number: str) -> HttpResponse:
    form = f.OutflowForm(request.POST)
    return _act(
        request, number, form, "outflow_form",
        lambda case, d: _booked(services.post_outflow(
            request.user, case, kind=d["kind"], amount=d["amount"], on=d["on"], key=d["key"],
            counterparty=d["counterparty"], note=d["note"], request=request,
        )),
    )  # fmt: skip


@require_POST
def request_disbursement(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number) if request.user.is_authenticated else None
    form = f.DisbursementForm(request.POST, creditors=_creditors(case) if case else ())

    def act(case: Case, d: dict[str, Any]) -> str:
        services.request_disbursement(
            request.user, case, party_id=d["party"], amount=d["amount"], on=d["on"],
            scheme=d["scheme"], note=d["note"], request=request,
        )  # fmt: skip
        return gettext("已提交发放申请，待审批。")

    return _act(request, number, form, "request_form", act)


def _disbursement(case: Case, pk: int) -> Disbursement:
    found = Disbursement.objects.select_related("account__case").filter(pk=pk, account__case=case).first()
    if found is None:
        raise Http404(gettext("发放申请不存在。"))
    return found


@require_POST
def approve(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    def act(case: Case, d: dict[str, Any]) -> str:
        done = services.approve(request.user, _disbursement(case, pk), request)
        return (
            gettext("已批准发放。")
            if done.status == DisbursementStatus.APPROVED
            else gettext("已审批，待下一审批人。")
        )

    return _act(request, number, None, "", act)


@require_POST
def refuse(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    form = f.RefuseForm(request.POST)

    def act(case: Case, d: dict[str, Any]) -> str:
        services.refuse_disbursement(request.user, _disbursement(case, pk), d["reason"], request)
        return gettext("已不予批准。")

    return _act(request, number, form, "refuse_form", act)


@require_POST
def pay(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    form = f.PayForm(request.POST)
    return _act(
        request, number, form, "pay_form",
        lambda case, d: _booked(
            services.pay(request.user, _disbursement(case, pk), on=d["on"], key=d["key"], request=request)
        ),
    )  # fmt: skip


@require_POST
def reverse_posting(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    form = f.ReverseForm(request.POST)

    def act(case: Case, d: dict[str, Any]) -> str:
        posting = Posting.objects.select_related("account__case").filter(pk=pk, account__case=case).first()
        if posting is None:
            raise Http404(gettext("记账不存在。"))
        return _booked(
            services.reverse(
                request.user, posting, on=d["on"], key=d["key"], reason=d["reason"], request=request
            )
        )

    return _act(request, number, form, "reverse_form", act)


@require_POST
def set_due(request: HttpRequest, number: str) -> HttpResponse:
    form = f.DueForm(request.POST)

    def act(case: Case, d: dict[str, Any]) -> str:
        services.set_performance_due(request.user, case, d["due"], request)
        return gettext("已记录履行期限届满日。")

    return _act(request, number, form, "due_form", act)


@require_GET
def report(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """``/funds/reports/<year>/<month>/``: the user's court's reconciliation for the month (XLSX)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    try:
        authorize_any(request.user, {"report:export", "funds:view"}, request)
    except Denied as err:
        return _refused(request, err)
    court_id = getattr(request.user, "court_id", None)
    if court_id is None or not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404(gettext("报表不存在。"))
    content = reconciliation.workbook(reconciliation.monthly(court_id, year, month))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="funds-{year}-{month:02d}.xlsx"'
    return response
