"""执行工作月报 pages: ask for a court's monthly report, follow its progress and download its XLSX and DOCX
(``/command/reports/``), and replace the court's DOCX template (permission ``report:export``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhiyuan.accounts.policy import authorize
from zhiyuan.command import overview
from zhiyuan.command.reports import download, selectors, services
from zhiyuan.command.reports import render as rendering
from zhiyuan.command.reports.models import ReportStatus
from zhiyuan.command.views import commander
from zhiyuan.law.errors import Denied, LawError
from zhiyuan.problems import in_words


def _status(err: Exception) -> int:
    return 403 if isinstance(err, Denied) else 422


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: an uploaded template is read at most this far (the documents package refuses anything larger)
READ_LIMIT = 2 * 1024 * 1024 + 1


def _context(request: HttpRequest, error: str = "") -> dict[str, Any]:
    court = overview.court_for(request.user, request.GET.get("court", ""), request)
    today = timezone.localdate()
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rows = list(selectors.visible(request.user)[: selectors.LISTED])
    return {
        "court": court,
        "month": f"{last:%Y-%m}",
        "rows": rows,
        "running": any(r.status in (ReportStatus.QUEUED, ReportStatus.RUNNING) for r in rows),
        "custom_template": selectors.has_template(court.pk),
        "error": error,
    }


@require_http_methods(["GET", "POST"])
@commander
def reports_page(request: HttpRequest) -> HttpResponse:
    """The reports of the user's district, and the form that asks for one."""
    authorize(request.user, services.PERMISSION, request)
    if request.method == "POST":
        try:
            services.request_report(
                request.user, request.POST.get("court", ""), request.POST.get("month", ""), request
            )
        except LawError as err:
            return render(
                request,
                "command/reports/list.html",
                _context(request, in_words(err, code=True)),
                status=_status(err),
            )
        return redirect("command:reports")
    return render(request, "command/reports/list.html", _context(request))


@require_GET
@commander
def report_file(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    """A finished report's XLSX or DOCX (audited as an export)."""
    try:
        return download.file_response(request, report_id, fmt)
    except Denied:
        raise
    except LawError:
        raise Http404(str(report_id)) from None


@require_POST
@commander
def template_upload(request: HttpRequest) -> HttpResponse:
    """Replace (or, with ``restore``, give up) the court's report template."""
    code = request.POST.get("court", "")
    try:
        if request.POST.get("restore"):
            services.restore_template(request.user, code, request)
        else:
            upload = request.FILES.get("template")
            content = upload.read(READ_LIMIT) if upload is not None else b""
            services.upload_template(request.user, code, content, request)
    except LawError as err:
        return render(
            request,
            "command/reports/list.html",
            _context(request, in_words(err, code=True)),
            status=_status(err),
        )
    return redirect(f"{reverse('command:reports')}?court={code}")


@require_GET
@commander
def template_download(request: HttpRequest) -> HttpResponse:
    """The template in force for the court (its own, or the built-in one), to edit and upload again."""
    authorize(request.user, services.PERMISSION, request)
    court = overview.court_for(request.user, request.GET.get("court", ""), request)
    content = selectors.template_of(court.pk) or rendering.builtin_template()
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''report-template.docx"
    return response
