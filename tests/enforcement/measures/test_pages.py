"""The measures and property sections on the case page, the asset page, the calendar with batch renewal,
and refusals shown in Chinese with their stable codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhiyuan.cases.models import NodeLog
from zhiyuan.enforcement.measures import services
from zhiyuan.enforcement.models import Asset, Measure

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_case_page_sections_and_forms(staff, file_case, add_asset) -> None:
    case = file_case()
    client = _client(staff["officer"])
    r = client.post(
        reverse("enforcement:asset_add", args=[case.case_number]),
        {"asset_class": "real_estate", "description": "云岩区住宅一套", "register_ref": "R-77"},
    )
    assert r.status_code == 302
    asset = Asset.objects.get(case=case)
    r = client.post(
        reverse("enforcement:measure_take", args=[case.case_number]),
        {"asset": asset.pk, "kind": "seal", "on": "2026-02-01"},
    )
    assert r.status_code == 302
    html = client.get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert '<section id="measures"' in html
    assert '<section id="property"' in html
    assert "查封" in html
    assert "2029-02-01" in html
    assert "云岩区住宅一套" in html
    assert 'id="measure-take-form"' in html
    assert "采取控制措施" in html  # the node's name on the timeline
    judge = _client(staff["judge"]).get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert "measure-take-form" not in judge


@pytest.mark.parametrize(
    ("data", "status", "text"),
    [
        ({"kind": "freeze", "on": "2026-02-01"}, 400, "measure_kind_unfit"),
        ({"kind": "seal", "on": "2026-02-30"}, 400, "请填写真实存在的日期"),
        ({"kind": "seal", "on": "2025-01-01"}, 400, "早于立案日"),
    ],
)
def test_refusals_in_chinese_with_codes(staff, file_case, add_asset, data, status, text) -> None:
    case = file_case()
    asset = add_asset(case)
    r = _client(staff["officer"]).post(
        reverse("enforcement:measure_take", args=[case.case_number]), {"asset": asset.pk, **data}
    )
    assert r.status_code == status
    assert text in r.content.decode()
    assert not Measure.objects.exists()


def test_other_court_officer_is_refused(staff, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case)
    m = services.take_measure(staff["officer"], case, asset=asset, kind="seal", on=dt.date(2026, 2, 1))
    r = _client(staff["officer_zy"]).post(
        reverse("enforcement:measure_renew", args=[case.case_number, m.pk]), {"on": "2026-03-01"}
    )
    assert r.status_code == 404  # the case is not visible to another court


def test_asset_page_auction_refused_with_citation(staff, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case)
    services.take_measure(staff["officer"], case, asset=asset, kind="seal", on=dt.date(2026, 2, 1))
    client = _client(staff["officer"])
    url = reverse("enforcement:asset", args=[asset.pk])
    r = client.post(url + "valuation/", {"method": "network", "price": "200000", "valued_on": "2026-03-01"})
    assert r.status_code == 302
    r = client.post(
        url + "auction/", {"reserve": "100000", "announced_on": "2026-03-02", "auction_on": "2026-04-10"}
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "低于法定最低起拍价 140000.00 元" in page
    assert "auction_reserve_too_low" in page
    assert "网络司法拍卖若干问题的规定" in page
    r = client.post(
        url + "auction/", {"reserve": "140000", "announced_on": "2026-03-02", "auction_on": "2026-04-10"}
    )
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "拍卖中" in page
    assert 'id="result-form"' in page
    assert NodeLog.objects.filter(case=case, node="asset.auction").exists()


def test_calendar_batch_renewal_with_one_failing(staff, file_case, add_asset) -> None:
    today = timezone.localdate()
    case = file_case(filed_on=today - dt.timedelta(days=800))
    year_ago = today.replace(year=today.year - 1, day=min(today.day, 28)) + dt.timedelta(days=5)
    due = services.take_measure(
        staff["officer"],
        case,
        asset=add_asset(case, "deposit", "A1"),
        kind="freeze",
        on=year_ago,
        amount="10",
    )
    later = services.take_measure(
        staff["officer"],
        case,
        asset=add_asset(case, "deposit", "A2"),
        kind="freeze",
        on=year_ago,
        amount="10",
    )
    client = _client(staff["officer"])
    url = reverse("enforcement:measures_calendar")
    page = client.get(url).content.decode()
    assert f'id="due-{due.pk}"' in page
    assert "15 日内届满的有效措施 2 项" in page
    assert "0 日内" in client.get(url, {"within": 0}).content.decode()
    services.release(staff["officer"], later, today, "已履行")  # released meanwhile: its renewal fails
    assert "10.00 元" in page  # the amount column
    r = client.post(url + "?within=15", {"measures": [due.pk, later.pk], "on": today.isoformat()})
    assert (r.status_code, r["Location"]) == (302, url + "?within=15")  # post, redirect, get
    page = client.get(r["Location"]).content.decode()
    assert f'id="result-{due.pk}"' in page
    assert "已续行至" in page
    assert "measure_not_active" in page
    assert Measure.objects.filter(renewed_from=due).exists()
    assert "batch-results" not in client.get(url).content.decode()  # shown once


def test_release_without_reason_marks_the_field(staff, file_case, add_asset) -> None:
    case = file_case()
    m = services.take_measure(
        staff["officer"], case, asset=add_asset(case), kind="seal", on=dt.date(2026, 2, 1)
    )
    r = _client(staff["officer"]).post(
        reverse("enforcement:measure_release", args=[case.case_number, m.pk]),
        {"on": "2026-03-01", "reason": ""},
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "field-error" in page
    assert 'aria-invalid="true"' in page
    assert "<details open>" in page
    Measure.objects.get(pk=m.pk, status="active")


def test_document_of_another_kind_is_the_error_page(staff, file_case, add_asset) -> None:
    case = file_case()
    m = services.take_measure(
        staff["officer"], case, asset=add_asset(case), kind="seal", on=dt.date(2026, 2, 1)
    )
    r = _client(staff["officer"]).get(reverse("enforcement:measure_document", args=[m.pk, "freeze_ruling"]))
    assert r.status_code == 400
    assert r["Content-Type"].startswith("text/html")
    assert 'id="error-message"' in r.content.decode()


def test_workbench_panel_lists_measures_ending_soon(staff, file_case, add_asset) -> None:
    today = timezone.localdate()
    case = file_case(filed_on=today - dt.timedelta(days=800))
    year_ago = today.replace(year=today.year - 1, day=min(today.day, 28)) + dt.timedelta(days=5)
    services.take_measure(
        staff["officer"],
        case,
        asset=add_asset(case, "deposit", "A7"),
        kind="freeze",
        on=year_ago,
        amount="10",
    )
    page = _client(staff["officer"]).get("/").content.decode()
    assert "即将届满的控制措施" in page
    assert "冻结 deposit A7" in page
    assert reverse("enforcement:measures_calendar") in page
