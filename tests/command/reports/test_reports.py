"""Monthly reports: built in the background with progress, the same numbers as the command center's pages
for the same court and month, XLSX and DOCX (tables, charts as images) from the court's template or the
built-in one, kept for download within the court's scope."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from zhiyuan.affairs.models import Job
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case
from zhiyuan.command import overview
from zhiyuan.command.reports import render, services
from zhiyuan.command.reports.chart import bars
from zhiyuan.command.reports.models import MonthlyReport
from zhiyuan.courts.models import Court
from zhiyuan.documents.docx import court_document, images_in, text_of
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def built(user: Any, court: str, month: str, capture: Any) -> MonthlyReport:
    """Ask for a report and run its job as the worker would after the commit."""
    with capture(execute=True):
        r = services.request_report(user, court, month)
    r.refresh_from_db()
    return r


@pytest.mark.parametrize(("code", "month"), [("黔", "2025-06"), ("黔01", "2025-09"), ("黔0102", "2025-06")])
def test_the_report_has_the_numbers_of_the_pages(
    users: dict[str, Any],
    province: dict[str, Case],
    django_capture_on_commit_callbacks: Any,
    code: str,
    month: str,
) -> None:
    r = built(users["high"], code, month, django_capture_on_commit_callbacks)
    assert (r.status, r.steps_done, r.steps_total) == ("done", 3, 3)
    court = Court.objects.get(code=code)
    start = dt.date.fromisoformat(f"{month}-01")
    end = (start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    page = overview.compute(court, start, end, timezone.localdate())
    f = r.figures
    assert f["indicators"] == page["indicators"]
    assert {k: v["cases_closed"] for k, v in f["campaigns"].items()} == {
        k: v["cases_closed"] for k, v in page["campaigns"].items()
    }
    tree = page["tree"]
    assert [(c["code"], c["intake"], c["closed"], c["pending"]) for c in f["courts"]] == [
        (n["code"], n["intake"], n["closed"], n["pending"]) for n in [tree, *tree["children"]]
    ]
    assert f["trend"][-1]["month"] == month
    assert len(f["trend"]) == 12
    # the workbook holds the same numbers
    book = openpyxl.load_workbook(io.BytesIO(bytes(r.xlsx)))
    courts = list(book["各法院"].values)[1:]
    assert [(row[0], row[2], row[3], row[4]) for row in courts] == [
        (c["code"], c["intake"], c["closed"], c["pending"]) for c in f["courts"]
    ]
    indicators = dict(list(book["主要指标"].values)[1:])
    assert indicators["结案数"] == page["indicators"]["closed"]
    # the document: the summary with the counts, the tables and the charts as pictures
    text = text_of(bytes(r.docx))
    assert f"执结{page['indicators']['closed']:,}件" in text
    assert court.name in text
    assert "{tables}" not in text
    assert "{charts}" not in text
    assert len(images_in(bytes(r.docx))) == (2 if tree["children"] else 1)


def test_a_court_sees_and_downloads_only_its_own_reports(
    users: dict[str, Any], province: dict[str, Case], django_capture_on_commit_callbacks: Any
) -> None:
    mine = built(users["basic"], "", "2025-06", django_capture_on_commit_callbacks)
    assert mine.court.code == "黔0102"
    province_report = built(users["high"], "黔", "2025-06", django_capture_on_commit_callbacks)
    basic, high = Client(), Client()
    basic.force_login(users["basic"])
    high.force_login(users["high"])
    listed = basic.get("/command/reports/").content.decode()
    assert f'data-report="{mine.pk}"' in listed
    assert f'data-report="{province_report.pk}"' not in listed
    assert basic.get(f"/command/reports/{mine.pk}.xlsx").status_code == 200
    assert basic.get(f"/command/reports/{province_report.pk}.docx").status_code == 404
    assert high.get(f"/command/reports/{mine.pk}.docx").status_code == 200
    api = basic.get(f"/api/command/reports/{province_report.pk}")
    assert (api.status_code, api.json()["code"]) == (404, "report_not_found")
    got = basic.get(f"/api/command/reports/{mine.pk}").json()
    assert got["progress"] == {"done": 3, "total": 3}
    assert got["figures"]["court"]["code"] == "黔0102"
    assert AuditEntry.objects.filter(action="command.report").count() == 2
    with pytest.raises(Denied):
        services.request_report(users["basic"], "黔", "2025-06")
    with pytest.raises(Denied):
        services.request_report(users["officer"], "", "2025-06")


def test_the_api_queues_the_job_and_refuses_bad_months(
    users: dict[str, Any], province: dict[str, Case]
) -> None:
    client = Client()
    client.force_login(users["high"])
    r = client.post(
        "/api/command/reports", {"court": "黔01", "month": "2025-06"}, content_type="application/json"
    )
    assert r.status_code == 202
    assert Job.objects.filter(handler="command.monthly_report", args={"report_id": r.json()["id"]}).exists()
    future = f"{timezone.localdate().year + 1}-01"
    for month in ("2025-13", "June", future):
        bad = client.post("/api/command/reports", {"month": month}, content_type="application/json")
        assert (bad.status_code, bad.json()["code"]) == (422, "report_month_invalid")


def test_a_court_template_replaces_the_built_in_one(
    users: dict[str, Any], province: dict[str, Case], django_capture_on_commit_callbacks: Any
) -> None:
    own = court_document(
        "{court_name}执行工作简报 {month}", ["本月要点：{summary}", "{tables}"], number_field=""
    )
    services.upload_template(users["basic"], "", own)
    r = built(users["basic"], "", "2025-06", django_capture_on_commit_callbacks)
    text = text_of(bytes(r.docx))
    assert "执行工作简报 2025-06" in text
    assert "本月要点：" in text
    assert images_in(bytes(r.docx)) == []  # this template has no {charts}
    with pytest.raises(LawError) as err:
        services.upload_template(users["basic"], "", court_document("无表格", ["{month}"]))
    assert err.value.code == "template_field_missing"
    with pytest.raises(LawError) as err:
        services.upload_template(users["basic"], "", b"not a docx")
    assert err.value.code.startswith("template_")


def test_the_chart_is_a_png_of_the_given_size() -> None:
    png = bars([[1, 2, 3], [3, 2, 1]], width=300, height=120)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 300
    assert int.from_bytes(png[20:24], "big") == 120
    assert bars([[0, 0]]) != bars([[0, 5]])  # the bars are drawn
    assert render.builtin_template()
