"""专项行动 pages: the saved campaigns (``/command/campaigns/``), one campaign's summary line, figures by
court and by month and its cases with the money the funds ledger holds for each (``?format=xlsx`` for the
workbook), and the forms that create, edit and close a campaign (permission ``campaign:manage``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.command import export, overview
from zhiyuan.command.campaigns import selectors, services
from zhiyuan.command.campaigns.models import CampaignDefinition, CampaignKind
from zhiyuan.command.views import commander
from zhiyuan.courts.models import Court
from zhiyuan.law.derivation import KINDS
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words

PAGE_SIZE = 50


def _status(err: Exception) -> int:
    return 403 if isinstance(err, Denied) else 422


def _may_manage(request: HttpRequest) -> bool:
    return services.PERMISSION in permissions_for(request.user, request)


def _definition(code: str) -> CampaignDefinition:
    try:
        return selectors.by_code(code)
    except LawError:
        raise Http404(code) from None


def scope_and_period(request: HttpRequest, d: CampaignDefinition) -> tuple[Court, dt.date, dt.date]:
    """The court asked for (default: the user's own; outside the district an audited refusal) and the
    period (default: the campaign's own, up to today)."""
    court = overview.court_for(request.user, request.GET.get("court", ""), request)
    start, end = selectors.default_period(d, timezone.localdate())
    if request.GET.get("from") or request.GET.get("to"):
        start, end = overview.period(court, request.GET.get("from") or None, request.GET.get("to") or None)
    return court, start, end


@require_GET
@commander
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Every saved campaign, with a link to its figures."""
    rows = [
        {
            "d": d,
            "kind": d.get_kind_display(),
            "status": d.get_status_display(),
            "url": reverse("command:campaign", args=[d.code]),
        }
        for d in selectors.saved()
    ]
    return render(request, "command/campaigns/list.html", {"rows": rows, "may_manage": _may_manage(request)})


def _workbook(
    request: HttpRequest,
    d: CampaignDefinition,
    court: Court,
    line: dict[str, Any],
    months: list[dict[str, Any]],
    courts: list[dict[str, Any]],
    case_rows: list[list[Any]],
) -> HttpResponse:
    summary = export.Sheet(
        gettext("概况"),
        [
            gettext("专项行动"),
            gettext("法院"),
            gettext("期间自"),
            gettext("至"),
            gettext("结案数"),
            gettext("执行到位（元）"),
            gettext("案款到账（元）"),
            gettext("案款发放（元）"),
            gettext("说明"),
        ],
        [
            [
                d.name_zh,
                court.name,
                line["period"]["from"],
                line["period"]["to"],
                line["cases_closed"],
                line["amount_recovered"],
                line["funds_received"],
                line["funds_disbursed"],
                line["line_zh"],
            ]
        ],
    )
    by_court = export.Sheet(
        gettext("各法院"),
        [gettext("法院代字"), gettext("法院"), gettext("结案数"), gettext("执行到位（元）")],
        [[r["code"], r["name"], r["cases_closed"], r["amount_recovered"]] for r in courts],
    )
    by_month = export.Sheet(
        gettext("各月"),
        [gettext("月份"), gettext("结案数"), gettext("执行到位（元）")],
        [[r["month"], r["cases_closed"], r["amount_recovered"]] for r in months],
    )
    listed = export.Sheet(
        gettext("案件"),
        [
            gettext("案号"),
            gettext("法院"),
            gettext("案由"),
            gettext("标的额"),
            gettext("结案日期"),
            gettext("执行到位（元）"),
            gettext("案款到账（元）"),
            gettext("案款发放（元）"),
        ],
        case_rows,
    )
    name = f"{d.code}-{court.code}-{line['period']['from']}-{line['period']['to']}.xlsx"
    return export.download(
        request, name, f"campaign:{d.code}:{court.code}", [summary, by_court, by_month, listed]
    )


def _case_row(c: Any, cash: dict[str, Any]) -> list[Any]:
    return [
        c.case_number,
        c.court.name,
        c.cause_text,
        c.claim_amount,
        c.closed_on,
        c.recovered_amount,
        cash["received"],
        cash["disbursed"],
    ]


@require_GET
@commander
def campaign_page(request: HttpRequest, code: str) -> HttpResponse:
    """One campaign over a court's district and a period."""
    d = _definition(code)
    court, start, end = scope_and_period(request, d)
    ids = overview.district_ids(court)
    line = selectors.summary(d, court, start, end)
    courts = selectors.by_court(d, court, start, end)
    months = selectors.by_month(d, ids, start, end)
    qs = selectors.cases(d, ids, start, end)
    if request.GET.get("format") == "xlsx":
        listed = list(qs)
        cash = selectors.money([c.pk for c in listed])
        return _workbook(request, d, court, line, months, courts, [_case_row(c, cash[c.pk]) for c in listed])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cash = selectors.money([c.pk for c in page.object_list])
    period = {"from": start.isoformat(), "to": end.isoformat()}
    here = reverse("command:campaign", args=[d.code])
    for r in courts[1:]:
        r["url"] = f"{here}?{urlencode({'court': r['code'], **period})}"
    context = {
        "d": d,
        "court": court,
        "period": period,
        "line": line,
        "summary_text": line["line_en"]
        if (request.LANGUAGE_CODE or "").startswith("en")
        else line["line_zh"],
        "total": courts[0],
        "courts": courts[1:],
        "months": months,
        "page": page,
        "cases": [
            {"c": c, "url": reverse("cases:detail", args=[c.case_number]), **cash[c.pk]}
            for c in page.object_list
        ],
        "query": urlencode({"court": court.code, **period}),
        "may_manage": _may_manage(request) and d.status == "open",
        "chart": {"months": [m["month"] for m in months], "cases": [m["cases_closed"] for m in months]},
    }
    return render(request, "command/campaigns/detail.html", context)


def _form_context(
    request: HttpRequest, data: dict[str, Any], error: str = "", d: CampaignDefinition | None = None
) -> dict[str, Any]:
    return {
        "data": data,
        "error": error,
        "d": d,
        "kinds": CampaignKind.choices,
        "derived": KINDS,
    }


def _initial(d: CampaignDefinition) -> dict[str, Any]:
    out: dict[str, Any] = {f: getattr(d, f) for f in services.FIELDS}
    for key in ("causes", "type_codes", "origin_types", "derived_kinds", "courts"):
        out[key] = "\n".join(out[key])
    for key in ("starts_on", "ends_on", "claim_min", "claim_max"):
        out[key] = "" if out[key] is None else str(out[key])
    return out | {"code": d.code, "version": d.version}


@require_http_methods(["GET", "POST"])
@commander
def campaign_new(request: HttpRequest) -> HttpResponse:
    """The form that creates a campaign."""
    if request.method == "POST":
        data = request.POST.dict()
        try:
            d = services.create(request.user, data.get("code", ""), data, request)
        except LawError as err:
            return render(
                request,
                "command/campaigns/form.html",
                _form_context(request, data, in_words(err, code=True)),
                status=_status(err),
            )
        return redirect("command:campaign", d.code)
    authorize(request.user, services.PERMISSION, request)
    data = {"starts_on": timezone.localdate().isoformat(), "kind": "other"}
    return render(request, "command/campaigns/form.html", _form_context(request, data))


@require_http_methods(["GET", "POST"])
@commander
def campaign_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The form that edits an open campaign (the version read travels with it)."""
    d = _definition(code)
    if request.method == "POST":
        data = request.POST.dict()
        try:
            version = int(data.get("version") or 0)
            services.update(request.user, code, data, version, request)
        except (LawError, ValueError) as err:
            text = in_words(err, code=True) if isinstance(err, LawError) else gettext("版本号无效。")
            return render(
                request,
                "command/campaigns/form.html",
                _form_context(request, data | {"code": code}, text, d),
                status=_status(err),
            )
        return redirect("command:campaign", code)
    authorize(request.user, services.PERMISSION, request)
    return render(request, "command/campaigns/form.html", _form_context(request, _initial(d), "", d))


@require_POST
@commander
def campaign_close(request: HttpRequest, code: str) -> HttpResponse:
    """Close an open campaign."""
    _definition(code)
    try:
        version = int(request.POST.get("version") or 0)
    except ValueError:
        version = 0
    services.close(request.user, code, version, request)
    return redirect("command:campaign", code)
