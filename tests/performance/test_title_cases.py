"""A title (执行依据) is the enforceable document a case closed with: a judgment, a mediation document or a
ruling confirming a mediation agreement (民事诉讼法 2023 Arts 247, 206). Nothing else opens one: not an open
case, not a withdrawal or a dismissal, not an enforcement case, and not before the case closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.cases.conftest import handled_by
from tests.performance.conftest import CREDITOR, DEBTOR, PARTIES, days, payment
from zhiyuan.accounts import services as accounts
from zhiyuan.cases import services as cases
from zhiyuan.cases.services import PartyIn
from zhiyuan.law.errors import LawError
from zhiyuan.performance import services
from zhiyuan.performance.models import Title

pytestmark = pytest.mark.django_db


def _file(type_code: str, filed_on: dt.date) -> Any:
    return cases.file_case(
        None,
        court_code="黔0102",
        type_code=type_code,
        filed_on=filed_on,
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )


def _open(judge: Any, case: Any, kind: str = "judgment", effective_on: dt.date | None = None) -> Any:
    return services.open_title(
        judge,
        case=case,
        kind=kind,
        parties=PARTIES,
        items=[payment("100", days(5))],
        effective_on=effective_on or days(-30),
    )


def _refused(judge: Any, case: Any, code: str, **kwargs: Any) -> None:
    with pytest.raises(LawError) as caught:
        _open(judge, case, **kwargs)
    assert caught.value.code == code


def test_only_a_case_closed_with_an_enforceable_outcome(people) -> None:
    judge = people["judge"]
    pending = _file("民初", days(-200))
    _refused(judge, pending, "title_case_not_decided")  # still open
    withdrawn = _file("民初", days(-200))
    cases.transition(None, withdrawn, "close", days(-90), closing_method="withdrawal")
    _refused(judge, withdrawn, "title_case_not_decided")
    enforcement = _file("执", days(-200))
    cases.transition(None, enforcement, "close", days(-90), closing_method="fully_performed")
    _refused(judge, enforcement, "title_case_not_decided")
    assert not Title.objects.exists()


def test_the_kind_follows_the_outcome_and_takes_effect_after_closing(people) -> None:
    judge = people["judge"]
    mediated = _file("民初", days(-200))
    cases.transition(None, mediated, "close", days(-90), closing_method="mediation")
    _refused(judge, mediated, "title_kind_mismatch", kind="judgment")
    _refused(judge, mediated, "effective_before_closing", kind="mediation_agreement", effective_on=days(-100))
    assert _open(judge, mediated, kind="mediation_agreement").case_id == mediated.pk
    confirmed = _file("民特", days(-40))
    confirmed = cases.transition(None, confirmed, "accept", days(-38))
    cases.transition(None, confirmed, "decide", days(-30), closing_method="confirmed")
    assert _open(judge, confirmed, kind="mediation_agreement", effective_on=days(-30)).pk


def test_through_the_api(people) -> None:
    trial = _file("民初", days(-200))
    handled_by(trial, people["judge"])
    _, raw = accounts.issue_token(None, people["judge"], "t", ["case:view", "trial:performance_notice"])
    body = {
        "case_number": trial.case_number,
        "kind": "judgment",
        "effective_on": str(days(-10)),
        "parties": PARTIES,
        "items": [payment("100", days(5))],
    }
    r = Client().post("/api/performance/titles", body, "application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert (r.status_code, r.json()["code"]) == (422, "title_case_not_decided")
    cases.transition(people["judge"], trial, "close", days(-20), closing_method="judgment")
    r = Client().post("/api/performance/titles", body, "application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 201, r.content
