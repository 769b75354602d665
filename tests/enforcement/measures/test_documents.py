"""The measures' documents: the built-in rulings, notices and announcement filled from the records, a
court's own template replacing the built-in one (checked on upload), and going back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from zhiyuan.documents.docx import text_of
from zhiyuan.enforcement.measures import documents, paperwork
from zhiyuan.enforcement.measures import services as measures
from zhiyuan.enforcement.models import DocumentTemplate
from zhiyuan.enforcement.property import services as property_services
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
D = dt.date


def _docx(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", list(documents.FIELDS))
def test_built_in_templates_use_known_fields(kind: str) -> None:
    from zhiyuan.documents.docx import check_fields

    used = check_fields(documents.default_template(kind), documents.FIELDS[kind], documents.REQUIRED[kind])
    assert set(documents.REQUIRED[kind]) <= set(used)


def test_freeze_ruling_and_notice_filled(staff, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case, "deposit", "6222 0000 1111")
    m = measures.take_measure(
        staff["officer"], case, asset=asset, kind="freeze", on=D(2026, 2, 1), amount="12345.6"
    )
    text = text_of(paperwork.measure_document(staff["officer"], m, "freeze_ruling"))
    assert "人民币12,345.60元" in text
    assert "2026年2月1日" in text
    assert "2027年2月1日" in text
    assert case.case_number in text
    assert "李四" in text
    assert "张三" in text
    assert "{" not in text
    text = text_of(paperwork.measure_document(staff["officer"], m, "assistance_notice"))
    assert "协助执行通知书" in text
    assert "冻结" in text
    m.refresh_from_db()
    assert [r["kind"] for r in m.document_refs] == ["freeze_ruling", "assistance_notice"]
    with pytest.raises(LawError) as err:
        paperwork.measure_document(staff["officer"], m, "seal_ruling")
    assert err.value.code == "document_kind_unfit"
    with pytest.raises(Denied):
        paperwork.measure_document(staff["officer_zy"], m, "freeze_ruling")


def test_court_template_replaces_and_retires(staff, file_case, add_asset) -> None:
    with pytest.raises(LawError) as err:
        paperwork.upload_template(staff["officer"], "seal_ruling", _docx("{case_number} {nonsense}"))
    assert err.value.code == "template_field_unknown"
    with pytest.raises(LawError) as err:
        paperwork.upload_template(staff["officer"], "seal_ruling", _docx("{case_number}"))
    assert err.value.code == "template_field_missing"
    with pytest.raises(LawError) as err:
        paperwork.upload_template(staff["officer"], "seal_ruling", b"not a docx")
    assert err.value.code == "template_invalid"
    paperwork.upload_template(
        staff["officer"], "seal_ruling", _docx("本院专用：{case_number} 查封{asset}至{ends_on}")
    )
    case = file_case()
    m = measures.take_measure(staff["officer"], case, asset=add_asset(case), kind="seal", on=D(2026, 2, 1))
    text = text_of(paperwork.measure_document(staff["officer"], m, "seal_ruling"))
    assert text.startswith("本院专用：")
    assert "2029年2月1日" in text
    # another court keeps the built-in template
    assert paperwork.template_of(case.court_id + 1000, "seal_ruling")[1] == "default"
    assert paperwork.retire_template(staff["officer"], "seal_ruling")
    assert not DocumentTemplate.objects.exists()
    assert "执行裁定书" in text_of(paperwork.measure_document(staff["officer"], m, "seal_ruling"))


def test_pages_download_and_upload(staff, file_case, add_asset) -> None:
    case = file_case()
    asset = add_asset(case)
    measures.take_measure(staff["officer"], case, asset=asset, kind="seal", on=D(2026, 2, 1))
    property_services.add_valuation(
        staff["officer"], asset, method="agreed", price="100000", valued_on=D(2026, 3, 1)
    )
    auction = property_services.schedule_auction(
        staff["officer"], asset, reserve="70000", announced_on=D(2026, 3, 2), auction_on=D(2026, 4, 10)
    )
    client = Client()
    client.force_login(staff["officer"])
    r = client.get(reverse("enforcement:auction_document", args=[auction.pk]))
    assert r.status_code == 200
    text = text_of(r.content)
    assert "起拍价人民币70,000.00元" in text
    assert "2026年4月10日" in text
    assert "一拍" in text
    r = client.get(reverse("enforcement:case_document", args=[case.case_number, "property_report_order"]))
    assert r.status_code == 200
    assert "报告财产令" in text_of(r.content)
    url = reverse("enforcement:measure_templates")
    assert "执行通知书" in client.get(url).content.decode()
    upload = SimpleUploadedFile("x.docx", _docx("{case_number} {bogus}"))
    r = client.post(url, {"kind": "enforcement_notice", "file": upload})
    assert r.status_code == 400
    assert "template_field_unknown" in r.content.decode()
    upload = SimpleUploadedFile("x.docx", _docx("通知：{debtors}，{case_number}"))
    assert client.post(url, {"kind": "enforcement_notice", "file": upload}).status_code == 302
    r = client.get(reverse("enforcement:case_document", args=[case.case_number, "enforcement_notice"]))
    assert text_of(r.content).strip() == f"通知：李四，{case.case_number}"
