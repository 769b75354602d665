"""Command-center pages: the overview of the user's district, the drill-down to any court in it, and the
case lists behind the tree's counts. Charts are ECharts fed by ``json_script``; every label is translated
on the server, so the English switch changes the charts too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases.names import closing_name, deadline_name, kind_name, status_name
from zhiyuan.command import (
    board_definitions,
    definitions,
    export,
    labels,
    overview,
    selectors,
    situation,
)
from zhiyuan.courts.models import Court
from zhiyuan.law.derivation import KINDS
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words

PAGE_SIZE = 50
View = Callable[..., HttpResponse]


def _error(request: HttpRequest, err: LawError) -> HttpResponse:
    status = 403 if isinstance(err, Denied) else 422
    context = {"error": in_words(err), "code": err.code, "status": status}
    return render(request, "command/error.html", context, status=status)


def commander(view: View) -> View:
    """Signed-in users holding ``command:view``; domain errors become a page with their message."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "accounts:login")
        try:
            authorize(request.user, "command:view", request)  # audits a refusal
            return view(request, *args, **kwargs)
        except LawError as err:
            return _error(request, err)

    return wrapped


def _period_query(start: dt.date, end: dt.date) -> str:
    return urlencode({"from": start.isoformat(), "to": end.isoformat()})


def _tree_rows(node: dict[str, Any], query: str) -> list[dict[str, Any]]:
    """The children of a tree node as table rows, with drill-down and case-list links."""
    rows = []
    for child in node["children"]:
        code = child["code"]
        lists = {m: f"{reverse('command:cases', args=[code])}?measure={m}&{query}" for m in labels.MEASURES}
        rows.append(
            {
                **child,
                "level_name": str(labels.LEVELS.get(child["level"], child["level"])),
                "url": f"{reverse('command:court', args=[code])}?{query}",
                "lists": lists,
                "children": _tree_rows(child, query),
            }
        )
    return rows


def _charts(data: dict[str, Any]) -> dict[str, Any]:
    """The ECharts data of the page, labels in the current language."""
    monthly = data["monthly"]
    rates = [
        {"name": labels.indicator_name(r), "data": [m.get(r) for m in monthly]}
        for r in labels.TREND_RATES
        if any(r in m for m in monthly)
    ]
    derivative = data["indicators"].get("derivative") or {}
    children = data["tree"]["children"]
    return {
        "months": [m["month"] for m in monthly],
        "volume": [
            {"key": k, "name": labels.indicator_name(k), "data": [m.get(k, 0) for m in monthly]}
            for k in ("intake", "closed", "pending")
        ],
        "rates": rates,
        "derivative": [{"name": kind_name(k), "value": derivative[k]} for k in KINDS if derivative.get(k)],
        "courts": {
            "names": [c["name"] for c in children],
            "series": [
                {"key": k, "name": labels.indicator_name(k), "data": [c[k] for c in children]}
                for k in ("intake", "closed", "pending")
            ],
        },
        "none": gettext("暂无数据"),
    }


def _situation_url(code: str, item: str) -> str:
    return f"{reverse('command:cases', args=[code])}?measure={item}"


def _situation(data: dict[str, Any], code: str) -> dict[str, Any]:
    """The case-situation panel: the district's counts and each court's, with links to their cases."""
    names = board_definitions.SITUATION
    return {
        "heads": [(item, names[item].name, names[item].anchor) for item in situation.ITEMS],
        "total": [(item, data["total"][item], _situation_url(code, item)) for item in situation.ITEMS],
        "courts": [
            {
                "code": c["code"],
                "name": c["name"],
                "url": reverse("command:court", args=[c["code"]]),
                "counts": [(item, c[item], _situation_url(c["code"], item)) for item in situation.ITEMS],
            }
            for c in data["courts"]
        ],
    }


