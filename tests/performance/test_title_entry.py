"""The judge enters the enforceable title of a judgment from its case page: the operative items as
structured obligations (parties picked from the case), checked by the executability rule with the
findings beside each item — errors block, warnings do not — and, once final, performance tracking opens
(the performance notice issued, the obligations scheduled). Refused on an undecided case and for anyone
but a judge."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from tests.cases.conftest import handled_by
from tests.performance.conftest import CREDITOR, DEBTOR, days
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases import services as cases
from zhiyuan.cases.services import PartyIn
from zhiyuan.performance.models import NoticeKind, Title, TitleStatus

pytestmark = pytest.mark.django_db
PASSWORD = "Zhiyuan#2026"


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def url(case: Any) -> str:
    return f"/performance/cases/{quote(case.case_number)}/title/"


def post(rows: list[dict[str, Any]], action: str, effective_on: str | None = None, initial: int = 0) -> dict:
    """The page's form: the effective date, the management form and one block of fields per row."""
    data: dict[str, Any] = {
        "action": action,
        "effective_on": effective_on or days(-60).isoformat(),
        "item-TOTAL_FORMS": str(len(rows)),
        "item-INITIAL_FORMS": str(initial),
        "item-MIN_NUM_FORMS": "1",
        "item-MAX_NUM_FORMS": "20",
    }
    for n, row in enumerate(rows):
        data.update({f"item-{n}-{k}": v for k, v in {"kind": "payment", **row}.items()})
    return data


# the trial's parties as the page names them: A1 the plaintiff, R1 the defendant
MONEY = {"obligors": ["R1"], "obligee": "A1", "amount": "30000", "due": days(30).isoformat()}


def test_the_case_page_offers_the_entry_to_the_judge_only(people, trial) -> None:
    page = client_for(people["judge"]).get(f"/cases/{quote(trial.case_number)}/")
    html = page.content.decode()
    assert 'data-link="enter-title"' in html
    assert "录入执行依据（生效判决履行事项）" in html
    assert url(trial) in html
    for other in ("clerk", "officer"):
        html = client_for(people[other]).get(f"/cases/{quote(trial.case_number)}/").content.decode()
        assert 'data-link="enter-title"' not in html, other


def test_the_page_picks_parties_from_the_case(people, trial) -> None:
    page = client_for(people["judge"]).get(url(trial))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="item-0-obligors" value="R1"' in html
    assert f"{DEBTOR[0]}</label>" in html
    assert f'<option value="A1">{CREDITOR[0]}</option>' in html
    assert DEBTOR[1] not in html, "identity numbers are never shown"
    assert 'name="effective_on"' in html
    assert "民事判决" in html or "判决" in html


def test_findings_are_shown_beside_their_item_and_nothing_is_written(people, trial) -> None:
    rows = [
        {**MONEY, "interest_from": days(-200).isoformat()},  # interest without a rate: a warning
        {"kind": "act", "obligors": ["R1"], "obligee": "A1", "act": "配合办理过户手续"},  # no object: error
    ]
    page = client_for(people["judge"]).post(url(trial), post(rows, "check"))
    assert page.status_code == 200
    html = page.content.decode()
    first, second = html.split('data-item="1"')
    first = first.split('data-item="0"')[1]
    assert 'data-code="interest_basis_missing"' in first
    assert 'class="finding warning"' in first
    assert 'data-code="act_object_missing"' in second
    assert 'class="finding error"' in second
    assert 'data-code="act_object_missing"' not in first
    assert "可执行性审查发现 1 处错误" in html
    assert not Title.objects.filter(case=trial).exists()


def test_errors_block_the_title(people, trial) -> None:
    rows = [MONEY, {"kind": "act", "obligors": ["R1"], "obligee": "A1", "act": "配合办理过户手续"}]
    page = client_for(people["judge"]).post(url(trial), post(rows, "final"))
    assert page.status_code == 422
    html = page.content.decode()
    assert "title_not_executable" in html
    assert 'data-code="act_object_missing"' in html.split('data-item="1"')[1]
    assert not Title.objects.filter(case=trial).exists()


