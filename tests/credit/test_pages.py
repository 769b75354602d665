"""The pages: the 信用惩戒 section on the case page, proposing with bad and good input, the president's
queue (workbench panel and page), deciding with and without a second factor, the decision document."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.credit.conftest import debtor_id
from zhiyuan.credit.models import Listing, ListingStatus

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


def _proposal(case: Any, **change: Any) -> dict[str, Any]:
    return {
        "party_id": debtor_id(case),
        "grounds": ["1", "4"],
        "evidence": "未如实报告财产",
        "extension_years": "0",
        "grace_months": "0",
        **change,
    }


def test_case_page_section_and_proposal(people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    officer = _client(people["officer"])
    page = officer.get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert 'id="credit"' in page
    assert 'id="credit-propose-form"' in page
    judge_page = (
        _client(people["judge"]).get(reverse("cases:detail", args=[case.case_number])).content.decode()
    )
    assert 'id="credit-propose-form"' not in judge_page
    url = reverse("credit:propose", args=[case.case_number])
    bad = officer.post(url, _proposal(case, grounds=["9"]))
    assert bad.status_code == 400
    assert 'id="credit-error"' in bad.content.decode()
    no_evidence = officer.post(url, _proposal(case, evidence=""))
    assert no_evidence.status_code == 400
    assert not Listing.objects.exists()
    ok = officer.post(url, _proposal(case))
    assert ok.status_code == 302
    listing = Listing.objects.get()
    assert ok["Location"] == reverse("credit:listing", args=[listing.pk])
    assert (listing.grounds, listing.period_years) == ([1, 4], 2)
    page = officer.get(ok["Location"]).content.decode()
    assert "违反财产报告制度" in page
    denied = _client(people["judge"]).post(url, _proposal(case))
    assert denied.status_code in (403, 404)


def test_minor_refusal_shows_the_reason(people: dict[str, Any], file_case: Any) -> None:
    from tests.credit.conftest import MINOR

    case = file_case(MINOR)
    r = _client(people["officer"]).post(reverse("credit:propose", args=[case.case_number]), _proposal(case))
    assert r.status_code == 400
    assert "未成年人" in r.content.decode()


def test_president_queue_and_decision(people: dict[str, Any], file_case: Any) -> None:
    case = file_case()
    _client(people["officer"]).post(reverse("credit:propose", args=[case.case_number]), _proposal(case))
    listing = Listing.objects.get()
    unverified = _client(people["president"])
    home = unverified.get("/").content.decode()
    assert "失信名单待审批" in home
    assert reverse("credit:listing", args=[listing.pk]) in home
    queue = unverified.get(reverse("credit:approvals")).content.decode()
    assert case.case_number in queue
    page = unverified.get(reverse("credit:listing", args=[listing.pk])).content.decode()
    assert 'id="credit-decide-form"' not in page  # no form that cannot succeed: the way to the code
    assert 'id="credit-decide-needs-code"' in page
    assert reverse("accounts:me") in page
    url = reverse("credit:decide", args=[listing.pk])
    r = unverified.post(url, {"grant": "1", "decided_on": "2026-12-04"})
    assert r.status_code == 403
    r = _client(people["officer"]).post(url, {"grant": "1", "decided_on": "2026-12-04"})
    assert r.status_code == 403
    president = _client(people["president"], verified=True)
    assert (
        'id="credit-decide-form"'
        in president.get(reverse("credit:listing", args=[listing.pk])).content.decode()
    )
    assert president.post(url, {"grant": "1", "decided_on": "2026-13-01"}).status_code == 400
    r = president.post(url, {"grant": "1", "decided_on": listing.proposed_on.isoformat()})
    assert r.status_code == 302
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    assert case.case_number not in president.get(reverse("credit:approvals")).content.decode()
    doc = _client(people["officer"]).get(reverse("credit:document", args=[listing.pk]))
    assert doc.status_code == 200
    assert doc["Content-Type"].startswith("application/vnd.openxmlformats")
    other = _client(people["officer_zunyi"]).get(reverse("credit:listing", args=[listing.pk]))
    assert other.status_code == 404


def test_listing_steps_on_the_page(people: dict[str, Any], listed: Any) -> None:
    done = listed((1,))
    officer = _client(people["officer"])
    page = officer.get(reverse("credit:listing", args=[done.pk])).content.decode()
    assert 'id="credit-delete-form"' in page
    assert 'id="credit-serve-form"' in page
    r = officer.post(reverse("credit:serve", args=[done.pk]), {"served_on": "2026-06-02", "method": ""})
    assert r.status_code == 400
    r = officer.post(
        reverse("credit:correction", args=[done.pk]), {"requested_on": "2026-06-03", "reason": "有误"}
    )
    assert r.status_code == 302
    r = officer.post(
        reverse("credit:delete", args=[done.pk]),
        {"trigger": "performed", "on": "2026-06-04", "note": "已履行"},
    )
    assert r.status_code == 302
    done.refresh_from_db()
    assert done.status == ListingStatus.DELETED
    assert 'id="deletion"' in officer.get(reverse("credit:listing", args=[done.pk])).content.decode()
    assert officer.get(reverse("credit:index")).status_code == 200
