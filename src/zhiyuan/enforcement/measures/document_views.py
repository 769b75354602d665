"""The measures' documents as downloads (a measure's ruling or assistance notice, an auction's
announcement, a case's enforcement notice and property report order) and the court's templates page
(download the built-in template, upload the court's own, go back to the built-in one)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from zhiyuan.cases import selectors as case_selectors
from zhiyuan.documents.docx import DOCX, MAX_TEMPLATE_BYTES
from zhiyuan.enforcement.measures import documents, paperwork, selectors
from zhiyuan.enforcement.measures.views import message, signed_in, status_of
from zhiyuan.enforcement.models import Auction, DocumentTemplate
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError
from zhiyuan.problems import english


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}.docx"
    return response


def _staff(request: HttpRequest) -> None:
    if "case:view" not in getattr(request, "permissions", frozenset()):
        raise Http404(gettext("页面不存在。"))


def _refused(request: HttpRequest, err: LawError) -> HttpResponse:
    """The site's error page with the refusal in words and its code (a document of another kind than
    the measure's, a missing fact)."""
    status = status_of(err)
    words = err.message_en if english() else err.message_zh
    page = {"status": status, "error": words, "code": err.code}
    return render(request, "zhiyuan/error.html", page, status=status)


@require_GET
def measure_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """``/enforcement/measures/<id>/documents/<kind>/``."""
    if (login := signed_in(request)) is not None:
        return login
    _staff(request)
    m = selectors.measure_for(request.user, pk)
    if m is None:
        raise Http404(gettext("措施不存在。"))
    try:
        content = paperwork.measure_document(request.user, m, kind, request)
    except LawError as err:
        return _refused(request, err)
    return _docx(content, kind)


@require_GET
def auction_document(request: HttpRequest, pk: int) -> HttpResponse:
    """``/enforcement/auctions/<id>/announcement/``."""
    if (login := signed_in(request)) is not None:
        return login
    _staff(request)
    auction = (
        Auction.objects.select_related("asset__case")
        .filter(pk=pk, asset__case__in=case_selectors.scoped(request.user))
        .first()
    )
    if auction is None:
        raise Http404(gettext("页面不存在。"))
    try:
        content = paperwork.auction_document(request.user, auction, request)
    except LawError as err:
        return _refused(request, err)
    return _docx(content, "auction_announcement")


@require_GET
def case_document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    """``/enforcement/cases/<number>/documents/<kind>/``."""
    if (login := signed_in(request)) is not None:
        return login
    _staff(request)
    case = case_selectors.case_detail(request.user, number)
    if case is None or case.type_code not in ENFORCEMENT_ACTION:
        raise Http404(gettext("案件不存在或不在您的权限范围内。"))
    try:
        content = paperwork.case_document(request.user, case, kind, request)
    except LawError as err:
        return _refused(request, err)
    return _docx(content, kind)


@require_GET
def default_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The built-in template of ``kind``, to start a court's own from."""
    if (login := signed_in(request)) is not None:
        return login
    _staff(request)
    if kind not in documents.FIELDS:
        raise Http404(gettext("页面不存在。"))
    return _docx(documents.default_template(kind), kind)


@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest) -> HttpResponse:
    """``/enforcement/measures/templates/``: each document kind, its fields, the court's own template if
    any; POST uploads one (``kind``, ``file``) or retires one (``kind``, ``retire``)."""
    if (login := signed_in(request)) is not None:
        return login
    _staff(request)
    error, status = "", 200
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            if request.POST.get("retire"):
                paperwork.retire_template(request.user, kind, request)
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise LawError("template_missing", "请选择模板文件。", "Choose a template file.")
                paperwork.upload_template(request.user, kind, upload.read(MAX_TEMPLATE_BYTES + 1), request)
            return redirect(reverse("enforcement:measure_templates"))
        except LawError as err:
            error, status = message(err), status_of(err)
    court_id = getattr(request.user, "court_id", None) or 0
    own = set(DocumentTemplate.objects.filter(court_id=court_id).values_list("kind", flat=True))
    kinds = [
        {
            "kind": kind,
            "name": names[1] if english() else names[0],
            "fields": documents.FIELDS[kind],
            "required": documents.REQUIRED[kind],
            "own": kind in own,
        }
        for kind, names in documents.NAMES.items()
    ]
    return render(
        request, "enforcement/measures/templates.html", {"kinds": kinds, "error": error}, status=status
    )
