"""Pages of criminal-judgment transfers: the trial division's list of criminal judgments in its scope and
the transfer form (移送执行表) of one, and the section on the case page (the criminal case: transferred
or not; the enforcement case: the items, victims and property carried over). A refusal or a bad value
shows on the form in words; nothing is written."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import can
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.documents.docx import DOCX
from zhiyuan.enforcement import readers
from zhiyuan.enforcement.criminal import documents, rules, selectors, services
from zhiyuan.enforcement.models import AssetClass, ItemKind, MeasureKind
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words

ITEM_ROWS = 6
SEIZED_ROWS = 4
ITEM_FIELDS = ("kind", "amount", "description", "victim_name", "victim_id", "secured")
SEIZED_FIELDS = ("asset_class", "description", "register_ref", "location", "estimated_value", "measure",
                 "starts_on", "ends_on", "authority")  # fmt: skip


def case_section(request: HttpRequest, case: Case) -> SafeString | None:
    """``cases.page_sections``: a criminal judgment's transfer (or the way to it), or what an enforcement
    case was transferred with."""
    if case.type_code in rules.CRIMINAL_TITLES:
        found = selectors.of_criminal(case)
        may = can(request.user, services.TRANSFER, request)
        if found is None and not may:
            return None
        context: dict[str, Any] = {"case": case, "transfer": found, "may": may, "side": "criminal"}
    else:
        found = selectors.of_enforcement(case)
        if found is None or not readers.may_read(request.user, request):
            return None
        context = {"case": case, "transfer": found, "items": selectors.items(found), "side": "enforcement"}
    return SafeString(render_to_string("enforcement/criminal/_section.html", context, request=request))


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    return (
        None
        if request.user.is_authenticated
        else redirect_to_login(request.get_full_path(), "accounts:login")
    )


def _refused(request: HttpRequest) -> HttpResponse | None:
    """The platform's error page (403, in words with its code) for a user without ``trial:transfer``."""
    try:
        authorize(request.user, services.TRANSFER, request)
    except Denied as err:
        context = {"status": 403, "error": in_words(err, code=True), "code": err.code}
        return render(request, "zhiyuan/error.html", context, status=403)
    return None


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """``/enforcement/criminal/``: the criminal judgments in scope, transferred or to transfer."""
    if (login := _signed_in(request)) is not None:
        return login
    if (refused := _refused(request)) is not None:
        return refused
    return render(request, "enforcement/criminal/index.html", {"cases": selectors.transferable(request.user)})


def _criminal(request: HttpRequest, number: str) -> Case:
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in rules.CRIMINAL_TITLES:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    return case


def _rows(data: Any, prefix: str, fields: tuple[str, ...], count: int) -> list[dict[str, str]]:
    return [{f: str(data.get(f"{prefix}-{n}-{f}", "")).strip() for f in fields} for n in range(count)]


def _items(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        if not any(r.values()):
            continue
        victim = (
            {"name": r["victim_name"], "id_number": r["victim_id"]}
            if r["victim_name"] or r["victim_id"]
            else None
        )
        out.append({"kind": r["kind"], "amount": r["amount"], "description": r["description"], "victim": victim,
                    "secured": r["secured"] == "on"})  # fmt: skip
    return out


def _seized(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows if any(v for k, v in r.items() if k not in ("asset_class", "measure"))]


@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, number: str) -> HttpResponse:
    """``/enforcement/criminal/<number>/transfer/``: the transfer form of a criminal judgment; on success to
    the enforcement case it filed."""
    if (login := _signed_in(request)) is not None:
        return login
    if (refused := _refused(request)) is not None:
        return refused
    case = _criminal(request, number)
    data: Any = request.POST if request.method == "POST" else {}
    items = _rows(data, "item", ITEM_FIELDS, ITEM_ROWS)
    seized = _rows(data, "seized", SEIZED_FIELDS, SEIZED_ROWS)
    today = timezone.localdate().isoformat()
    context: dict[str, Any] = {
        "case": case,
        "transfer": selectors.of_criminal(case),
        "defendants": CaseParty.objects.filter(case=case, side=Side.DEFENDANT).select_related("party"),
        "values": {
            "effective_on": data.get("effective_on", today),
            "transferred_on": data.get("transferred_on", today),
            "defendant_id": data.get("defendant_id", ""),
            "property_leads": data.get("property_leads", ""),
            "note": data.get("note", ""),
        },
        "items": items,
        "seized": seized,
        "item_kinds": ItemKind.choices,
        "asset_classes": AssetClass.choices,
        "measures": [(k, v) for k, v in MeasureKind.choices if k in services.SEIZED_MEASURES],
        "citations": [rules.ART_6, rules.ART_7, rules.ART_8],
        "error": "",
    }
    if request.method != "POST":
        return render(request, "enforcement/criminal/transfer.html", context)
    try:
        made = services.transfer(
            request.user,
            case,
            effective_on=data.get("effective_on"),
            transferred_on=data.get("transferred_on"),
            defendant_id=data.get("defendant_id") or None,
            items=_items(items),
            seized=_seized(seized),
            property_leads=data.get("property_leads", ""),
            note=data.get("note", ""),
            request=request,
        )
    except LawError as err:
        context["error"] = in_words(err, code=True)
        return render(
            request,
            "enforcement/criminal/transfer.html",
            context,
            status=403 if isinstance(err, Denied) else 400,
        )
    return redirect(reverse("cases:detail", args=[made.enforcement_case.case_number]) + "#criminal")


@require_GET
def transfer_form(request: HttpRequest, number: str) -> HttpResponse:
    """``/enforcement/criminal/<number>/form/``: the transfer form (DOCX) of a transferred judgment, by
    either case's number, for whoever may read the case (the trial division, or enforcement)."""
    if (login := _signed_in(request)) is not None:
        return login
    case = case_selectors.case_detail(request.user, number)
    found = (selectors.of_criminal(case) or selectors.of_enforcement(case)) if case is not None else None
    may = can(request.user, services.TRANSFER, request) or readers.may_read(request.user, request)
    if found is None or not may:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    response = HttpResponse(documents.transfer_form(request.user, found, request), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="transfer-{found.pk}.docx"'
    return response