def test_warnings_do_not_block_and_the_final_title_opens_tracking(people, trial) -> None:
    rows = [
        {
            **MONEY,
            "amount": "",
            "due": "",
            "instalments": f"{days(10).isoformat()} 10000\r\n{days(40).isoformat()}，20000元",
            "interest_rate": "",
            "interest_from": days(-200).isoformat(),
        },
        {"kind": "delivery", "obligors": ["R1"], "obligee": "A1", "object": "奔驰牌小型轿车一辆（贵A12345）"},
        {},  # a blank row is ignored
    ]
    judge = client_for(people["judge"])
    page = judge.post(url(trial), post(rows, "final"))
    assert page.status_code == 302, page.content.decode()[:2000]
    title = Title.objects.get(case=trial)
    assert page["Location"] == f"/performance/titles/{title.pk}/"
    assert title.status == TitleStatus.PERFORMING
    assert title.kind == "judgment"
    assert title.effective_on == days(-60)
    assert str(title.total_amount) == "30000.00", "the amount is the instalments' sum when left blank"
    roles = {p["ref"]: (p["name"], p["role"]) for p in title.parties}
    assert roles == {"A1": (CREDITOR[0], "creditor"), "R1": (DEBTOR[0], "debtor")}
    obligations = list(title.obligations.order_by("item", "instalment"))
    assert [(o.kind, o.amount, o.due) for o in obligations[:2]] == [
        ("payment", 10000, days(10)),
        ("payment", 20000, days(40)),
    ]
    assert obligations[2].kind == "act"
    assert obligations[2].act == "交付 奔驰牌小型轿车一辆（贵A12345）"
    assert obligations[2].due == days(-60), "no due date: due when the judgment took effect"
    assert title.notices.filter(kind=NoticeKind.PERFORMANCE_NOTICE).count() == 1
    assert AuditEntry.objects.filter(action="performance.title.open").exists()
    detail = judge.get(page["Location"])
    assert detail.status_code == 200
    assert "执行依据已生效" in detail.content.decode()
    case_page = judge.get(f"/cases/{quote(trial.case_number)}/").content.decode()
    assert 'data-link="performance-title"' in case_page
    assert 'data-link="enter-title"' not in case_page
    again = judge.get(url(trial))
    assert again.status_code == 409
    assert "title_exists" in again.content.decode()


def test_field_errors_are_shown_next_to_the_field(people, trial) -> None:
    rows = [{**MONEY, "instalments": "下月底 一万元", "amount": "12.345"}]
    page = client_for(people["judge"]).post(url(trial), post(rows, "final", effective_on="2026-02-30"))
    assert page.status_code == 422
    html = page.content.decode()
    assert 'id="id_item-0-instalments_error"' in html
    assert "第 1 行应为“履行日 金额”" in html
    assert 'id="id_item-0-amount_error"' in html
    assert 'id="id_effective_on_error"' in html
    assert not Title.objects.filter(case=trial).exists()


def test_a_row_is_added_without_showing_errors(people, trial) -> None:
    page = client_for(people["judge"]).post(url(trial), post([{**MONEY, "amount": "abc"}], "add"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="item-1-obligee"' in html
    assert 'value="abc"' in html, "what was typed is kept"
    assert "error-summary" not in html


def test_refused_on_an_undecided_case(people) -> None:
    case = cases.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="民初",
        filed_on=days(-30),
        cause="民间借贷纠纷",
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    handled_by(case, people["judge"])
    judge = client_for(people["judge"])
    page = judge.get(url(case))
    assert page.status_code == 409
    assert "title_case_not_decided" in page.content.decode()
    assert judge.post(url(case), post([MONEY], "final")).status_code == 409
    assert 'data-link="enter-title"' not in judge.get(f"/cases/{quote(case.case_number)}/").content.decode()
    assert not Title.objects.filter(case=case).exists()


def test_refused_on_a_case_closed_without_an_enforceable_outcome(people) -> None:
    case = cases.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="民初",
        filed_on=days(-30),
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    handled_by(case, people["judge"])
    case = cases.transition(people["judge"], case, "close", days(-2), closing_method="withdrawal")
    page = client_for(people["judge"]).get(url(case))
    assert page.status_code == 409
    assert "title_case_not_decided" in page.content.decode()


@pytest.mark.parametrize("who", ["clerk", "officer"])
def test_refused_for_anyone_but_a_judge(people, trial, who: str) -> None:
    user = client_for(people[who])
    page = user.get(url(trial))
    assert page.status_code == 403
    assert user.post(url(trial), post([MONEY], "final")).status_code == 403
    assert not Title.objects.filter(case=trial).exists()
    assert AuditEntry.objects.filter(action="auth.denied", actor_name=people[who].username).exists()


def test_a_judge_of_another_court_does_not_see_the_case(people, trial) -> None:
    assert client_for(people["judge_zunyi"]).get(url(trial)).status_code == 404


def test_anonymous_users_sign_in_first(trial) -> None:
    page = Client().get(url(trial))
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
