"""Measures and property on the enforcement case page (two ``cases.page_sections`` sections, 控制措施 and
财产), the case's measures page where the forms post and a refusal shows in words with its code, and the
expiry calendar with batch renewal (one result per measure, shown after the redirect)."""

from __future__ import annotations

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.measures import guard, selectors, services
from zhiyuan.enforcement.measures.forms import (
    AssetForm,
    BatchForm,
    CalendarForm,
    ReleaseForm,
    RenewForm,
    TakeForm,
)
from zhiyuan.enforcement.models import Measure
from zhiyuan.enforcement.property import services as property_services
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import english, in_words


def message(err: LawError, form: Any = None) -> str:
    """A refusal in words (a field by its label on ``form``) with its stable code."""
    return in_words(err, form, code=True)


def signed_in(request: HttpRequest) -> HttpResponse | None:
    """The login page for a visitor, else None."""
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.get_full_path(), "accounts:login")


def status_of(err: LawError) -> int:
    """403 for a refusal, 400 for a bad value or a rule."""
    return 403 if isinstance(err, Denied) else 400


def _case(request: HttpRequest, number: str) -> Case:
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in ENFORCEMENT_ACTION:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


def _asset_choices(case: Case) -> list[tuple[int, str]]:
    return [(a.pk, f"{a.get_asset_class_display()} {a.description}") for a in selectors.case_assets(case)]


def _context(request: HttpRequest, case: Case, **forms_in: forms.Form) -> dict[str, Any]:
    today = timezone.localdate()
    measures = list(selectors.case_measures(case))
    soon = today.toordinal() + selectors.warn_days()
    return {
        "case": case,
        "measures": measures,
        "soon_ids": {
            m.pk for m in measures if m.status == "active" and m.ends_on and m.ends_on.toordinal() <= soon
        },
        "assets": list(selectors.case_assets(case)),
        "handles": guard.may_measure(request.user, case, request),
        "today": today,
        "take_form": forms_in.get("take_form")
        or TakeForm(assets=_asset_choices(case), initial={"on": today}),
        # every row's forms are fresh; the row whose form failed (``failed``) shows it bound, with errors
        "renew_form": RenewForm(initial={"on": today}, auto_id=False),
        "release_form": ReleaseForm(initial={"on": today}, auto_id=False),
        "renew_bound": forms_in.get("renew_form"),
        "release_bound": forms_in.get("release_form"),
        "asset_form": forms_in.get("asset_form") or AssetForm(),
    }


def _visible(request: HttpRequest, case: Case) -> bool:
    return case.type_code in ENFORCEMENT_ACTION and readers.may_read(request.user, request)


def measures_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's measures (控制措施) with their expiry and the officer's forms."""
    if not _visible(request, case):
        return None
    html = render_to_string("enforcement/measures/_measures.html", _context(request, case), request=request)
    return SafeString(html)


def property_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: the case's property (财产) and the form adding an asset."""
    if not _visible(request, case):
        return None
    html = render_to_string("enforcement/measures/_property.html", _context(request, case), request=request)
    return SafeString(html)


def _page(
    request: HttpRequest,
    case: Case,
    status: int = 200,
    error: str = "",
    failed: int | None = None,
    **forms_in: forms.Form,
) -> HttpResponse:
    context = _context(request, case, **forms_in)
    context["error"], context["failed"] = error, failed
    return render(request, "enforcement/measures/case.html", context, status=status)


@require_GET
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    """``/enforcement/cases/<number>/measures/``: the case's measures and property with the forms."""
    if (login := signed_in(request)) is not None:
        return login
    return _page(request, _case(request, number))


def _back(case: Case, anchor: str) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case.case_number]) + anchor)


@require_POST
def take(request: HttpRequest, number: str) -> HttpResponse:
    """Take a measure on one of the case's assets."""
    if (login := signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = TakeForm(request.POST, assets=_asset_choices(case))
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), take_form=form)
    data = form.cleaned_data
    asset = selectors.case_assets(case).get(pk=data["asset"])
    try:
        services.take_measure(
            request.user,
            case,
            asset=asset,
            kind=data["kind"],
            on=data["on"],
            amount=data["amount"],
            request=request,
        )
    except LawError as err:
        return _page(request, case, status_of(err), message(err, form), take_form=form)
    return _back(case, "#measures")


