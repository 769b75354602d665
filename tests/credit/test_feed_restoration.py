"""Joint sanctions and credit restoration: the signed feed partner agencies fetch with their own token
(every listing published or deleted, every restriction issued or lifted), their acknowledgement and the
reconciliation check; the restoration request recorded by one person and granted by another, deleting the
listing, reaching the agencies and giving a certificate."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.test import Client
from django.urls import reverse

from zhiyuan.accounts import services as accounts
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.credit import restoration, restrictions
from zhiyuan.credit.feed import selectors as feed
from zhiyuan.credit.models import FeedEvent, Listing, Restoration
from zhiyuan.documents.docx import text_of
from zhiyuan.law.errors import Denied, LawError

from .conftest import DEBTOR, debtor_id, verified

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 6, 1)


@pytest.fixture
def agency(make_user: Any) -> Any:
    """A railway operator's account (联合惩戒单位) with an API token scoped to the feed."""
    PartnerOrganization.objects.create(
        code="LHCJ-TL",
        name="中国铁路成都局集团有限公司贵阳站",
        kind="other",
        court=Court.objects.get(code="黔0102"),
    )
    user = make_user("railway", roles=("sanction_agency",), organization="LHCJ-TL", full_name="铁路联络员")
    _, raw = accounts.issue_token(None, user, "feed", ["credit:feed"])
    user.raw_token = raw
    return user


