"""Case pages: the dispute graph (every case of a dispute, with its links) and a party's cases."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from zhiyuan.cases import (
    selectors,
)
from zhiyuan.cases.lifecycles import FAMILIES, GENERIC, family_of
from zhiyuan.cases.models import Side
from zhiyuan.cases.names import (
    closing_name,
    family_name,
    kind_name,
    party_kind_name,
    role_name,
    status_name,
)
from zhiyuan.cases.views import reader
from zhiyuan.law.derivation import KINDS
from zhiyuan.privacy.masking import mask_identity

# ---------------------------------------------------------------------------------------------- graph


def _layers(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[int, tuple[int, int]]:
    """A layered layout: the column is the derivation depth, the row the filing order in that column."""
    origin = {e["to"]: e["from"] for e in edges}
    depth: dict[int, int] = {}

    def depth_of(node: int, seen: frozenset[int] = frozenset()) -> int:
        if node not in depth:
            parent = origin.get(node)
            depth[node] = 0 if parent is None or parent in seen else depth_of(parent, seen | {node}) + 1
        return depth[node]

    rows: dict[int, int] = {}
    place = {}
    for n in nodes:  # already in filing order
        column = depth_of(n["id"])
        place[n["id"]] = (column, rows.get(column, 0))
        rows[column] = rows.get(column, 0) + 1
    return place


@require_GET
@reader
def dispute(request: HttpRequest, dispute_id: int) -> HttpResponse:
    """``/cases/disputes/<id>/``: the dispute's cases as an ECharts graph, a table and its counts."""
    graph = selectors.dispute_graph(request.user, dispute_id)
    if graph is None:
        raise Http404(gettext("纠纷不存在或不在您的权限范围内。"))
    families = {n["family"]: FAMILIES.get(n["family"], GENERIC) for n in graph["nodes"]}
    categories = list(dict.fromkeys(n["family"] for n in graph["nodes"]))
    place = _layers(graph["nodes"], graph["edges"])
    numbers = {n["id"]: n["case_number"] for n in graph["nodes"]}
    handlers = selectors.handler_names(n["id"] for n in graph["nodes"] if n["visible"])
    kinds = {e["to"]: e["kind"] for e in graph["edges"]}
    rows = []
    chart_nodes = []
    for n in graph["nodes"]:
        url = reverse("cases:detail", args=[n["case_number"]]) if n["visible"] else None
        family = families[n["family"]]
        origin = next((e["from"] for e in graph["edges"] if e["to"] == n["id"]), None)
        rows.append(
            {
                **n,
                "url": url,
                "family_name": family_name(family),
                "status_name": status_name(n["type_code"], n["status"]) if n["visible"] else "",
                "closing": closing_name(n["closing_method"] or "") if n["visible"] else "",
                "kind": kind_name(kinds.get(n["id"], "")),
                "origin": numbers.get(origin) if origin else "",
                "handler": handlers.get(n["id"], ""),
            }
        )
        column, row = place[n["id"]]
        chart_nodes.append(
            {
                "name": n["case_number"],
                "category": categories.index(n["family"]),
                "value": [column, row],
                "url": url,
                "type_code": n["type_code"],
                "status": status_name(n["type_code"], n["status"]) if n["visible"] else "",
            }
        )
    chart = {
        "categories": [{"name": family_name(families[c])} for c in categories],
        "nodes": chart_nodes,
        "links": [
            {"source": numbers[e["from"]], "target": numbers[e["to"]], "kind": kind_name(e["kind"])}
            for e in graph["edges"]
            if e["from"] in numbers
        ],
        "outside": gettext("不在您的权限范围内"),
    }
    derivative = [(kind_name(k), graph["derivative"][k]) for k in KINDS if graph["derivative"].get(k)]
    context = {"graph": graph, "rows": rows, "chart": chart, "derivative": derivative}
    return render(request, "cases/dispute.html", context)


# ---------------------------------------------------------------------------------------------- party


@require_GET
@reader
def party(request: HttpRequest, party_id: int) -> HttpResponse:
    """``/cases/parties/<id>/``: the party and their cases across courts, within the viewer's scope."""
    cases = list(selectors.party_cases(request.user, party_id).prefetch_related("parties__party"))
    if not cases:
        raise Http404(gettext("当事人不存在或不在您的权限范围内。"))
    rows = []
    found = None
    handlers = selectors.handler_names(c.pk for c in cases)
    for c in cases:
        links = [cp for cp in c.parties.all() if cp.party_id == party_id]
        found = found or links[0].party
        family = family_of(c.type_code)
        rows.append(
            {
                "case": c,
                "url": reverse("cases:detail", args=[c.case_number]),
                "status": status_name(c.type_code, c.status),
                "family": family_name(family),
                "sides": [(str(Side(cp.side).label), role_name(family.code, cp.side)) for cp in links],
                "handler": handlers.get(c.pk, ""),
            }
        )
    if found is None:  # pragma: no cover - party_cases only returns cases the party is in
        raise Http404
    context = {
        "party": found,
        "kind": party_kind_name(found.kind),
        "id_number": mask_identity(found.id_number),
        "rows": rows,
    }
    return render(request, "cases/party.html", context)
