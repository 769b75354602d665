"""Pages and API: scoped reads, writes through the services, DOCX downloads, public verification that
never leaks full names or identity numbers."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client

from tests.performance.conftest import CREDITOR, DEBTOR, PARTIES, days, payment
from zhiyuan.law.document_style import text_date
from zhiyuan.performance import documents, services
from zhiyuan.performance.models import NoticeKind, TitleStatus, Urging

pytestmark = pytest.mark.django_db
PASSWORD = "Zhiyuan#2026"


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def performed(people, open_title) -> Any:
    title = open_title([payment("1200", days(10))])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(-1), amount="1200")
    title.refresh_from_db()
    return title


def test_verification_shows_masked_names_only_and_needs_no_sign_in(performed) -> None:
    certificate = performed.notices.get(kind=NoticeKind.CERTIFICATE)
    anonymous = Client()
    page = anonymous.get(f"/performance/verify/{certificate.verification_code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "李某" in html
    assert "张某" in html
    assert performed.case.case_number in html
    assert performed.case.court.name in html
    for secret in (DEBTOR[0], CREDITOR[0], DEBTOR[1], CREDITOR[1], DEBTOR[1][-4:] + "<"):
        assert secret not in html
    api = anonymous.get(f"/api/performance/verify/{certificate.verification_code}")
    assert api.status_code == 200
    body = api.json()
    assert body["valid"] is True
    assert body["debtors"] == ["李某"]
    assert body["kind"] == "certificate"
    assert DEBTOR[0] not in json.dumps(body, ensure_ascii=False)


def test_an_unknown_code_gets_a_clear_message(reference_data) -> None:
    anonymous = Client()
    page = anonymous.get("/performance/verify/not-a-real-code/")
    assert page.status_code == 404
    assert "验证码无效" in page.content.decode()
    api = anonymous.get("/api/performance/verify/not-a-real-code")
    assert api.status_code == 404
    assert api.json()["code"] == "verification_not_found"
    assert anonymous.get("/performance/verify/?code=abc").status_code == 302


def test_codes_are_unguessable(people, open_title) -> None:
    title = open_title([payment("10", days(3))])
    code = title.notices.get().verification_code
    assert len(code) >= 16
    assert code.replace("-", "").replace("_", "").isalnum()


def test_titles_are_scoped_on_pages_and_api(people, performed) -> None:
    own, other = client_for(people["clerk"]), client_for(people["clerk_zunyi"])
    assert performed.case.case_number in own.get("/performance/").content.decode()
    assert performed.case.case_number not in other.get("/performance/").content.decode()
    assert own.get(f"/performance/titles/{performed.pk}/").status_code == 200
    assert other.get(f"/performance/titles/{performed.pk}/").status_code == 404
    assert [t["id"] for t in own.get("/api/performance/titles").json()["items"]] == [performed.pk]
    assert other.get("/api/performance/titles").json()["items"] == []
    assert other.get(f"/api/performance/titles/{performed.pk}").status_code == 404
    notice = performed.notices.first()
    assert other.get(f"/performance/notices/{notice.pk}/download/").status_code == 404
    good = own.get("/performance/good-faith/").content.decode()
    assert DEBTOR[0] in good
    assert DEBTOR[0] not in other.get("/performance/good-faith/").content.decode()


def test_download_is_the_generated_docx(people, performed) -> None:
    certificate = performed.notices.get(kind=NoticeKind.CERTIFICATE)
    response = client_for(people["clerk"]).get(f"/performance/notices/{certificate.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = documents.text_of(response.content)
    assert "自动履行证明书" in text
    assert DEBTOR[0] in text
    assert "1,200.00" in text


def test_api_payment_and_enforcement_application(people, open_title) -> None:
    title = open_title([payment("3000", days(-5))])
    api = client_for(people["clerk"])
    url = f"/api/performance/titles/{title.pk}"
    bad = api.post(
        f"{url}/payments", {"payer_ref": "B", "paid_on": str(days(0)), "amount": "9999"}, "application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "payment_exceeds_outstanding"
    assert bad.json()["message_zh"]
    assert bad.json()["message_en"]
    made = api.post(
        f"{url}/payments", {"payer_ref": "B", "paid_on": str(days(-1)), "amount": "1000"}, "application/json"
    )
    assert made.status_code == 201
    assert made.json()["status"] == "confirmed"
    applied = api.post(
        f"{url}/enforcement-application",
        {"applicant_ref": "A", "applied_on": str(days(0))},
        "application/json",
    )
    assert applied.status_code == 201
    assert applied.json()["status"] == "open"
    assert applied.json()["ends_on"] >= str(days(15))
    urging = Urging.objects.get()
    contact = api.post(
        f"{url}/urgings/{urging.pk}/contacts",
        {"on": str(days(0)), "channel": "visit", "note": "约谈"},
        "application/json",
    )
    assert contact.status_code == 201
    detail = api.get(url).json()
    assert detail["status"] == TitleStatus.LAPSED or detail["status"] == TitleStatus.PARTLY_PERFORMED
    assert [o["paid"] for o in detail["obligations"]] == ["1000.00"]
    assert detail["urgings"][0]["contacts"] == 1
    reviewer = client_for(people["reviewer"])
    denied = reviewer.post(
        f"{url}/payments", {"payer_ref": "B", "paid_on": str(days(0)), "amount": "1"}, "application/json"
    )
    assert denied.status_code == 403


def test_api_opens_a_title_and_reports_findings(people, trial) -> None:
    api = client_for(people["judge"])
    body = {
        "case_number": trial.case_number,
        "kind": "judgment",
        "effective_on": str(days(-10)),
        "parties": PARTIES,
        "items": [
            {
                "obligors": ["B"],
                "obligee": "A",
                "type": "payment",
                "amount": "100",
                "instalments": [{"due": str(days(5)), "amount": "60"}],
            }
        ],
    }
    refused = api.post("/api/performance/titles", body, "application/json")
    assert refused.status_code == 422
    assert refused.json()["details"]["findings"][0]["code"] == "instalments_mismatch"
    body["items"][0]["amount"] = "60"
    made = api.post("/api/performance/titles", body, "application/json")
    assert made.status_code == 201
    assert made.json()["notices"][0]["kind"] == "performance_notice"
    figures = api.get("/api/performance/figures").json()
    assert figures["titles"] == 1
    assert figures["performed"] == 0


def test_page_payment_completes_the_title(people, open_title) -> None:
    title = open_title([payment("700", days(4))])
    page = client_for(people["clerk"])
    wrong = page.post(
        f"/performance/titles/{title.pk}/payments/",
        {"payer_ref": "B", "paid_on": str(days(0)), "amount": "701"},
    )
    assert wrong.status_code == 422
    assert "payment_exceeds_outstanding" in wrong.content.decode()
    done = page.post(
        f"/performance/titles/{title.pk}/payments/",
        {"payer_ref": "B", "paid_on": str(days(0)), "amount": "700"},
    )
    assert done.status_code == 302
    title.refresh_from_db()
    assert title.status == TitleStatus.PERFORMED
    reader = client_for(people["reviewer"])
    assert reader.get(f"/performance/titles/{title.pk}/").status_code == 200
    refused = reader.post(
        f"/performance/titles/{title.pk}/payments/",
        {"payer_ref": "B", "paid_on": str(days(0)), "amount": "1"},
    )
    assert refused.status_code == 403


def _custom(fields: str) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("南明区人民法院专用格式")
    doc.add_paragraph(fields)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_court_template_is_validated_and_then_used(people, trial, open_title) -> None:
    page = client_for(people["clerk"])

    def upload(content: bytes, kind: str = "performance_notice") -> Any:
        f = io.BytesIO(content)
        f.name = "own.docx"
        return page.post("/performance/templates/", {"kind": kind, "file": f})

    unknown = upload(_custom("{case_number}{notice_number}{obligations}{judge_phone}"))
    assert unknown.status_code == 422
    assert "template_field_unknown" in unknown.content.decode()
    missing = upload(_custom("{case_number}{notice_number}"))
    assert missing.status_code == 422
    assert "template_field_missing" in missing.content.decode()
    not_docx = upload(b"plain text, not a word file")
    assert not_docx.status_code == 422
    assert "template_invalid" in not_docx.content.decode()
    assert (
        upload(_custom("案号{case_number} 编号{notice_number}：{debtors}应当{obligations}")).status_code
        == 302
    )
    title = open_title([payment("4321", days(9))])
    notice = title.notices.get()
    assert notice.template.startswith("court:")
    text = documents.text_of(bytes(notice.content))
    assert "南明区人民法院专用格式" in text
    assert f"案号{trial.case_number}" in text
    assert f"{DEBTOR[0]}应当1. {DEBTOR[0]}于{text_date(days(9))}前向" in text
    assert f"/performance/verify/{notice.verification_code}/" in text, "the address added at the end"
    assert "4,321.00" in text
    other = client_for(people["clerk_zunyi"]).get("/performance/templates/")
    assert "own.docx" not in other.content.decode(), "a court's template is its own"
