"""执行工作月报 over HTTP (mounted at ``/api/command/reports``): ask for a report (202: it is built in the
background), follow it (status, progress, and its figures when done) and download its files. Permission
``report:export``; a court sees its own district's reports, the high court every one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from zhiyuan.accounts.policy import authorize
from zhiyuan.command.reports import download, selectors, services
from zhiyuan.command.reports.models import MonthlyReport, ReportStatus
from zhiyuan.courts.models import Court
from zhiyuan.inputs.text import Line, column_length

router = Router(tags=["command"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportIn(Schema):
    court: Line = Field(
        "", description="法院代字；默认为本人所在法院", max_length=column_length(Court, "code")
    )
    month: Line = Field(..., description="YYYY-MM", max_length=7)


def _out(r: MonthlyReport, *, with_figures: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.pk,
        "court": r.court.code,
        "month": f"{r.month:%Y-%m}",
        "status": r.status,
        "progress": {"done": r.steps_done, "total": r.steps_total},
        "error": r.error or None,
        "requested_by": r.requested_by_name,
        "requested_at": r.requested_at.isoformat(timespec="seconds"),
        "finished_at": r.finished_at.isoformat(timespec="seconds") if r.finished_at else None,
    }
    if with_figures and r.status == ReportStatus.DONE:
        out["figures"] = r.figures
    return out


@router.post(
    "", summary="生成执行工作月报 Ask for a monthly report (built in the background)", response={202: dict}
)
def request_report(request: HttpRequest, body: ReportIn) -> Status[dict[str, Any]]:
    r = services.request_report(request.user, body.court, body.month, request)
    r.refresh_from_db()
    return Status(202, _out(r))


@router.get("", summary="执行工作月报列表 The reports of the user's district")
def list_reports(request: HttpRequest) -> list[dict[str, Any]]:
    authorize(request.user, services.PERMISSION, request)
    return [_out(r) for r in selectors.visible(request.user)[: selectors.LISTED]]


@router.get("/{report_id}", summary="执行工作月报 A report: status, progress, figures when done")
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    authorize(request.user, services.PERMISSION, request)
    return _out(selectors.one(request.user, report_id), with_figures=True)


@router.get("/{report_id}/{fmt}", summary="下载执行工作月报 A finished report's xlsx or docx")
def report_file(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    return download.file_response(request, report_id, fmt)
