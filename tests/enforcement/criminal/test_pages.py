"""The trial division's pages (the list of criminal judgments, the transfer form) and the sections on the
case pages; the allocation page of the funds ledger; refusals in words, nothing written."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case
from zhiyuan.documents.docx import DOCX, text_of
from zhiyuan.enforcement.criminal import services
from zhiyuan.enforcement.models import CriminalTransfer
from zhiyuan.funds import services as funds
from zhiyuan.funds.models_criminal import CriminalAllocation

from .conftest import form

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_judge_transfers_through_the_form(people: dict[str, Any], file_criminal: Any) -> None:
    criminal = file_criminal()
    judge = _client(people["judge"])
    index = judge.get(reverse("enforcement:criminal_index"))
    assert index.status_code == 200
    assert criminal.case_number in index.content.decode()
    assert reverse("enforcement:criminal_index") in judge.get("/").content.decode()  # the menu entry
    url = reverse("enforcement:criminal_transfer", args=[criminal.case_number])
    page = judge.get(url)
    assert page.status_code == 200
    assert "criminal-transfer-form" in page.content.decode()
    section = judge.get(reverse("cases:detail", args=[criminal.case_number])).content.decode()
    assert 'id="criminal-transfer-link"' in section
    post = {
        "effective_on": "2026-09-01", "transferred_on": "2026-09-08",
        "item-0-kind": "fine", "item-0-amount": "20000",
        "item-1-kind": "restitution", "item-1-amount": "5000", "item-1-victim_name": "张三",
        "item-1-victim_id": "11010519491231002X",
        "seized-0-asset_class": "vehicle", "seized-0-description": "贵A12345小型轿车", "seized-0-measure": "seizure",
        "seized-0-starts_on": "2026-02-01", "seized-1-asset_class": "deposit", "seized-1-measure": "seal",
    }  # fmt: skip
    bad = judge.post(url, {**post, "item-1-victim_name": "", "item-1-victim_id": ""})
    assert bad.status_code == 400
    assert "victim_required" in bad.content.decode()
    assert "20000" in bad.content.decode()  # what was typed stays
    assert not CriminalTransfer.objects.exists()
    done = judge.post(url, post)
    assert done.status_code == 302
    t = CriminalTransfer.objects.get()
    assert done["Location"].endswith("#criminal")
    assert t.total == 25000
    assert len(t.seized) == 1
    shown = _client(people["officer"]).get(reverse("cases:detail", args=[t.enforcement_case.case_number]))
    body = shown.content.decode()
    assert 'id="criminal-items"' in body
    assert "贵A12345小型轿车" in body
    assert reverse("funds:criminal", args=[t.enforcement_case.case_number]) in body  # the funds link
    again = judge.get(reverse("cases:detail", args=[criminal.case_number])).content.decode()
    assert 'id="criminal-transferred"' in again
    docx = _client(people["officer"]).get(
        reverse("enforcement:criminal_form", args=[t.enforcement_case.case_number])
    )
    assert docx.status_code == 200
    assert docx["Content-Type"] == DOCX
    text = text_of(docx.content)
    assert "移送执行表" in text
    assert "罚金20000.00元（上缴国库）" in text
    assert "贵A12345小型轿车（扣押，2026-02-01至—" in text
    assert AuditEntry.objects.filter(action="enforcement.criminal.form").count() == 1
    hidden = _client(people["judge_zunyi"]).get(
        reverse("enforcement:criminal_form", args=[criminal.case_number])
    )
    assert hidden.status_code == 404


def test_the_officer_may_not_open_the_transfer_form(people: dict[str, Any], file_criminal: Any) -> None:
    criminal = file_criminal()
    officer = _client(people["officer"])
    assert (
        officer.get(reverse("enforcement:criminal_transfer", args=[criminal.case_number])).status_code == 403
    )
    assert officer.get(reverse("enforcement:criminal_index")).status_code == 403
    other = _client(people["judge_zunyi"])
    assert other.get(reverse("enforcement:criminal_transfer", args=[criminal.case_number])).status_code == 404


def test_the_allocation_page(people: dict[str, Any], file_criminal: Any) -> None:
    case = services.transfer(people["judge"], file_criminal(), **form()).enforcement_case
    url = reverse("funds:criminal", args=[case.case_number])
    officer = _client(people["officer"])
    empty = officer.post(url, {"on": "2026-10-09"})
    assert empty.status_code == 400
    assert "no_money_to_allocate" in empty.content.decode()
    funds.post_receipt(
        people["officer"],
        case,
        kind="voluntary",
        amount="8000",
        on=dt.date(2026, 10, 9),
        key=str(uuid.uuid4()),
    )
    assert officer.post(url, {"on": "2026-10-09"}).status_code == 302
    made = CriminalAllocation.objects.get()
    own = officer.post(reverse("funds:criminal_approve", args=[case.case_number, made.pk]))
    assert own.status_code == 403
    page = officer.get(url).content.decode()
    assert f'id="allocation-{made.pk}"' in page
    assert "5000.00" in page
    assert "3000.00" in page
    assert Case.objects.filter(type_code="执").count() == 1
