"""Property (物) pages of the command center: a court's district by court and asset class
(``/command/courts/<code>/property/``) and the lists behind each count
(``/command/courts/<code>/property/list/?item=held|expiring|disposal|<registered key>[&class=…]``), each
with ``?format=xlsx`` for the workbook."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET

from zhiyuan.command import board_definitions, export, labels, overview, property
from zhiyuan.command.people_views import crumbs
from zhiyuan.command.views import PAGE_SIZE, commander
from zhiyuan.enforcement.measures import selectors as measures
from zhiyuan.enforcement.models import AssetClass, AssetStatus, MeasureKind
from zhiyuan.law.errors import LawError

BUILT_IN = ("held", "expiring", "disposal")


def _name(key: str) -> str:
    if key in board_definitions.PROPERTY:
        return board_definitions.PROPERTY[key].name
    for f in property.extra_figures():
        if f.key == key:
            return f.en if (get_language() or "").startswith("en") else f.zh
    return key


def _list_url(code: str, item: str, asset_class: str = "") -> str:
    url = f"{reverse('command:property_list', args=[code])}?item={item}"
    return f"{url}&class={asset_class}" if asset_class else url


def _row(r: property.CourtProperty, classes: list[str], extra: list[str]) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.name,
        "url": reverse("command:property", args=[r.code]),
        "held": r.held,
        "held_value": labels.yuan_compact(r.held_value),
        "classes": [(c, r.by_class.get(c, 0), _list_url(r.code, "held", c)) for c in classes],
        "counts": [
            (k, r.extra.get(k, 0) if k not in BUILT_IN else getattr(r, k), _list_url(r.code, k))
            for k in (*BUILT_IN, *extra)
        ],
    }


def _workbook(request: HttpRequest, board: property.Board) -> HttpResponse:
    extra = [f.key for f in board.extra]
    header = [
        gettext("法院代字"),
        gettext("法院"),
        _name("held"),
        gettext("估计价值（元）"),
        *(str(AssetClass(c).label) for c in board.classes),
        *(_name(k) for k in (*BUILT_IN[1:], *extra)),
    ]
    rows = [
        [
            r.code,
            r.name,
            r.held,
            r.held_value,
            *(r.by_class.get(c, 0) for c in board.classes),
            r.expiring,
            r.disposal,
            *(r.extra.get(k, 0) for k in extra),
        ]
        for r in [board.total, *board.courts]
    ]
    filename = f"property-{board.court.code}-{timezone.localdate():%Y%m%d}.xlsx"
    sheet = export.Sheet(gettext("财产与控制措施"), header, rows)
    return export.download(request, filename, f"property:{board.court.code}", [sheet])


@require_GET
@commander
def property_page(request: HttpRequest, code: str) -> HttpResponse:
    """Assets under control by class and court, expiring measures and assets in disposal."""
    court = overview.court_for(request.user, code, request)
    board = property.board(court, timezone.localdate())
    if request.GET.get("format") == "xlsx":
        return _workbook(request, board)
    extra = [f.key for f in board.extra]
    context = {
        "court": court,
        "crumbs": crumbs(request, court, "command:property"),
        "back": reverse("command:court", args=[court.code]),
        "classes": [(c, AssetClass(c).label) for c in board.classes],
        "counts": [(k, _name(k)) for k in (*BUILT_IN, *extra)],
        "total": _row(board.total, board.classes, extra),
        "courts": [_row(r, board.classes, extra) for r in board.courts],
        "held_name": _name("held"),
    }
    return render(request, "command/property.html", context)


def _items(item: str, ids: list[int], asset_class: str) -> tuple[str, Any]:
    """(kind of row, queryset) behind a count."""
    today = timezone.localdate()
    if item == "held":
        qs = measures.held_assets(ids)
        if asset_class:
            qs = qs.filter(asset_class=asset_class)
        return "asset", qs.select_related("case", "case__court").order_by("case__court__code", "pk")
    if item == "disposal":
        qs = measures.in_disposal(ids).select_related("case", "case__court")
        return "asset", qs.order_by("case__court__code", "pk")
    if item == "expiring":
        return "measure", measures.expiring(ids, today, property.EXPIRING_DAYS).select_related("case__court")
    for f in property.extra_figures():
        if f.key == item:
            return "case", f.cases(ids, today).select_related("court").order_by("filed_on", "pk")
    raise LawError(
        "unknown_item",
        f"未知的财产统计项“{item}”。",
        f"Unknown property figure '{item}'.",
    )


def _cells(kind: str, obj: Any) -> dict[str, Any]:
    case = obj if kind == "case" else obj.case
    out: dict[str, Any] = {
        "case_number": case.case_number,
        "court": case.court.name,
        "url": reverse("cases:detail", args=[case.case_number]),
    }
    if kind == "asset":
        out |= {
            "what": f"{AssetClass(obj.asset_class).label} · {obj.description}",
            "state": str(AssetStatus(obj.status).label),
            "value": obj.estimated_value,
            "date": None,
        }
    elif kind == "measure":
        out |= {
            "what": str(MeasureKind(obj.kind).label),
            "state": "",
            "value": obj.amount,
            "date": obj.ends_on,
        }
    else:
        out |= {"what": case.cause_text, "state": "", "value": case.claim_amount, "date": case.filed_on}
    return out


@require_GET
@commander
def property_list(request: HttpRequest, code: str) -> HttpResponse:
    """The assets, measures or cases behind one count of the property page."""
    court = overview.court_for(request.user, code, request)
    item = request.GET.get("item", "held")
    asset_class = request.GET.get("class", "")
    if asset_class and asset_class not in AssetClass.values:
        raise LawError("unknown_asset_class", "未知的财产类别。", "Unknown asset class.")
    kind, qs = _items(item, overview.district_ids(court), asset_class)
    title = _name(item) + (f" · {AssetClass(asset_class).label}" if asset_class else "")
    if request.GET.get("format") == "xlsx":
        sheet = export.Sheet(
            title,
            [
                gettext("案号"),
                gettext("法院"),
                gettext("财产或措施"),
                gettext("状态"),
                gettext("金额"),
                gettext("日期"),
            ],
            (
                [c["case_number"], c["court"], c["what"], c["state"], c["value"], c["date"]]
                for c in (_cells(kind, o) for o in qs)
            ),
        )
        name = f"property-{item}-{court.code}-{timezone.localdate():%Y%m%d}.xlsx"
        return export.download(request, name, f"property:{item}:{court.code}", [sheet])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "court": court,
        "item": item,
        "asset_class": asset_class,
        "title": title,
        "page": page,
        "rows": [_cells(kind, o) for o in page.object_list],
        "back": reverse("command:property", args=[court.code]),
        "query": f"item={item}" + (f"&class={asset_class}" if asset_class else ""),
    }
    return render(request, "command/property_list.html", context)
