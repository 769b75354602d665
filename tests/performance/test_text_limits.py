"""Text limits on the performance pages (zhiyuan.inputs.text) — an over-long or control-character value is
refused with a stable code and nothing is written (evidence of 501 characters was a 500 on PostgreSQL) —
and the audited download of a notice."""

from __future__ import annotations

import pytest

from zhiyuan.performance.models import PaymentReport, Urging

from .conftest import days, payment
from .test_pages_api import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"evidence": "长" * 501}, "text_too_long"),
        ({"payer_ref": "B" * 41}, "text_too_long"),
        ({"payer_ref": "B\t"}, "text_control_character"),
    ],
)
def test_payment_page(people, open_title, form, code) -> None:  # type: ignore[no-untyped-def]
    title = open_title([payment("700", days(4))])
    page = client_for(people["clerk"]).post(
        f"/performance/titles/{title.pk}/payments/",
        {"payer_ref": "B", "paid_on": str(days(0)), "amount": "700", **form},
    )
    assert page.status_code == 422
    assert code in page.content.decode()
    assert not PaymentReport.objects.exists()


def test_evidence_may_hold_line_breaks(people, open_title) -> None:  # type: ignore[no-untyped-def]
    title = open_title([payment("700", days(4))])
    page = client_for(people["clerk"]).post(
        f"/performance/titles/{title.pk}/payments/",
        {"payer_ref": "B", "paid_on": str(days(0)), "amount": "700", "evidence": "转账\r\n回单"},
    )
    assert page.status_code == 302
    assert PaymentReport.objects.get().evidence == "转账\r\n回单"


def test_enforcement_application_note(people, open_title) -> None:  # type: ignore[no-untyped-def]
    title = open_title([payment("700", days(-4))])
    page = client_for(people["clerk"]).post(
        f"/performance/titles/{title.pk}/enforcement-application/",
        {"applicant_ref": "A", "applied_on": str(days(0)), "note": "长" * 501},
    )
    assert page.status_code == 422
    assert "text_too_long" in page.content.decode()
    assert not Urging.objects.exists()


def test_a_notice_download_is_audited(people, open_title) -> None:  # type: ignore[no-untyped-def]
    """A notice names the parties: downloading it is an export of personal data (who, which, how many)."""
    from zhiyuan.audit.models import AuditEntry
    from zhiyuan.performance import services
    from zhiyuan.performance.models import NoticeKind

    title = open_title([payment("700", days(4))])
    services.record_payment(people["clerk"], title, payer_ref="B", paid_on=days(-1), amount="700")
    notice = title.notices.get(kind=NoticeKind.CERTIFICATE)
    response = client_for(people["clerk"]).get(f"/performance/notices/{notice.pk}/download/")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="performance.notice.download").latest("seq")
    assert entry.actor_name == people["clerk"].username
    assert entry.after is not None
    assert entry.after["rows"] == 1
    assert entry.after["format"] == "docx"
    assert str(notice.pk) in entry.after["scope"]
