"""Reads of the monthly reports: those of the courts a user sees (a court its own district's, the high
court every one), newest first, and one of them (outside the scope: not found)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.command.reports.models import MonthlyReport, ReportTemplate
from zhiyuan.law.errors import LawError

LISTED = 100


def visible(user: Any) -> QuerySet[MonthlyReport]:
    """The reports of the user's district, newest first (files not loaded)."""
    return (
        MonthlyReport.objects.filter(court_id__in=scope_of(user).court_ids)
        .select_related("court")
        .defer("xlsx", "docx", "figures")
    )


def one(user: Any, report_id: int) -> MonthlyReport:
    """A report of the user's district; any other is ``report_not_found``."""
    found = (
        MonthlyReport.objects.select_related("court")
        .filter(pk=report_id, court_id__in=scope_of(user).court_ids)
        .first()
    )
    if found is None:
        raise LawError("report_not_found", "报表不存在。", "There is no such report.")
    return found


def has_template(court_id: int) -> bool:
    """Has the court replaced the built-in template?"""
    return ReportTemplate.objects.filter(court_id=court_id).exists()


def template_of(court_id: int) -> bytes | None:
    """The court's own template, if it has one."""
    content = ReportTemplate.objects.filter(court_id=court_id).values_list("content", flat=True).first()
    return bytes(content) if content is not None else None
