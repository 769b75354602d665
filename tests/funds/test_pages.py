"""The pages: the funds section on the enforcement case page, the funds page with its forms (bad input
shown in words, a form sent twice booking once), approval from a verified session, payment, and the
month's reconciliation download; English with the switch."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.funds.models import Disbursement, Posting

from .conftest import creditor

pytestmark = pytest.mark.django_db


def _client(user: Any, verified: bool = False) -> Client:
    c = Client()
    c.force_login(user)
    if verified:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = c.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return c


def test_the_section_and_the_page(people: dict[str, Any], file_enforcement: Any) -> None:
    case = file_enforcement(claim=100000)
    officer = _client(people["officer"])
    detail = officer.get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert 'id="funds"' in detail
    assert "案款账户" in detail
    page = officer.get(reverse("funds:case", args=[case.case_number]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="receipt-form"' in html
    assert 'id="request-form"' in html
    assert "1400.00" in html  # the enforcement fee on a claim of 100,000
    clerk = _client(people["clerk"])  # no funds permission: no section, and the page is refused
    assert 'id="funds"' not in clerk.get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert clerk.get(reverse("funds:case", args=[case.case_number])).status_code == 403


def test_a_receipt_form_books_once_and_bad_input_is_shown(
    people: dict[str, Any], file_enforcement: Any
) -> None:
    case = file_enforcement()
    officer = _client(people["officer"])
    url = reverse("funds:receipt", args=[case.case_number])
    form = {
        "key": "form-key-1",
        "kind": "voluntary",
        "amount": "880.00",
        "on": "2026-11-10",
        "counterparty": "李四",
        "note": "",
    }
    bad = officer.post(url, {**form, "amount": "1.005"})
    assert bad.status_code == 400
    assert "field-error" in bad.content.decode()
    for _ in range(2):  # sent twice (a double click, a reload): booked once
        r = officer.post(url, form)
        assert r.status_code == 302
    assert Posting.objects.count() == 1
    page = officer.get(reverse("funds:case", args=[case.case_number])).content.decode()
    assert "880.00" in page
    assert "posting-" in page
    other = officer.post(url, {**form, "amount": "881.00"})
    assert other.status_code == 400
    assert "idempotency_key_reused" in other.content.decode()


def test_request_approve_and_pay_on_the_page(people: dict[str, Any], file_enforcement: Any) -> None:
    case = file_enforcement()
    officer = _client(people["officer"])
    officer.post(reverse("funds:receipt", args=[case.case_number]),
                 {"key": "k1", "kind": "deduction", "amount": "1000", "on": "2026-11-10"})  # fmt: skip
    r = officer.post(reverse("funds:request", args=[case.case_number]),
                     {"party": creditor(case), "amount": "700", "on": "2026-11-11", "scheme": "", "note": ""})  # fmt: skip
    assert r.status_code == 302
    d = Disbursement.objects.get()
    home = _client(people["head"]).get(reverse("home")).content.decode()
    assert "案款发放待审批" in home
    assert reverse("funds:case", args=[case.case_number]) + f"#disbursement-{d.pk}" in home
    assert f"#disbursement-{d.pk}" not in _client(people["head_zunyi"]).get(reverse("home")).content.decode()
    unverified = _client(people["head"]).post(reverse("funds:approve", args=[case.case_number, d.pk]))
    assert unverified.status_code == 403
    assert "second_factor_required" in unverified.content.decode()
    head = _client(people["head"], verified=True)
    assert (
        'class="inline approve-form"'
        in head.get(reverse("funds:case", args=[case.case_number])).content.decode()
    )
    assert head.post(reverse("funds:approve", args=[case.case_number, d.pk])).status_code == 302
    r = officer.post(
        reverse("funds:pay", args=[case.case_number, d.pk]), {"key": "pay-1", "on": "2026-11-12"}
    )
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == "paid"
    english = _client(people["officer"])
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = english.get(reverse("funds:case", args=[case.case_number])).content.decode()
    assert "Case funds account" in page
    assert "Enforcement application fee" in page
    assert "Paid" in page


def test_the_monthly_reconciliation_download(people: dict[str, Any], file_enforcement: Any) -> None:
    import openpyxl  # type: ignore[import-untyped]

    case = file_enforcement()
    officer = _client(people["officer"])
    officer.post(reverse("funds:receipt", args=[case.case_number]),
                 {"key": "k1", "kind": "voluntary", "amount": "1000.10", "on": "2026-11-10"})  # fmt: skip
    r = _client(people["head"]).get(reverse("funds:report", args=[2026, 11]))
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == case.case_number
    assert float(rows[1][2]) == 1000.10
    assert float(rows[-1][7]) == 1000.10
    assert _client(people["clerk"]).get(reverse("funds:report", args=[2026, 11])).status_code == 403
