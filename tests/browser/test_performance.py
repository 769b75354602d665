"""Voluntary performance in a real browser: a filing clerk records the payment that completes a title,
downloads the certificate, and the public verification page (no sign-in) shows it with masked names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_cases_pages import sign_in
from zhiyuan.accounts.demo import ensure_demo_users
from zhiyuan.cases import services as cases
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data
from zhiyuan.performance import documents, services
from zhiyuan.performance.models import NoticeKind, Title, TitleStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CREDITOR = ("陈明", "110101198506120039")
DEBTOR = ("刘强", "520102199105050022")


@pytest.fixture
def title() -> Title:
    """A judgment at 黔0102 whose 6,000 yuan are due in ten days."""
    load_reference_data()
    ensure_demo_users()
    today = timezone.localdate()
    trial = cases.file_case(
        None,
        court_code="黔0102",
        type_code="民初",
        filed_on=today - dt.timedelta(days=120),
        cause="民间借贷纠纷",
        claim_amount=Decimal("6000"),
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    trial = cases.transition(None, trial, "close", today - dt.timedelta(days=30), closing_method="judgment")
    return services.open_title(
        None,
        case=trial,
        kind="judgment",
        parties=[
            {"ref": "A", "name": CREDITOR[0], "id_number": CREDITOR[1], "role": "creditor"},
            {"ref": "B", "name": DEBTOR[0], "id_number": DEBTOR[1], "role": "debtor"},
        ],
        items=[
            {
                "obligors": ["B"],
                "obligee": "A",
                "type": "payment",
                "amount": "6000",
                "due": (today + dt.timedelta(days=10)).isoformat(),
            }
        ],
        effective_on=today - dt.timedelta(days=20),
    )


def test_clerk_completes_a_title_and_the_public_verifies_the_certificate(
    live_server, page: Page, title: Title
) -> None:
    sign_in(page, live_server.url, "filing_clerk")
    page.goto(live_server.url + "/performance/")
    page.click(f"#titles tr[data-title='{title.pk}'] a")
    expect(page.locator("#title-status")).to_have_text(str(TitleStatus.PERFORMING.label))
    expect(page.locator("#notices li[data-kind='performance_notice']")).to_be_visible()

    page.fill("#payment-amount", "6000")
    page.fill("#payment-form input[name=evidence]", "银行转账回单")
    page.click("#payment-submit")
    expect(page.locator("#messages")).to_be_visible()
    expect(page.locator("#title-status")).to_have_text(str(TitleStatus.PERFORMED.label))
    expect(page.locator("#obligations td.met")).to_have_text(timezone.localdate().isoformat())

    with page.expect_download() as download:
        page.click("#notices li[data-kind='certificate'] a.download")
    path = download.value.path()
    text = documents.text_of(path.read_bytes())
    assert "自动履行证明书" in text
    assert DEBTOR[0] in text
    assert "6,000.00" in text

    page.click("#nav-good-faith")
    expect(page.locator("#good-faith")).to_contain_text(DEBTOR[0])

    code = title.notices.get(kind=NoticeKind.CERTIFICATE).verification_code
    public = page.context.browser.new_context()  # type: ignore[union-attr]
    anonymous = public.new_page()
    anonymous.goto(live_server.url + "/performance/verify/")
    anonymous.fill("#verify-form input[name=code]", code)
    anonymous.click("#verify-form button")
    expect(anonymous.locator("#v-debtors")).to_have_text("刘某")
    expect(anonymous.locator("#v-case")).to_have_text(title.case.case_number)
    body = anonymous.content()
    assert DEBTOR[0] not in body
    assert CREDITOR[0] not in body
    assert DEBTOR[1] not in body
    anonymous.goto(live_server.url + "/performance/verify/made-up-code/")
    expect(anonymous.locator("#not-found")).to_be_visible()
    public.close()
