"""The generated DOCX say what the debtor must do: amounts, dates and names, read back with python-docx.
Dates are written as court documents write them: 2026年1月5日 in the text, 二〇二六年一月五日 at the foot."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.performance.conftest import CREDITOR, DEBTOR, days, payment
from zhiyuan.law.document_style import signing_date, text_date
from zhiyuan.law.errors import LawError
from zhiyuan.performance import documents, services, verification
from zhiyuan.performance.models import NoticeKind
from zhiyuan.performance.ticking import tick

pytestmark = pytest.mark.django_db


def test_the_performance_notice_names_amounts_dates_and_consequences(open_title, trial) -> None:
    title = open_title([payment("30000.5", None, [(days(-30), "10000"), (days(30), "20000.5")])])
    text = documents.text_of(bytes(title.notices.get().content))
    assert "生效法律文书自动履行告知书" in text
    assert f"本院{trial.case_number}民事判决书已于{text_date(days(-60))}发生法律效力" in text
    assert trial.court.name in text
    assert f"{DEBTOR[0]}于{text_date(days(-30))}前向{CREDITOR[0]}支付人民币10,000.00元（第1期）" in text
    assert f"{text_date(days(30))}前向{CREDITOR[0]}支付人民币20,000.50元（第2期）" in text
    assert "金钱给付合计人民币30,000.50元" in text
    assert f"最后履行期限为{text_date(days(30))}" in text
    assert "迟延履行期间的债务利息" in text
    assert "特此告知。" in text
    assert days(30).isoformat() not in text, "no ISO dates in a court document"
    assert "失信被执行人名单" in text
    assert "限制消费" in text
    assert "{" not in text, "every field is filled"
    assert DEBTOR[1] not in text


def test_the_sanction_warning_lists_only_what_is_outstanding(people, open_title) -> None:
    title = open_title([payment("3000", None, [(days(-20), "1000"), (days(-10), "2000")])])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(-21), amount="1500")
    tick(days(0))
    warning = title.notices.get(kind=NoticeKind.SANCTION_WARNING)
    text = documents.text_of(bytes(warning.content))
    assert "失信、限制消费及拘留（罚款）预告书" in text
    assert f"确定的履行期限已于{text_date(days(-10))}届满" in text
    assert "尚未履行金额合计人民币1,500.00元" in text
    assert f"{text_date(days(-20))}前" not in text, "the met instalment is not listed"
    assert signing_date(days(0)) in text


def test_the_certificate_carries_its_verification_code(people, open_title) -> None:
    title = open_title([payment("88", days(2))])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(0), amount="88")
    certificate = title.notices.get(kind=NoticeKind.CERTIFICATE)
    text = documents.text_of(bytes(certificate.content))
    assert f"{DEBTOR[0]}已于{text_date(days(0))}全面履行" in text
    assert "系按期自动履行" in text
    assert verification.grouped(certificate.verification_code) in text


@pytest.mark.parametrize(
    "kind", [NoticeKind.PERFORMANCE_NOTICE, NoticeKind.SANCTION_WARNING, NoticeKind.CERTIFICATE]
)
def test_every_notice_carries_its_absolute_address_a_qr_code_and_an_official_date(
    people, open_title, settings, kind: str
) -> None:
    settings.ZHIYUAN_PUBLIC_BASE_URL = "https://zhiyuan.court.example/gz"
    title = open_title([payment("500", None, [(days(-3), "200"), (days(5), "300")])])
    tick(days(0))  # the first instalment lapsed: the sanction warning
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(0), amount="500")
    notice = title.notices.get(kind=kind)
    content = bytes(notice.content)
    text = documents.text_of(content)
    address = f"https://zhiyuan.court.example/gz/performance/verify/{notice.verification_code}/"
    assert address in text
    assert "127.0.0.1" not in text
    doc = Document(io.BytesIO(content))
    foot = [p.text for p in doc.paragraphs if p.text.startswith(title.case.court.name)][-1]
    assert foot == f"{title.case.court.name}\n{signing_date(notice.issued_on)}", (
        "the signing date in Chinese numerals"
    )
    images = documents.images_in(content)
    assert len(images) == 1
    assert images[0].startswith(b"\x89PNG"), "the QR code is a PNG picture"
    assert "{" not in text


def test_a_court_template_without_the_address_or_the_qr_gets_both_at_its_end() -> None:
    doc = Document()
    doc.add_paragraph("本院专用格式 {case_number} {notice_number} {verification_code}")
    raw = io.BytesIO()
    doc.save(raw)
    values = {
        "case_number": "（2026）黔0102民初1号",
        "notice_number": "履证1",
        "verification_code": "K7QM-2XHD-9RTP-WC4N",
        "verify_url": "https://zhiyuan.court.example/performance/verify/K7QM2XHD9RTPWC4N/",
    }
    made = documents.render(raw.getvalue(), values, verification.qr_png(values["verify_url"]))
    paragraphs = [p.text for p in Document(io.BytesIO(made)).paragraphs]
    assert paragraphs[0] == "本院专用格式 （2026）黔0102民初1号 履证1 K7QM-2XHD-9RTP-WC4N"
    assert values["verify_url"] in paragraphs[-1], "added at the end"
    assert len(documents.images_in(made)) == 1


@pytest.mark.parametrize("kind", sorted(documents.FIELDS))
def test_every_default_template_passes_its_own_validation(kind: str) -> None:
    used = documents.validate_template(kind, documents.default_template(kind))
    assert set(documents.REQUIRED[kind]) <= set(used) <= set(documents.FIELDS[kind])


def test_template_validation_codes() -> None:
    with pytest.raises(LawError) as kind:
        documents.validate_template("summons", documents.default_template("certificate"))
    assert kind.value.code == "notice_kind_unknown"
    with pytest.raises(LawError) as big:
        documents.validate_template("certificate", b"x" * (documents.MAX_TEMPLATE_BYTES + 1))
    assert big.value.code == "template_too_large"
