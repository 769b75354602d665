"""The hearing pages and API: the Done-when flow through the forms, refusals shown in words with their
code, bad input as problems, documents as DOCX, the public announcement (no identity numbers, masked
names, no sign-in), the case section and the reviewer's workbench panel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.enforcement.hearings.conftest import CREDITOR, DEBTOR, OUTSIDER, at
from zhiyuan.accounts import services as accounts
from zhiyuan.documents.docx import text_of
from zhiyuan.enforcement.hearings import services
from zhiyuan.enforcement.models import Hearing, HearingState

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 20)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _auth(user: Any) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", ["case:view", "enforcement:hearing", "enforcement:review"])
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _api(client: Client, path: str, body: dict[str, Any], user: Any) -> Any:
    return client.post(
        f"/api/enforcement/hearings{path}", body, content_type="application/json", **_auth(user)
    )


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "matter": "third_party_objection",
        "requested_by": "party",
        "requested_on": "2026-11-04",
        "starts_at": "2026-11-20T09:00",
        "minutes": "120",
        "mode": "room",
        "place": "第一听证室",
        "presiding": "reviewer",
        "public": "on",
        "others": "王执行，执行实施承办人",
    }
    data.update(changes)
    return data


def test_done_when_through_the_pages(crew, objection) -> None:
    reviewer = _client(crew["reviewer"])
    page = reviewer.get(reverse("cases:detail", args=[objection.case_number])).content.decode()
    assert 'id="hearing-schedule-form"' in page
    r = reviewer.post(reverse("enforcement:hearing_schedule", args=[objection.case_number]), _form())
    assert r.status_code == 302
    h = Hearing.objects.get()
    url = reverse("enforcement:hearing", args=[h.pk])
    assert r["Location"] == url
    for p in h.participants.all():
        r = reviewer.post(
            reverse("enforcement:hearing_step", args=[h.pk, "serve"]),
            {"participant": p.pk, "served_on": "2026-11-10", "method": "直接送达"},
        )
        assert r.status_code == 302
    statements = {f"statement-{p.pk}": f"{p.name}称……" for p in h.participants.all()}
    r = reviewer.post(
        reverse("enforcement:hearing_step", args=[h.pk, "hold"]), {"record": "听证经过……", **statements}
    )
    assert r.status_code == 302
    r = reviewer.post(
        reverse("enforcement:hearing_step", args=[h.pk, "decide"]),
        {"outcome": "sustained", "reasons": "案外人享有足以排除执行的权益", "on": "2026-11-20"},
    )
    assert r.status_code == 302
    r = reviewer.post(reverse("enforcement:hearing_step", args=[h.pk, "close"]), {"on": "2026-11-23"})
    assert r.status_code == 302
    h.refresh_from_db()
    objection.refresh_from_db()
    assert h.state == HearingState.CLOSED
    assert objection.closing_method == "other"
    page = reviewer.get(url).content.decode()
    assert "案外人享有足以排除执行的权益" in page
    timeline = reviewer.get(reverse("cases:detail", args=[objection.case_number])).content.decode()
    for words in ("送达听证通知", "执行听证结论", "异议（请求）成立", "案外人异议"):
        assert words in timeline
    for kind, heading in (("record", "听证笔录"), ("ruling", "执行裁定书")):
        r = reviewer.get(reverse("enforcement:hearing_document", args=[h.pk, kind]))
        assert r["Content-Type"].startswith("application/vnd.openxmlformats")
        assert heading in text_of(r.content)
    notice = reviewer.get(
        reverse("enforcement:hearing_document", args=[h.pk, "notice"])
        + f"?participant={h.participants.first().pk}"
    )
    text = text_of(notice.content)
    assert "听证通知书" in text
    assert objection.case_number in text
    record = text_of(reviewer.get(reverse("enforcement:hearing_document", args=[h.pk, "record"])).content)
    assert f"{OUTSIDER[0]}：{OUTSIDER[0]}称……" in record


def test_page_refusals_in_words(crew, objection) -> None:
    reviewer = _client(crew["reviewer"])
    r = reviewer.post(
        reverse("enforcement:hearing_schedule", args=[objection.case_number]),
        _form(mode="online", place="ftp://x"),
    )
    assert r.status_code == 400
    assert "hearing_link_invalid" in r.content.decode()
    r = reviewer.post(
        reverse("enforcement:hearing_schedule", args=[objection.case_number]), _form(minutes="3")
    )
    assert r.status_code == 400
    assert not Hearing.objects.exists()
    reviewer.post(reverse("enforcement:hearing_schedule", args=[objection.case_number]), _form())
    h = Hearing.objects.get()
    r = reviewer.post(reverse("enforcement:hearing_step", args=[h.pk, "hold"]), {"record": "笔录"})
    assert r.status_code == 400
    assert "participant_not_served_in_time" in r.content.decode()
    r = _client(crew["reviewer2"]).post(
        reverse("enforcement:hearing_step", args=[h.pk, "hold"]), {"record": "x"}
    )
    assert r.status_code == 403
    assert "not_presiding" in r.content.decode()
    r = _client(crew["reviewer_zunyi"]).get(reverse("enforcement:hearing", args=[h.pk]))
    assert r.status_code == 404


def test_api_flow_and_problems(crew, objection) -> None:
    c = Client()
    body = {
        "case_number": objection.case_number,
        "matter": "third_party_objection",
        "mode": "online",
        "place": "https://hearing.example/room/1",
        "starts_at": at(DAY).isoformat(),
        "minutes": 90,
        "presiding": "reviewer",
        "requested_on": "2026-11-04",
        "public": True,
        "others": [{"name": "王执行", "capacity": "执行实施承办人"}],
    }
    r = _api(c, "", body, crew["reviewer"])
    assert r.status_code == 200, r.content
    h = r.json()
    assert h["linked_case_number"] == objection.origin.case_number
    assert {"name": "王执行", "capacity": "执行实施承办人", "party": False}.items() <= h["participants"][
        -1
    ].items()
    again = _api(
        c, "", {**body, "presiding": "reviewer", "starts_at": at(DAY, 10).isoformat()}, crew["reviewer"]
    )
    assert again.status_code == 409
    assert again.json()["code"] == "reviewer_double_booked"
    for p in h["participants"]:
        r = _api(
            c, f"/{h['id']}/serve", {"participant_id": p["id"], "served_on": "2026-11-18"}, crew["reviewer"]
        )
        assert r.status_code == 200
    r = _api(c, f"/{h['id']}/hold", {"record": "笔录"}, crew["reviewer"])
    assert r.status_code == 422
    assert r.json()["code"] == "participant_not_served_in_time"
    r = _api(
        c,
        f"/{h['id']}/reschedule",
        {"starts_at": at(DAY + dt.timedelta(days=5)).isoformat(), "minutes": 60, "reason": "重新送达"},
        crew["reviewer"],
    )
    assert r.status_code == 200
    for p in h["participants"]:
        _api(c, f"/{h['id']}/serve", {"participant_id": p["id"], "served_on": "2026-11-18"}, crew["reviewer"])
    r = _api(
        c,
        f"/{h['id']}/hold",
        {
            "record": "笔录",
            "statements": [{"participant_id": h["participants"][0]["id"], "statement": "陈述"}],
        },
        crew["reviewer"],
    )
    assert r.status_code == 200
    assert r.json()["state"] == "held"
    r = _api(
        c,
        f"/{h['id']}/outcome",
        {"outcome": "dismissed", "reasons": "不足以排除执行", "on": "2026-11-25"},
        crew["reviewer"],
    )
    assert r.json()["outcome"] == "dismissed"
    r = _api(c, f"/{h['id']}/close", {"on": "2026-11-26"}, crew["reviewer"])
    assert r.json()["state"] == "closed"
    listed = c.get(
        f"/api/enforcement/hearings?case_number={objection.case_number}", **_auth(crew["reviewer"])
    )
    assert [x["id"] for x in listed.json()] == [h["id"]]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"matter": "x" * 40}, 422, None),
        ({"minutes": 1000}, 422, None),
        ({"mode": "boat"}, 422, None),
        ({"place": "一\n二"}, 422, None),
        ({"matter": "divorce"}, 422, "hearing_matter_unknown"),
        ({"presiding": "officer"}, 422, "presiding_not_reviewer"),
        ({"case_number": "（2026）黔0102执异999号"}, 404, "case_not_found"),
    ],
)
def test_api_bad_input(crew, objection, change, status, code) -> None:
    body = {
        "case_number": objection.case_number,
        "matter": "other",
        "mode": "room",
        "place": "一室",
        "starts_at": at(DAY).isoformat(),
        "minutes": 60,
        "presiding": "reviewer",
        "requested_on": "2026-11-04",
        **change,
    }
    r = _api(Client(), "", body, crew["reviewer"])
    assert r.status_code == status, r.content
    if code:
        assert r.json()["code"] == code
    assert not Hearing.objects.exists()


def test_api_wrong_role_and_other_court(crew, objection) -> None:
    body = {
        "case_number": objection.case_number,
        "matter": "other",
        "mode": "room",
        "place": "一室",
        "starts_at": at(DAY).isoformat(),
        "minutes": 60,
        "presiding": "reviewer",
        "requested_on": "2026-11-04",
    }
    c = Client()
    c.force_login(crew["officer"])
    r = c.post("/api/enforcement/hearings", body, content_type="application/json")
    assert r.status_code in (401, 403)
    r = _api(Client(), "", body, crew["reviewer_zunyi"])
    assert r.status_code == 404
    assert r.json()["code"] == "case_not_found"


def test_public_page_masks_and_hides_numbers(crew, objection) -> None:
    future = timezone.localdate() + dt.timedelta(days=10)
    services.schedule(
        crew["reviewer"],
        objection,
        matter="third_party_objection",
        mode="room",
        place="第二听证室",
        starts_at=at(future),
        minutes=60,
        presiding=crew["reviewer"],
        requested_on=timezone.localdate(),
        public=True,
    )
    services.schedule(
        crew["reviewer"],
        objection,
        matter="act_objection",
        mode="online",
        place="https://secret.example/x",
        starts_at=at(future, 14),
        minutes=60,
        presiding=crew["reviewer"],
        requested_on=timezone.localdate(),
        public=True,
    )
    services.schedule(
        crew["reviewer"],
        objection,
        matter="other",
        mode="room",
        place="不公开室",
        starts_at=at(future, 16),
        minutes=60,
        presiding=crew["reviewer"],
        requested_on=timezone.localdate(),
    )
    r = Client().get("/hearings/public/")
    assert r.status_code == 200
    page = r.content.decode()
    assert objection.case_number in page
    assert "第二听证室" in page
    assert "王某" in page
    assert "张某" in page
    for name, number in (CREDITOR, DEBTOR, OUTSIDER):
        assert number not in page
        assert number[:6] + "*" not in page
        assert name not in page
    assert "secret.example" not in page
    assert "不公开室" not in page


def test_workbench_panel_lists_my_hearings(crew, objection) -> None:
    future = timezone.localdate() + dt.timedelta(days=3)
    services.schedule(
        crew["reviewer"],
        objection,
        matter="other",
        mode="room",
        place="第三听证室",
        starts_at=at(future),
        minutes=60,
        presiding=crew["reviewer"],
        requested_on=timezone.localdate(),
    )
    page = _client(crew["reviewer"]).get("/").content.decode()
    assert "我主持的听证" in page
    assert objection.case_number in page
    other = _client(crew["reviewer2"]).get("/").content.decode()
    assert "暂无待举行的听证" in other


def test_a_party_reads_the_notice_on_their_own_case(crew, objection, make_user) -> None:
    h = services.schedule(
        crew["reviewer"],
        objection,
        matter="third_party_objection",
        mode="online",
        place="https://hearing.example/r/9",
        starts_at=at(DAY),
        minutes=60,
        presiding=crew["reviewer"],
        requested_on=dt.date(2026, 11, 4),
    )
    debtor = h.participants.get(name=DEBTOR[0])
    services.serve(crew["reviewer"], debtor, served_on=dt.date(2026, 11, 10), method="电子送达")
    party = _client(make_user("debtor", roles=("party",), id_number=DEBTOR[1]))
    page = party.get(reverse("cases:detail", args=[objection.case_number])).content.decode()
    section = page[page.index('id="hearings"') :]
    assert "https://hearing.example/r/9" in section
    assert "2026-11-20 09:00" in section
    assert "案外人异议" in section
    assert reverse("enforcement:hearing", args=[h.pk]) not in section
    assert "送达听证通知" in page  # the notice on the case's timeline
    assert party.get(reverse("enforcement:hearing", args=[h.pk])).status_code == 404
    stranger = _client(make_user("stranger", roles=("party",), id_number="110101199003074477"))
    assert stranger.get(reverse("cases:detail", args=[objection.case_number])).status_code == 404