def _measure(request: HttpRequest, number: str, pk: int) -> tuple[Case, Measure]:
    case = _case(request, number)
    m = selectors.case_measures(case).filter(pk=pk).select_related("case").first()
    if m is None:
        raise Http404(gettext("措施不存在。"))
    return case, m


@require_POST
def renew(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Renew one measure."""
    if (login := signed_in(request)) is not None:
        return login
    case, m = _measure(request, number, pk)
    form = RenewForm(request.POST)
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), m.pk, renew_form=form)
    try:
        services.renew(request.user, m, form.cleaned_data["on"], request)
    except LawError as err:
        return _page(request, case, status_of(err), message(err, form), m.pk, renew_form=form)
    return _back(case, "#measures")


@require_POST
def release(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """Release one measure with a reason."""
    if (login := signed_in(request)) is not None:
        return login
    case, m = _measure(request, number, pk)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), m.pk, release_form=form)
    try:
        services.release(request.user, m, form.cleaned_data["on"], form.cleaned_data["reason"], request)
    except LawError as err:
        return _page(request, case, status_of(err), message(err, form), m.pk, release_form=form)
    return _back(case, "#measures")


@require_POST
def add_asset(request: HttpRequest, number: str) -> HttpResponse:
    """Add an asset to the case's inventory."""
    if (login := signed_in(request)) is not None:
        return login
    case = _case(request, number)
    form = AssetForm(request.POST)
    if not form.is_valid():
        return _page(request, case, 400, gettext("请更正标出的内容。"), asset_form=form)
    try:
        property_services.add_asset(request.user, case, **form.cleaned_data, request=request)
    except LawError as err:
        return _page(request, case, status_of(err), message(err, form), asset_form=form)
    return _back(case, "#property")


# ------------------------------------------------------------------------------------------- calendar


def _report(request: HttpRequest, r: services.Outcome) -> None:
    """One measure's batch result as a message for the page after the redirect."""
    tag = f"result-{r.measure_id}"
    if r.ok:
        end = r.ends_on.isoformat() if r.ends_on else ""
        text = gettext("措施 %(id)s 已续行至 %(end)s") % {"id": r.measure_id, "end": end}
        messages.success(request, text, extra_tags=tag)
        return
    why = r.message_en if english() else r.message_zh
    head = gettext("措施 %(id)s 未续行") % {"id": r.measure_id}
    messages.error(request, f"{head}：{why}（{r.code}）", extra_tags=tag)


@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """``/enforcement/measures/calendar/``: the measures in force ending within N days (``?within=``, the
    court's default otherwise) on the user's cases; POST renews the selected ones, each on its own, and
    shows each result."""
    if (login := signed_in(request)) is not None:
        return login
    if not readers.may_read(request.user, request):
        raise Http404(gettext("页面不存在。"))
    window = CalendarForm(request.GET or None)
    within = selectors.warn_days()
    if window.is_valid() and window.cleaned_data["within"] is not None:
        within = window.cleaned_data["within"]
    today = timezone.localdate()
    error, status = "", 200
    batch = BatchForm(request.POST or None, initial={"on": today})
    if request.method == "POST":
        if batch.is_valid():
            results = services.renew_many(
                request.user, batch.cleaned_data["measures"], batch.cleaned_data["on"], request
            )
            for r in results:
                _report(request, r)
            return redirect(request.get_full_path())  # the results show once, on the page reloaded
        error, status = gettext("请选择要续行的措施并填写续行日期。"), 400
    rows = list(selectors.calendar(request.user, today, within))
    context = {
        "rows": [(m, (m.ends_on - today).days if m.ends_on else None) for m in rows],
        "within": within,
        "window": window if window.is_bound else CalendarForm(initial={"within": within}),
        "batch": batch,
        "error": error,
        "today": today,
    }
    return render(request, "enforcement/measures/calendar.html", context, status=status)
