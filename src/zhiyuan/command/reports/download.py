"""A finished monthly report's file as a download, audited as an export — one path for the page and the
API (the page turns a refusal into its 404)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.services import record_export
from zhiyuan.command.export import XLSX
from zhiyuan.command.reports import selectors, services
from zhiyuan.command.reports.models import ReportStatus
from zhiyuan.law.errors import LawError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_response(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    """The report's ``xlsx`` or ``docx`` in the user's district; ``report_not_found`` when there is none."""
    authorize(request.user, services.PERMISSION, request)
    r = selectors.one(request.user, report_id)
    content = r.xlsx if fmt == "xlsx" else r.docx if fmt == "docx" else None
    if r.status != ReportStatus.DONE or content is None:
        raise LawError(
            "report_not_found",
            "报表文件不存在或尚未生成。",
            "The report file does not exist or is not ready.",
        )
    name = f"执行工作月报-{r.court.code}-{r.month:%Y-%m}.{fmt}"
    record_export(
        actor(request.user, request),
        "command.report",
        scope=f"report:{r.court.code}",
        fmt=fmt,
        target=name,
        rows=1,
    )
    response = HttpResponse(bytes(content), content_type=XLSX if fmt == "xlsx" else DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
