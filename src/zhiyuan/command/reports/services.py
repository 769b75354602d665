"""Writes of the monthly reports: ask for one (checked, audited, its background job enqueued in the same
transaction), build it (the job: figures, workbook, charts, document — progress after each step), and
replace or restore a court's template (validated: a DOCX holding the required fields).

Who: permission ``report:export``, for the user's court or a court of their district (the high court's
report is the province's)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import actor
from zhiyuan.affairs import jobs
from zhiyuan.audit.services import Actor, record
from zhiyuan.command import overview
from zhiyuan.command.reports import figures, render
from zhiyuan.command.reports.models import MonthlyReport, ReportStatus, ReportTemplate
from zhiyuan.law.errors import LawError

PERMISSION = "report:export"
JOB = "command.monthly_report"
STEPS = ("figures", "xlsx", "docx")


def request_report(user: Any, court_code: str, month_text: str, request: Any = None) -> MonthlyReport:
    """Ask for the report of a court's district and month; it is built in the background."""
    authorize(user, PERMISSION, request)
    court = overview.court_for(user, court_code, request)
    month = figures.parse_month(month_text, timezone.localdate())
    who = actor(user, request)
    with transaction.atomic():
        r = MonthlyReport.objects.create(
            court=court,
            month=month,
            steps_total=len(STEPS),
            requested_by_id=who.id,
            requested_by_name=user.get_full_name(),
        )
        record(who, "report.request", obj=r, after={"court": court.code, "month": f"{month:%Y-%m}"})
        jobs.enqueue(JOB, key=f"command-report-{r.pk}", args={"report_id": r.pk}, court_id=court.pk)
    return r


def _step(report_id: int, done: int, **fields: Any) -> None:
    """Record progress at once (its own short transaction), so a page polling it sees it."""
    MonthlyReport.objects.filter(pk=report_id).update(steps_done=done, **fields)


def build(report_id: int) -> str:
    """The job: build the report's files. Idempotent: a finished report is left as it is."""
    r = MonthlyReport.objects.select_related("court").filter(pk=report_id).first()
    if r is None or r.status == ReportStatus.DONE:
        return "nothing to do"
    today = timezone.localdate()
    try:
        _step(r.pk, 0, status=ReportStatus.RUNNING, error="")
        data = figures.figures(r.court, r.month, today)
        _step(r.pk, 1)
        workbook = render.xlsx(data)
        _step(r.pk, 2)
        template = (
            ReportTemplate.objects.filter(court_id=r.court_id).values_list("content", flat=True).first()
        )
        document = render.docx(data, bytes(template) if template is not None else None, today)
    except LawError as err:  # the facts cannot give a report: final, no retry
        _step(r.pk, 0, status=ReportStatus.FAILED, error=f"{err.code}: {err.message_zh}"[:500])
        return f"failed: {err.code}"
    except Exception as exc:  # recorded on the report, then raised for the job runner to retry
        _step(r.pk, 0, status=ReportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:500])
        raise
    with transaction.atomic():
        MonthlyReport.objects.filter(pk=r.pk).update(
            status=ReportStatus.DONE,
            steps_done=len(STEPS),
            figures=data,
            xlsx=workbook,
            docx=document,
            finished_at=timezone.now(),
        )
        record(
            Actor(None, "system"),
            "report.build",
            obj=r,
            after={"court": r.court.code, "month": data["month"]},
        )
    return "done"


def upload_template(user: Any, court_code: str, content: bytes, request: Any = None) -> ReportTemplate:
    """Replace the court's report template (checked: a DOCX with the required fields)."""
    authorize(user, PERMISSION, request)
    court = overview.court_for(user, court_code, request)
    used = render.check_template(content)
    who = actor(user, request)
    with transaction.atomic():
        t, _ = ReportTemplate.objects.update_or_create(
            court=court, defaults={"content": content, "uploaded_by": user.get_full_name()}
        )
        record(
            who, "report.template", obj=t, after={"court": court.code, "fields": used, "bytes": len(content)}
        )
    return t


def restore_template(user: Any, court_code: str, request: Any = None) -> None:
    """Go back to the built-in template."""
    authorize(user, PERMISSION, request)
    court = overview.court_for(user, court_code, request)
    with transaction.atomic():
        deleted, _ = ReportTemplate.objects.filter(court=court).delete()
        if deleted:
            record(
                actor(user, request),
                "report.template_restore",
                object_type="command.reporttemplate",
                object_id=str(court.pk),
                after={"court": court.code},
            )
