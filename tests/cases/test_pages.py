"""The case pages through Django's test client on the real database: search and its filters (plain GET and
HTMX), court and party scoping, masked identity numbers, lifecycle actions and the timeline."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse

from tests.cases.conftest import handled_by
from zhiyuan.cases import names, services, views
from zhiyuan.cases.models import Case, NodeLog
from zhiyuan.cases.services import PartyIn
from zhiyuan.law.derivation import KINDS

pytestmark = pytest.mark.django_db

CREDITOR = ("陈明", "110101198506120039")
DEBTOR = ("刘强", "520102199105050022")
OUTSIDER = ("周平", "52010319920202456X")  # a party of 黔0302 only
FULL_ID = re.compile(r"\d{17}[\dXx]")


@pytest.fixture
def staff(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """An officer (the enforcement case's handler) and a clerk of 黔0102, a clerk of 黔0302, a command-center operator of 黔, a party, and
    a user with no case permission."""
    return {
        "officer": make_user("pg_officer", roles=("enforcement_officer",), court="黔0102"),
        "clerk": make_user("pg_clerk", roles=("filing_clerk",), court="黔0102"),
        "clerk_zunyi": make_user("pg_clerk_zy", roles=("filing_clerk",), court="黔0302"),
        "high": make_user("pg_high", roles=("command_operator",), court="黔"),
        "party": make_user("pg_party", roles=("party",), id_number=DEBTOR[1]),
        "nobody": make_user("pg_nobody"),
    }


@pytest.fixture
def docket(staff: dict[str, Any]) -> dict[str, Case]:
    """A 民初 at 黔0102, the enforcement case derived from it (same dispute), an objection to that
    enforcement filed at 黔0302, and an unrelated 民初 at 黔0302."""
    both = [PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]), PartyIn(DEBTOR[0], "defendant", DEBTOR[1])]
    trial = services.file_case(
        None,
        court_code="黔0102",
        type_code="民初",
        filed_on=dt.date(2024, 3, 4),
        cause="民间借贷纠纷",
        claim_amount=Decimal("120000.00"),
        parties_in=both,
    )
    trial = services.transition(None, trial, "close", dt.date(2024, 6, 3), closing_method="judgment")
    enforcement = services.file_case(
        None,
        court_code="黔0102",
        type_code="执",
        filed_on=dt.date(2024, 7, 1),
        claim_amount=Decimal("120000.00"),
        origin=trial,
        parties_in=both,
    )
    objection = services.file_case(
        None,
        court_code="黔0302",
        type_code="执异",
        filed_on=dt.date(2024, 8, 5),
        origin=enforcement,
        parties_in=[
            PartyIn(OUTSIDER[0], "plaintiff", OUTSIDER[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    zunyi = services.file_case(
        None,
        court_code="黔0302",
        type_code="民初",
        filed_on=dt.date(2024, 5, 6),
        cause="买卖合同纠纷",
        parties_in=[PartyIn(OUTSIDER[0], "plaintiff", OUTSIDER[1]), PartyIn("吴刚", "defendant")],
    )
    handled_by(enforcement, staff["officer"])
    return {"trial": trial, "enforcement": enforcement, "objection": objection, "zunyi": zunyi}


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.case_number])


def listed(body: str) -> set[str]:
    """Case numbers in the results table."""
    table = body.split('id="case-results"', 1)[1].split("</table>", 1)[0]
    return set(re.findall(r'class="case-link">([^<]+)<', table))


# ---------------------------------------------------------------------------------------------- search


def test_search_filters(staff, docket) -> None:
    client = signed_in(staff["high"])
    trial, enforcement, objection, zunyi = (docket[k] for k in ("trial", "enforcement", "objection", "zunyi"))
    every = {c.case_number for c in docket.values()}

    def found(**query: str) -> set[str]:
        response = client.get(reverse("cases:search"), query, follow=True)
        assert response.status_code == 200
        return listed(response.content.decode())

    assert found() == every
    assert found(number=trial.case_number) == {trial.case_number}
    assert found(party=CREDITOR[0]) == {trial.case_number, enforcement.case_number}
    assert found(id_number=OUTSIDER[1]) == {objection.case_number, zunyi.case_number}
    assert found(court="黔0302") == {objection.case_number, zunyi.case_number}
    assert found(type_code="执") == {enforcement.case_number}
    assert found(cause="买卖") == {zunyi.case_number}
    assert found(status="closed") == {trial.case_number}
    assert found(filed_from="2024-05-01", filed_to="2024-07-31") == {
        zunyi.case_number,
        enforcement.case_number,
    }
    assert found(court="黔0102", type_code="民初") == {trial.case_number}


def test_search_results_show_state_names_and_closing_methods(staff, docket) -> None:
    body = signed_in(staff["officer"]).get(reverse("cases:search")).content.decode()
    assert "已结案" in body
    assert "判决" in body
    assert "已立案" in body
    assert f'href="{detail_url(docket["trial"])}"' in body


def test_an_invalid_filter_is_reported_not_searched(staff, docket) -> None:
    client = signed_in(staff["officer"])
    body = client.get(reverse("cases:search"), {"filed_from": "not a date"}).content.decode()
    assert 'id="search-errors"' in body
    assert 'id="case-results"' not in body
    body = client.get(reverse("cases:search"), {"id_number": "123456"}).content.decode()
    assert "证件号码无效" in body


def test_htmx_gets_the_results_only_and_a_canonical_url(staff, docket) -> None:
    client = signed_in(staff["officer"])
    response = client.get(reverse("cases:search"), {"type_code": "执"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="case-search"' not in body
    assert "<html" not in body
    assert listed(body) == {docket["enforcement"].case_number}
    assert response["HX-Push-Url"] == reverse("cases:search") + "?type_code=%E6%89%A7"
    assert "HX-Request" in response["Vary"]
    full = client.get(reverse("cases:search"), {"type_code": "执"}).content.decode()
    assert 'id="case-search"' in full
    assert 'hx-get="/cases/"' in full
    assert 'hx-target="#results"' in full


def test_a_searched_identity_number_never_comes_back(staff, docket) -> None:
    """Plain GET: redirected to a URL carrying a sealed token; HTMX: the pushed URL carries the token."""
    client = signed_in(staff["officer"])
    response = client.get(reverse("cases:search"), {"id_number": DEBTOR[1]})
    assert response.status_code == 302
    assert DEBTOR[1] not in unquote(response["Location"])
    assert "idq=" in response["Location"]
    page = client.get(response["Location"])
    body = page.content.decode()
    assert DEBTOR[1] not in body
    assert "520102********0022" in body
    assert listed(body) == {docket["trial"].case_number, docket["enforcement"].case_number}
    # re-submitting the masked echo with its token keeps the criterion
    token = re.search(r'name="idq" value="([^"]+)"', body)
    assert token is not None
    again = client.get(reverse("cases:search"), {"id_number": "520102********0022", "idq": token.group(1)})
    assert listed(again.content.decode()) == listed(body)
    # another user cannot use the token
    other = signed_in(staff["high"]).get(
        reverse("cases:search"), {"id_number": "520102********0022", "idq": token.group(1)}
    )
    assert listed(other.content.decode()) == {c.case_number for c in docket.values()}
    htmx = client.get(reverse("cases:search"), {"id_number": DEBTOR[1]}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200
    assert DEBTOR[1] not in unquote(htmx["HX-Push-Url"])
    assert "idq=" in htmx["HX-Push-Url"]
    assert DEBTOR[1] not in htmx.content.decode()


def test_results_are_paginated(staff, docket, monkeypatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = signed_in(staff["high"])
    first = client.get(reverse("cases:search")).content.decode()
    assert len(listed(first)) == 2
    assert 'id="pager"' in first
    assert "page=2" in first
    second = client.get(reverse("cases:search"), {"page": "2"}).content.decode()
    assert len(listed(second)) == 2
    assert listed(first) | listed(second) == {c.case_number for c in docket.values()}
    htmx = client.get(reverse("cases:search"), {"page": "2"}, HTTP_HX_REQUEST="true")
    assert htmx["HX-Push-Url"] == reverse("cases:search") + "?page=2"


# ---------------------------------------------------------------------------------------------- access


def test_anonymous_is_sent_to_sign_in_and_no_permission_is_403(staff, docket) -> None:
    for url in (
        reverse("cases:search"),
        detail_url(docket["trial"]),
        reverse("cases:dispute", args=[docket["trial"].dispute_id]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert signed_in(staff["nobody"]).get(url).status_code == 403
    htmx = Client().get(reverse("cases:search"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith(reverse("accounts:login"))


def test_an_officer_sees_only_their_court(staff, docket) -> None:
    client = signed_in(staff["officer"])
    body = client.get(reverse("cases:search")).content.decode()
    assert listed(body) == {docket["trial"].case_number, docket["enforcement"].case_number}
    assert client.get(detail_url(docket["zunyi"])).status_code == 404
    assert client.get(detail_url(docket["objection"])).status_code == 404
    assert client.get(reverse("cases:dispute", args=[docket["zunyi"].dispute_id])).status_code == 404
    outsider = docket["zunyi"].parties.get(side="plaintiff").party_id
    assert client.get(reverse("cases:party", args=[outsider])).status_code == 404
    post = client.post(
        reverse("cases:transition", args=[docket["zunyi"].case_number]),
        {"name": "close", "on": "2024-09-02", "closing_method": "judgment"},
    )
    assert post.status_code == 404


def test_the_high_court_sees_both_courts(staff, docket) -> None:
    client = signed_in(staff["high"])
    assert listed(client.get(reverse("cases:search")).content.decode()) == {
        c.case_number for c in docket.values()
    }
    for case in docket.values():
        assert client.get(detail_url(case)).status_code == 200


def test_a_party_sees_only_their_cases_and_never_a_full_identity_number(staff, docket) -> None:
    client = signed_in(staff["party"])
    mine = {docket[k].case_number for k in ("trial", "enforcement", "objection")}
    search = client.get(reverse("cases:search"), follow=True).content.decode()
    assert listed(search) == mine
    assert client.get(detail_url(docket["zunyi"])).status_code == 404
    debtor = docket["trial"].parties.get(side="defendant").party_id
    creditor = docket["trial"].parties.get(side="plaintiff").party_id
    pages = {
        "search": search,
        "search by number": client.get(reverse("cases:search"), {"id_number": DEBTOR[1]}, follow=True),
        "search by number (htmx)": client.get(
            reverse("cases:search"), {"id_number": DEBTOR[1]}, HTTP_HX_REQUEST="true"
        ),
        "dispute": client.get(reverse("cases:dispute", args=[docket["trial"].dispute_id])),
        "own party page": client.get(reverse("cases:party", args=[debtor])),
        "other party page": client.get(reverse("cases:party", args=[creditor])),
        **{number: client.get(reverse("cases:detail", args=[number])) for number in mine},
    }
    for name, page in pages.items():
        body = page if isinstance(page, str) else page.content.decode()
        if not isinstance(page, str):
            assert page.status_code == 200, name
        for _, number in (CREDITOR, DEBTOR, OUTSIDER):
            assert number not in body, f"{number} in {name}"
        assert not FULL_ID.search(body), f"an identity-like number in {name}"
    detail = pages[docket["enforcement"].case_number].content.decode()  # type: ignore[union-attr]
    assert "520102********0022" in detail
    assert "110101********0039" in detail
    assert 'id="no-actions"' in detail  # a party holds no lifecycle permission


def test_staff_see_masked_numbers_too(staff, docket) -> None:
    body = signed_in(staff["officer"]).get(detail_url(docket["enforcement"])).content.decode()
    assert DEBTOR[1] not in body
    assert CREDITOR[1] not in body
    assert "520102********0022" in body


# ---------------------------------------------------------------------------------------------- detail


def test_detail_shows_facts_roles_and_links(staff, docket) -> None:
    client = signed_in(staff["officer"])
    body = client.get(detail_url(docket["enforcement"])).content.decode()
    for text in (
        "南明区",
        "执行实施",
        "¥120,000.00",
        "申请执行人",
        "被执行人",
        CREDITOR[0],
        DEBTOR[0],
        "申请执行",
    ):
        assert text in body, text
    assert f'href="{detail_url(docket["trial"])}" id="origin-link"' in body
    assert reverse("cases:dispute", args=[docket["trial"].dispute_id]) in body
    # the objection is at 黔0302: named, not linked
    assert docket["objection"].case_number in body
    assert f'href="{detail_url(docket["objection"])}"' not in body
    trial = client.get(detail_url(docket["trial"])).content.decode()
    assert "原告/申请人" in trial
    assert "被告/被申请人" in trial
    assert "判决" in trial


def test_the_timeline_lists_nodes_in_order_with_deadlines(staff, docket) -> None:
    officer = staff["officer"]
    case = docket["enforcement"]
    services.transition(officer, case, "notify", dt.date(2024, 7, 3))
    case.refresh_from_db()
    services.transition(officer, case, "execute", dt.date(2024, 7, 10), note="查询银行账户")
    body = signed_in(officer).get(detail_url(case)).content.decode()
    timeline = body.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    nodes = re.findall(r'data-node="([^"]+)"', timeline)
    assert nodes == ["filing", "notify", "execute"]
    assert timeline.index("2024-07-01") < timeline.index("2024-07-03") < timeline.index("2024-07-10")
    assert "发出执行通知书、报告财产令" in timeline
    assert "查询银行账户" in timeline
    assert 'data-rule="enforcement_notice"' in timeline
    assert 'data-rule="enforcement_time_limit"' in timeline
    notice = re.search(r'class="deadline (\w+)" data-rule="enforcement_notice"', timeline)
    limit = re.search(r'class="deadline (\w+)" data-rule="enforcement_time_limit"', timeline)
    assert notice is not None
    assert notice.group(1) == "met"
    assert limit is not None
    assert limit.group(1) == "overdue"
    assert "已逾期" in timeline


def test_only_permitted_actions_are_offered(staff, docket) -> None:
    case = docket["enforcement"]
    officer = signed_in(staff["officer"]).get(detail_url(case)).content.decode()
    assert 'data-action="notify"' in officer
    assert 'data-action="close"' in officer
    assert 'data-action="extend"' not in officer  # approval:grant is the president's
    assert 'name="recovered_amount"' in officer
    assert 'value="fully_performed"' in officer
    high = signed_in(staff["high"]).get(detail_url(case)).content.decode()
    assert 'data-action="' not in high
    assert 'id="no-actions"' in high


def test_a_transition_through_the_page(staff, docket) -> None:
    client = signed_in(staff["officer"])
    case = docket["enforcement"]
    response = client.post(
        reverse("cases:transition", args=[case.case_number]),
        {
            "name": "close",
            "on": "2024-09-02",
            "closing_method": "fully_performed",
            "recovered_amount": "120000",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(case)
    case.refresh_from_db()
    assert (case.status, case.closing_method, case.recovered_amount) == (
        "closed",
        "fully_performed",
        Decimal("120000.00"),
    )
    body = client.get(detail_url(case)).content.decode()
    assert 'id="messages"' in body
    assert "执行完毕" in body
    assert "¥120,000.00" in body


def test_an_invalid_transition_shows_the_rule_and_writes_nothing(staff, docket) -> None:
    client = signed_in(staff["officer"])
    case = docket["enforcement"]
    url = reverse("cases:transition", args=[case.case_number])
    nodes = NodeLog.objects.count()
    response = client.post(url, {"name": "execute", "on": "2024-09-02"})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="action-error"' in body
    assert "transition_not_allowed" in body
    assert "案件处于“已立案”，不能“开始查控处置”。" in body
    response = client.post(url, {"name": "close", "on": "2024-09-02", "closing_method": "judgment"})
    assert "closing_method_invalid" in response.content.decode()
    response = client.post(url, {"name": "notify", "on": "2024-06-01"})  # before filing
    assert response.status_code == 422
    assert 'id="action-error"' in response.content.decode()
    response = client.post(url, {"name": "notify", "on": "not a date"})
    assert response.status_code == 422
    assert "invalid_input" in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.post(url, {"name": "execute", "on": "2024-09-02"})
    assert "A case in state &#x27;filed&#x27; cannot &#x27;execute&#x27;." in response.content.decode()
    case.refresh_from_db()
    assert case.status == "filed"
    assert NodeLog.objects.count() == nodes


def test_a_refused_permission_is_403_and_writes_nothing(staff, docket) -> None:
    case = docket["enforcement"]
    response = signed_in(staff["high"]).post(
        reverse("cases:transition", args=[case.case_number]), {"name": "notify", "on": "2024-07-02"}
    )
    assert response.status_code == 403
    assert 'id="action-error"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == "filed"


# ----------------------------------------------------------------------------------------- graph, party


def test_the_dispute_graph_lists_every_case(staff, docket) -> None:
    body = signed_in(staff["high"]).get(reverse("cases:dispute", args=[docket["trial"].dispute_id]))
    html = body.content.decode()
    for key in ("trial", "enforcement", "objection"):
        assert f'data-case="{docket[key].case_number}"' in html
    assert docket["zunyi"].case_number not in html
    assert 'data-count="cases">3<' in html
    assert 'data-count="litigation_cases">3<' in html
    assert 'id="dispute-graph-data"' in html
    assert "vendor/echarts/echarts.min.js" in html
    assert 'type="application/json"' in html
    for label in ("民事一审", "执行实施", "执行审查", "申请执行", "执行异议"):
        assert label in html, label


def test_the_graph_shows_cases_outside_the_scope_without_their_facts(staff, docket) -> None:
    html = signed_in(staff["officer"]).get(reverse("cases:dispute", args=[docket["trial"].dispute_id]))
    body = html.content.decode()
    row = body.split(f'data-case="{docket["objection"].case_number}"', 1)[1].split("</tr>", 1)[0]
    assert "不在您的权限范围内" in row
    assert "href" not in row
    assert f'href="{detail_url(docket["trial"])}"' in body


def test_the_party_page_lists_cases_across_courts_with_roles(staff, docket) -> None:
    debtor = docket["trial"].parties.get(side="defendant").party_id
    body = signed_in(staff["high"]).get(reverse("cases:party", args=[debtor])).content.decode()
    assert DEBTOR[0] in body
    assert "520102********0022" in body
    assert DEBTOR[1] not in body
    for key in ("trial", "enforcement", "objection"):
        assert docket[key].case_number in body
    assert "被执行人" in body
    assert "被告/被申请人" in body
    assert "自然人" in body
    officer = signed_in(staff["officer"]).get(reverse("cases:party", args=[debtor])).content.decode()
    assert docket["objection"].case_number not in officer  # 黔0302 is outside 黔0102's scope


def test_every_derivative_kind_has_a_name() -> None:
    assert set(names.DERIVATIVE_KINDS) == set(KINDS)


def test_english_switch_translates_the_data_names(staff, docket) -> None:
    client = signed_in(staff["officer"])
    client.cookies["django_language"] = "en"
    body = client.get(detail_url(docket["enforcement"])).content.decode()
    assert "Judgment creditor" in body
    assert "Enforcement" in body