def overview_context(request: HttpRequest, court: Court) -> dict[str, Any]:
    """Everything the overview template shows for ``court``'s district."""
    start, end = overview.period(court, request.GET.get("from"), request.GET.get("to"))
    data = overview.overview(court, start, end)
    query = _period_query(start, end)
    home = selectors.home_court(request.user)
    indicators = data["indicators"]
    cards = [
        {
            "id": key,
            "name": labels.indicator_name(key),
            "value": labels.formatted(key, indicators.get(key)),
            "raw": indicators.get(key),
            "anchor": definitions.anchor("indicators", key),
        }
        for key in labels.INDICATORS
        if key in indicators
    ]
    names = labels.campaign_names()
    campaigns = [
        {
            "id": key,
            "name": labels.campaign_name(key, names),
            "cases_closed": figures.get("cases_closed", 0),
            "amount_recovered": figures.get("amount_recovered"),
            "amount": labels.yuan_compact(figures.get("amount_recovered")),
            "exact": labels.yuan(figures.get("amount_recovered")),
            "url": f"{reverse('command:campaign', args=[key])}?court={court.code}&{query}",
        }
        for key, figures in data["campaigns"].items()
    ]
    overdue = data["overdue"]
    derivative = indicators.get("derivative") or {}
    return {
        "court": court,
        "level_name": labels.LEVELS.get(court.level, court.level),
        "is_home": court.pk == home.pk,
        "crumbs": [
            {"code": c.code, "name": c.name, "url": f"{reverse('command:court', args=[c.code])}?{query}"}
            for c in selectors.ancestors(court, home)
        ],
        "start": start,
        "end": end,
        "query": query,
        "prev_year": _period_query(dt.date(start.year - 1, 1, 1), dt.date(start.year - 1, 12, 31)),
        "next_year": _period_query(dt.date(start.year + 1, 1, 1), dt.date(start.year + 1, 12, 31)),
        "data": data,
        "computed_at": timezone.localtime(dt.datetime.fromisoformat(data["computed_at"])),
        "headline": [c for c in cards if c["id"] in ("intake", "closed", "pending", "recovered_amount")],
        "cards": [c for c in cards if c["id"] not in ("intake", "closed", "pending", "recovered_amount")],
        "campaigns": campaigns,
        "may_report": "report:export" in permissions_for(request.user, request),
        "derivative": [(k, kind_name(k), derivative.get(k, 0)) for k in KINDS if derivative.get(k)],
        "tree": _tree_rows(data["tree"], query),
        "own_lists": {
            m: f"{reverse('command:cases', args=[court.code])}?measure={m}&{query}" for m in labels.MEASURES
        },
        "overdue": {
            "count": overdue["count"],
            "by_rule": [{**r, "name": deadline_name(r["rule"])} for r in overdue["by_rule"]],
            "oldest": [
                {
                    **d,
                    "name": deadline_name(d["rule"]),
                    "url": reverse("cases:detail", args=[d["case_number"]]),
                }
                for d in overdue["oldest"]
            ],
        },
        "charts": _charts(data),
        "situation": _situation(data["situation"], court.code),
        "figures": [
            (
                area,
                labels.FIGURE_AREAS.get(area, area),
                [(*labels.figure(area, k, v), definitions.anchor(area, k)) for k, v in figures.items()],
            )
            for area, figures in data["figures"].items()
        ],
    }


@require_GET
@commander
def home(request: HttpRequest) -> HttpResponse:
    """``/command/``: the overview of the user's own district."""
    return render(
        request, "command/overview.html", overview_context(request, overview.court_for(request.user))
    )


@require_GET
@commander
def court(request: HttpRequest, code: str) -> HttpResponse:
    """``/command/courts/<code>/``: the same overview for a court in the user's district."""
    found = overview.court_for(request.user, code, request)
    return render(request, "command/overview.html", overview_context(request, found))


def _case_rows(cases: Any) -> list[dict[str, Any]]:
    return [
        {
            "case": c,
            "url": reverse("cases:detail", args=[c.case_number]),
            "status": status_name(c.type_code, c.status),
            "closing": closing_name(c.closing_method),
        }
        for c in cases
    ]


def _situation_cases(request: HttpRequest, court: Court, item: str) -> HttpResponse:
    """The open cases behind a count of the case-situation panel (now, not a period); ``format=xlsx``
    downloads them."""
    qs = situation.cases(request.user, court, item, timezone.localdate())
    name = board_definitions.SITUATION[item].name
    if request.GET.get("format") == "xlsx":
        filename = f"cases-{item}-{court.code}-{timezone.localdate():%Y%m%d}.xlsx"
        return export.download(
            request, filename, f"cases:{item}:{court.code}", [export.case_sheet(name, qs.iterator())]
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "court": court,
        "measure": item,
        "measure_name": name,
        "measures": [(m, board_definitions.SITUATION[m].name) for m in situation.ITEMS],
        "situation": True,
        "query": "",
        "page": page,
        "rows": _case_rows(page.object_list),
        "back": reverse("command:court", args=[court.code]),
    }
    return render(request, "command/cases.html", context)


@require_GET
@commander
def cases(request: HttpRequest, code: str) -> HttpResponse:
    """``/command/courts/<code>/cases/?measure=…``: the enforcement cases behind a count of the tree."""
    found = overview.court_for(request.user, code, request)
    measure = request.GET.get("measure", "pending")
    if measure in situation.ITEMS:
        return _situation_cases(request, found, measure)
    start, end = overview.period(found, request.GET.get("from"), request.GET.get("to"))
    qs = selectors.measure_cases(request.user, found, measure, start, end)
    query = _period_query(start, end)
    if request.GET.get("format") == "xlsx":
        filename = f"cases-{measure}-{found.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        sheet = export.case_sheet(str(labels.MEASURES[measure]), qs.iterator())
        return export.download(request, filename, f"cases:{measure}:{found.code}", [sheet])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "court": found,
        "measure": measure,
        "measure_name": labels.MEASURES[measure],
        "measures": [(m, name) for m, name in labels.MEASURES.items()],
        "start": start,
        "end": end,
        "query": query,
        "page": page,
        "rows": _case_rows(page.object_list),
        "back": f"{reverse('command:court', args=[found.code])}?{query}",
    }
    return render(request, "command/cases.html", context)


@require_GET
@commander
def situation_export(request: HttpRequest, code: str) -> HttpResponse:
    """``/command/courts/<code>/situation.xlsx``: the case-situation counts of the overview's panel."""
    found = overview.court_for(request.user, code, request)
    data = situation.counts(found, timezone.localdate())
    names = [board_definitions.SITUATION[item].name for item in situation.ITEMS]
    rows = [
        [c["code"], c["name"], *(c[item] for item in situation.ITEMS)]
        for c in [data["total"], *data["courts"]]
    ]
    sheet = export.Sheet(gettext("案件态势"), [gettext("法院代字"), gettext("法院"), *names], rows)
    filename = f"situation-{found.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return export.download(request, filename, f"situation:{found.code}", [sheet])
