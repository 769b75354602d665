"""The generated DOCX say what the debtor must do: amounts, dates and names, read back with python-docx."""

from __future__ import annotations

import pytest

from tests.performance.conftest import CREDITOR, DEBTOR, days, payment
from zhiyuan.law.errors import LawError
from zhiyuan.performance import documents, services
from zhiyuan.performance.models import NoticeKind
from zhiyuan.performance.ticking import tick

pytestmark = pytest.mark.django_db


def test_the_performance_notice_names_amounts_dates_and_consequences(open_title, trial) -> None:
    title = open_title([payment("30000.5", None, [(days(-30), "10000"), (days(30), "20000.5")])])
    text = documents.text_of(bytes(title.notices.get().content))
    assert "生效法律文书自动履行告知书" in text
    assert trial.case_number in text
    assert trial.court.name in text
    assert f"{DEBTOR[0]}于{days(-30).isoformat()}前向{CREDITOR[0]}支付人民币10,000.00元（第1期）" in text
    assert f"{days(30).isoformat()}前向{CREDITOR[0]}支付人民币20,000.50元（第2期）" in text
    assert "金钱给付合计：30,000.50元" in text
    assert f"最后履行期限：{days(30).isoformat()}" in text
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
    assert "预告书" in text
    assert f"履行期限{days(-10).isoformat()}已经届满" in text
    assert "尚未履行金额合计：1,500.00元" in text
    assert f"{days(-20).isoformat()}前" not in text, "the met instalment is not listed"


def test_the_certificate_carries_its_verification_code(people, open_title) -> None:
    title = open_title([payment("88", days(2))])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(0), amount="88")
    certificate = title.notices.get(kind=NoticeKind.CERTIFICATE)
    text = documents.text_of(bytes(certificate.content))
    assert f"{DEBTOR[0]}已于{days(0).isoformat()}全面履行" in text
    assert "系按期自动履行" in text
    assert f"/performance/verify/{certificate.verification_code}/" in text


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
