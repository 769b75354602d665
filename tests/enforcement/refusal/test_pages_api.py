"""The pages and the API: the 打击拒执 section on the case page with its forms, refusals in words with their
code, the documents as DOCX, the API's contract (an approval over a token is refused for want of a second
factor), and the campaign figures on the command center."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.enforcement.refusal.conftest import EVIDENCE, debtor, verified
from zhiyuan.accounts import services as accounts
from zhiyuan.documents.docx import text_of
from zhiyuan.enforcement.models import Referral, ReferralState, Sanction, SanctionState
from zhiyuan.enforcement.refusal import services as refusal

pytestmark = pytest.mark.django_db


def _client(user: Any, verified_session: bool = False) -> Client:
    c = Client()
    c.force_login(user)
    if verified_session:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = c.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return c


def _form(case: Any, **change: Any) -> dict[str, Any]:
    data = {
        "suspect": str(debtor(case).pk),
        "police": "贵阳市公安局南明分局",
        "situation": "有能力履行而拒不履行。",
        "on": "2026-11-02",
        **{f"evidence_{e['item']}": e["description"] for e in EVIDENCE},
        **{f"pages_{e['item']}": str(e["pages"]) for e in EVIDENCE},
    }
    data.update(change)
    return data


def test_the_case_page_proposes_approves_and_prints(crew: dict[str, Any], case: Any) -> None:
    officer = _client(crew["officer"])
    page = officer.get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert 'id="refusal"' in page
    assert 'id="referral-form"' in page
    assert 'id="sanction-form"' in page
    bad = officer.post(
        reverse("enforcement:refusal_propose", args=[case.case_number]), _form(case, evidence_ability="")
    )
    assert bad.status_code == 400
    assert not Referral.objects.exists()
    done = officer.post(reverse("enforcement:refusal_propose", args=[case.case_number]), _form(case))
    assert done.status_code == 302
    r = Referral.objects.get()
    # the letter waits for the approval; the statement and the evidence list do not
    early = officer.get(reverse("enforcement:refusal_document", args=[r.pk, "letter"]))
    assert early.status_code == 400
    assert "referral_not_approved" in early.content.decode()
    evidence = officer.get(reverse("enforcement:refusal_document", args=[r.pk, "evidence"]))
    assert "银行流水" in text_of(evidence.content)
    unverified = _client(crew["head"]).post(
        reverse("enforcement:refusal_step", args=[r.pk, "decide"]), {"grant": "1", "on": "2026-11-03"}
    )
    assert unverified.status_code == 403
    assert "second_factor_required" in unverified.content.decode()
    head = _client(crew["head"], verified_session=True)
    assert (
        head.post(
            reverse("enforcement:refusal_step", args=[r.pk, "decide"]), {"grant": "1", "on": "2026-11-03"}
        ).status_code
        == 302
    )
    sent = officer.post(
        reverse("enforcement:refusal_step", args=[r.pk, "send"]),
        {"referred_on": "2026-11-04", "letter_number": "（2026）黔0102执移1号"},
    )
    assert sent.status_code == 302
    r.refresh_from_db()
    assert r.state == ReferralState.REFERRED
    letter = text_of(officer.get(reverse("enforcement:refusal_document", args=[r.pk, "letter"])).content)
    assert "贵阳市公安局南明分局" in letter
    assert "拒不执行判决、裁定罪" in letter
    assert "7日内" in letter
    page = officer.get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert "2026-11-11" in page
    assert 'id="referral-' in page


def test_a_sanction_through_the_page(crew: dict[str, Any], case: Any) -> None:
    officer = _client(crew["officer"])
    url = reverse("enforcement:sanction_propose", args=[case.case_number])
    base = {
        "kind": "fine",
        "subject": "individual",
        "party": str(debtor(case).pk),
        "grounds": "拒不报告财产",
        "on": "2026-11-02",
    }
    over = officer.post(url, {**base, "amount": "100000.01"})
    assert over.status_code == 400
    assert "fine_above_max" in over.content.decode()
    assert officer.post(url, {**base, "amount": "20000"}).status_code == 302
    s = Sanction.objects.get()
    president = _client(crew["president"], verified_session=True)
    page = president.get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert f'id="sanction-{s.pk}-decide"' in page
    assert (
        president.post(
            reverse("enforcement:sanction_decide", args=[s.pk]), {"grant": "1", "on": "2026-11-03"}
        ).status_code
        == 302
    )
    s.refresh_from_db()
    assert s.state == SanctionState.APPROVED
    doc = officer.get(reverse("enforcement:sanction_document", args=[s.pk]))
    assert doc["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "20000.00" in text_of(doc.content)


def _token(user: Any, *permissions: str) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", list(permissions))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api(crew: dict[str, Any], case: Any) -> None:
    c = Client()
    auth = _token(crew["officer"], "case:view", "enforcement:refer")
    body = {
        "case_number": case.case_number,
        "suspect_id": debtor(case).pk,
        "police": "贵阳市公安局南明分局",
        "situation": "拒不履行",
        "evidence": EVIDENCE[:4],
        "on": "2026-11-02",
    }
    bad = c.post("/api/enforcement/refusal/referrals", body, content_type="application/json", **auth)
    assert bad.status_code == 422
    assert bad.json()["code"] == "evidence_incomplete"
    body["evidence"] = EVIDENCE
    made = c.post("/api/enforcement/refusal/referrals", body, content_type="application/json", **auth)
    assert made.status_code == 200, made.content
    pk = made.json()["id"]
    assert made.json()["state"] == "pending"
    listed = c.get("/api/enforcement/refusal/referrals", {"case_number": case.case_number}, **auth)
    assert [r["id"] for r in listed.json()] == [pk]
    head = _token(crew["head"], "case:view", "approval:grant")
    refused = c.post(
        f"/api/enforcement/refusal/referrals/{pk}/decide",
        {"grant": True, "on": "2026-11-03"},
        content_type="application/json",
        **head,
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "second_factor_required"
    other = _token(crew["officer_zunyi"], "case:view", "enforcement:refer")
    assert c.get(f"/api/enforcement/refusal/referrals/{pk}", **other).status_code == 404
    refusal.decide(verified(crew["head"]), Referral.objects.get(pk=pk), True, dt.date(2026, 11, 3))
    sent = c.post(
        f"/api/enforcement/refusal/referrals/{pk}/send",
        {"referred_on": "2026-11-04"},
        content_type="application/json",
        **auth,
    )
    assert sent.json()["decide_by"] == "2026-11-11"
    figures = c.get("/api/enforcement/refusal/figures", **_token(crew["command"], "command:view"))
    assert figures.json()["referred"] == 1
    assert c.get("/api/enforcement/refusal/figures", **auth).status_code == 403


def test_the_command_center_shows_the_campaign(crew: dict[str, Any], sent: Referral) -> None:
    refusal.answer(crew["officer"], sent, filed=True, on=dt.date(2026, 11, 10), police_case_number="A1")
    refusal.record_recovered(crew["officer"], sent, "80000", dt.date(2026, 11, 20))
    cache.clear()
    html = (
        _client(crew["command"]).get("/command/", {"from": "2026-11-01", "to": "2026-11-30"}).content.decode()
    )
    start = html.index('data-area="refusal"')
    panel = html[start : html.index("</section>", start)]
    assert "refusal-referred" in panel
    assert "refusal-accepted" in panel
    assert "refusal-recovered_amount" in panel
    assert "8" in panel


def _panel(user: Any, key: str) -> str:
    html = _client(user).get("/").content.decode()
    start = html.index(f'data-panel="{key}"')
    return html[start : html.index("</article>", start)]


def test_the_workbench_panels(crew: dict[str, Any], sent: Referral, case: Any) -> None:
    from zhiyuan.enforcement.refusal import sanctions

    sanctions.propose(
        crew["officer"],
        case,
        kind="detention",
        subject="individual",
        grounds="拒不报告财产",
        on=dt.date(2026, 11, 2),
        party_id=debtor(case).pk,
        days=10,
    )
    assert case.case_number in _panel(crew["president"], "enforcement.sanctions_to_approve")
    waiting = _panel(crew["officer"], "enforcement.referrals_awaiting_police")
    assert case.case_number in waiting
    assert "2026-11-11" in waiting


def test_the_clerk_files_the_private_prosecution_from_the_case_page(
    crew: dict[str, Any], sent: Referral
) -> None:
    refusal.answer(crew["officer"], sent, filed=False, on=dt.date(2026, 11, 10), reasons="不构成犯罪")
    officer_page = (
        _client(crew["officer"]).get(reverse("cases:detail", args=[sent.case.case_number])).content.decode()
    )
    assert f'id="referral-{sent.pk}-private"' not in officer_page
    assert f'id="referral-{sent.pk}-supervision"' in officer_page
    clerk = _client(crew["clerk"])
    page = clerk.get(reverse("cases:detail", args=[sent.case.case_number])).content.decode()
    assert f'id="referral-{sent.pk}-private"' in page
    assert f'id="referral-{sent.pk}-supervision"' not in page
    filed = clerk.post(
        reverse("enforcement:refusal_step", args=[sent.pk, "private"]), {"filed_on": "2026-11-20"}
    )
    assert filed.status_code == 302
    sent.refresh_from_db()
    assert sent.private_case is not None
    page = clerk.get(reverse("cases:detail", args=[sent.case.case_number])).content.decode()
    assert sent.private_case.case_number in page
