"""``/funds/<case>/criminal/``: a criminal judgment's property parts paid in the Art 13 order — propose an
allocation of the money the account holds, approve or refuse it (another person, second factor), and ask
for a row's disbursement (a victim, or the treasury). A refusal shows on the page in words with its code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

import zhiyuan.enforcement.selectors as enforcement
from zhiyuan.accounts.policy import authorize_any
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases.models import Case
from zhiyuan.cases.page_links import PageLink
from zhiyuan.funds import criminal, selectors
from zhiyuan.funds.models_criminal import CriminalAllocation
from zhiyuan.funds.views import _case, _refused
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words


def page_link(request: HttpRequest, case: Case) -> PageLink | None:
    """``cases.page_links``: the way to the allocation page from a transferred criminal judgment's case."""
    if not selectors.READERS & permissions_for(request.user, request):
        return None
    if enforcement.criminal_claims(case) is None:
        return None
    return PageLink(
        "funds.criminal", gettext("刑事涉财受偿顺序"), reverse("funds:criminal", args=[case.case_number])
    )


def _page(request: HttpRequest, case: Case, status: int = 200, error: str = "") -> HttpResponse:
    held = permissions_for(request.user, request)
    context = {
        "case": case,
        "allocations": criminal.of_case(case)[:20],
        "balance": selectors.balance(case),
        "disburses": "funds:disburse" in held,
        "approves": "approval:grant" in held,
        "today": timezone.localdate().isoformat(),
        "error": error,
    }
    return render(request, "funds/criminal.html", context, status=status)


def _day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _run(request: HttpRequest, case: Case, act: Callable[[], Any]) -> HttpResponse:
    try:
        act()
    except Denied as err:
        return _page(request, case, 403, in_words(err, code=True))
    except LawError as err:
        return _page(request, case, 400, in_words(err, code=True))
    return redirect(reverse("funds:criminal", args=[case.case_number]))


def _bad_date(request: HttpRequest, case: Case) -> HttpResponse:
    return _page(
        request,
        case,
        400,
        in_words(LawError("date_invalid", "日期无效。", "The date is invalid."), code=True),
    )


@require_http_methods(["GET", "POST"])
def allocations(request: HttpRequest, number: str) -> HttpResponse:
    """The case's allocations; POST proposes one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "accounts:login")
    case = _case(request, number)
    try:
        authorize_any(request.user, selectors.READERS, request, obj=case)
    except Denied as err:
        return _refused(request, err)
    if request.method == "GET":
        return _page(request, case)
    on = _day(request.POST.get("on", ""))
    if on is None:
        return _bad_date(request, case)
    return _run(request, case, lambda: criminal.propose(request.user, case, on=on, request=request))


def _found(request: HttpRequest, number: str, pk: int) -> tuple[Case, CriminalAllocation]:
    case = _case(request, number)
    return case, get_object_or_404(CriminalAllocation, pk=pk, account__case=case)


@require_POST
def approve(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Approve a proposal."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("funds:criminal", args=[number]), "accounts:login")
    case, found = _found(request, number, pk)
    return _run(request, case, lambda: criminal.approve(request.user, found, request))


@require_POST
def refuse(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Refuse a proposal with a reason."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("funds:criminal", args=[number]), "accounts:login")
    case, found = _found(request, number, pk)
    return _run(
        request, case, lambda: criminal.refuse(request.user, found, request.POST.get("reason", ""), request)
    )


@require_POST
def payment(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Ask for one row's disbursement (the rest of its share, or the amount given)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("funds:criminal", args=[number]), "accounts:login")
    case, found = _found(request, number, pk)
    on = _day(request.POST.get("on", ""))
    if on is None:
        return _bad_date(request, case)
    claim, amount = request.POST.get("claim_id", ""), request.POST.get("amount", "").strip() or None
    return _run(
        request,
        case,
        lambda: criminal.request_payment(request.user, found, claim, on=on, amount=amount, request=request),
    )