def _api(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {user.raw_token}"}


def _verify(page: dict[str, Any]) -> bool:
    key = Client().get("/api/public/credit-feed-key").json()
    body = {k: v for k, v in page.items() if k != "signature"}
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"]))
    try:
        public.verify(base64.b64decode(page["signature"]), feed.canonical(body))
    except Exception:  # noqa: BLE001 — cryptography raises InvalidSignature
        return False
    return key["key_id"] == page["key_id"]


def test_the_agency_fetches_signed_pages_acknowledges_and_reconciles(
    agency: Any, listed: Any, people: dict[str, Any]
) -> None:
    listing = listed(on=ON)  # published at once (no grace period)
    proposed = restrictions.propose(people["officer"], listing.case, debtor_id(listing.case), "debtor", ON)
    assert Client().get("/api/credit/feed?after=0", **_api(agency)).json()["events"][-1]["kind"] == "listed"
    r = restrictions.decide(verified(people["president"]), proposed, True, ON)  # the agencies learn of it now
    client = Client()
    page = client.get("/api/credit/feed?after=0", **_api(agency)).json()
    assert [e["kind"] for e in page["events"]] == ["listed", "restricted"]
    first = page["events"][0]
    assert (first["name"], first["id_number"], first["case_number"]) == (
        DEBTOR[0],
        DEBTOR[1],
        listing.case_number,
    )
    assert page["events"][1]["id_number"] == DEBTOR[1]
    assert _verify(page)
    assert not _verify({**page, "events": page["events"][:1]})  # a page cut short no longer verifies
    assert page["more"] is False
    first_only = client.get("/api/credit/feed?after=0&limit=1", **_api(agency)).json()
    assert (len(first_only["events"]), first_only["next_after"], first_only["more"]) == (
        1,
        first["seq"],
        True,
    )
    # reconciliation: the agency holds the listing but not the restriction
    check = client.post(
        "/api/credit/feed/reconcile",
        {"listing_ids": [listing.pk], "restriction_ids": [999]},
        content_type="application/json",
        **_api(agency),
    ).json()
    assert (check["matches"], check["restrictions_missing"], check["restrictions_extra"]) == (
        False,
        [r.pk],
        [999],
    )
    ack = client.post(
        "/api/credit/feed/ack", {"seq": page["next_after"]}, content_type="application/json", **_api(agency)
    )
    assert ack.json() == {"acked_seq": page["next_after"]}
    # a lifted restriction follows in the next page
    restrictions.lift(people["officer"], r, "performed", ON + dt.timedelta(days=3))
    nxt = client.get(f"/api/credit/feed?after={page['next_after']}", **_api(agency)).json()
    assert [(e["kind"], e["lifted_on"]) for e in nxt["events"]] == [("restriction_lifted", "2026-06-04")]


def test_the_feed_refuses_those_without_the_feed_permission_and_bad_numbers(
    agency: Any, people: dict[str, Any]
) -> None:
    _, raw = accounts.issue_token(None, people["officer"], "mine", ["case:view"])
    assert Client().get("/api/credit/feed", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 403
    assert Client().get("/api/credit/feed").status_code == 401
    bad = Client().get("/api/credit/feed?after=-1", **_api(agency))
    assert bad.status_code == 422
    ack = Client().post("/api/credit/feed/ack", {"seq": 5}, content_type="application/json", **_api(agency))
    assert (ack.status_code, ack.json()["code"]) == (422, "feed_seq_invalid")


def test_restoration_is_decided_by_another_person_deletes_and_reaches_the_agency(
    agency: Any, listed: Any, people: dict[str, Any], make_user: Any
) -> None:
    listing = listed(on=ON)
    second = make_user("officer2", roles=("enforcement_officer",), court="黔0102", full_name="赵执行")
    asked = restoration.request(
        people["officer"], listing, "performed", "已于6月3日全部履行，附银行回单", ON + dt.timedelta(days=2)
    )
    with pytest.raises(LawError) as twice:
        restoration.request(people["officer"], listing, "performed", "重复", ON + dt.timedelta(days=2))
    assert twice.value.code == "restoration_pending"
    with pytest.raises(Denied):
        restoration.decide(people["officer"], asked, True, "", ON + dt.timedelta(days=3))
    with pytest.raises(Denied):
        restoration.decide(people["officer_zunyi"], asked, True, "", ON + dt.timedelta(days=3))
    done = restoration.decide(second, asked, True, "", ON + dt.timedelta(days=3))
    listing = Listing.objects.get(pk=listing.pk)
    assert (done.status, listing.status, listing.deleted_on, listing.trigger) == (
        "granted",
        "deleted",
        ON + dt.timedelta(days=3),
        "performed",
    )
    kinds = list(FeedEvent.objects.filter(listing=listing).values_list("kind", flat=True))
    assert kinds == ["listed", "delisted"]
    assert "信用修复" in "".join(text_of(restoration.certificate_docx(done)))
    # the listing page shows the agency has not yet applied the deletion, then that it has
    officer = Client()
    officer.force_login(people["officer"])
    page = officer.get(reverse("credit:listing", args=[listing.pk])).content.decode()
    assert 'data-applied="0"' in page
    seq = feed.last_event(listing)
    Client().post("/api/credit/feed/ack", {"seq": seq}, content_type="application/json", **_api(agency))
    page = officer.get(reverse("credit:listing", args=[listing.pk])).content.decode()
    assert 'data-applied="1"' in page
    assert "铁路联络员" in page
    with pytest.raises(LawError) as again:
        restoration.decide(second, Restoration.objects.get(pk=done.pk), False, "x", ON + dt.timedelta(days=3))
    assert again.value.code == "restoration_decided"


def test_restoration_through_the_pages_refuses_bad_input(
    listed: Any, people: dict[str, Any], make_user: Any
) -> None:
    listing = listed(on=ON, grounds=(2,))  # a listing with a period: deleted early on active performance
    second = make_user("officer2", roles=("enforcement_officer",), court="黔0102", full_name="赵执行")
    officer, other = Client(), Client()
    officer.force_login(people["officer"])
    other.force_login(second)
    url = reverse("credit:restoration", args=[listing.pk])
    bad = officer.post(url, {"basis": "performed", "requested_on": "2026-06-31", "evidence": "x"})
    assert bad.status_code == 400
    empty = officer.post(url, {"basis": "performed", "requested_on": "2026-06-03", "evidence": "  "})
    assert empty.status_code == 400
    assert not Restoration.objects.exists()
    ok = officer.post(url, {"basis": "performed", "requested_on": "2026-06-03", "evidence": "全部履行"})
    assert ok.status_code == 302
    asked = Restoration.objects.get()
    page = officer.get(reverse("credit:listing", args=[listing.pk])).content.decode()
    assert 'id="restoration-decide-form"' not in page  # not for the person who recorded it
    refused = other.post(
        reverse("credit:restoration_decide", args=[asked.pk]),
        {"grant": "0", "decided_on": "2026-06-04", "note": ""},
    )
    assert refused.status_code == 400
    assert "理由" in refused.content.decode()
    granted = other.post(
        reverse("credit:restoration_decide", args=[asked.pk]),
        {"grant": "1", "decided_on": "2026-06-04", "note": ""},
    )
    assert granted.status_code == 302
    assert Listing.objects.get(pk=listing.pk).status == "deleted"
    cert = officer.get(reverse("credit:restoration_certificate", args=[asked.pk]))
    assert cert["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_command_center_shows_the_credit_figures(
    listed: Any, restricted: Any, people: dict[str, Any], make_user: Any
) -> None:
    import re

    from django.core.cache import cache

    from zhiyuan.credit import selectors

    first, second = listed(on=ON), listed(on=ON)
    other = make_user("officer2", roles=("enforcement_officer",), court="黔0102", full_name="赵执行")
    asked = restoration.request(people["officer"], first, "performed", "全部履行", ON + dt.timedelta(days=1))
    restoration.decide(other, asked, True, "", ON + dt.timedelta(days=1))
    restricted(second.case)
    restrictions.propose(
        people["officer"], first.case, debtor_id(first.case), "debtor", ON
    )  # not yet in force
    expected = {"listed": 2, "deleted": 1, "deleted_on_time": 1, "restored": 1, "restrictions_in_force": 1}
    assert selectors.figures(None, ON, ON + dt.timedelta(days=30)) == expected
    zunyi = list(Court.objects.filter(code="黔0302").values_list("pk", flat=True))
    assert selectors.figures(zunyi, None, None) == dict.fromkeys(expected, 0)
    assert selectors.figures(None, ON + dt.timedelta(days=2), None)["listed"] == 0  # outside the period
    cache.clear()
    command = make_user("command", roles=("command_operator",), court="黔0102")
    client = Client()
    client.force_login(command)
    html = client.get("/command/", {"from": "2026-06-01", "to": "2026-06-30"}).content.decode()
    start = html.index('data-area="credit"')
    panel = html[start : html.index("</section>", start)]
    rows = dict(re.findall(r'href="[^"]*#([^"]+)">[^<]+</a></dt><dd>([^<]*)</dd>', panel))
    assert rows == {f"credit-{k}": str(v) for k, v in expected.items()}
