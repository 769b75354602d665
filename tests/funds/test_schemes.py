"""Distribution schemes (分配方案): made from ``law.distribution`` over the proceeds with the case's own
applicant and the applicant of another court's case against the same debtor, served, objected to inside
the 15-day period or confirmed after it; refusals in words; the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.cases import services as cases
from zhiyuan.cases.services import PartyIn
from zhiyuan.funds import scheme
from zhiyuan.funds.models_scheme import Scheme
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 9, 1)


@pytest.fixture
def two_cases(make_user: Any) -> dict[str, Any]:
    clerk = make_user("s_clerk", roles=("filing_clerk",), court="黔0102")
    zclerk = make_user("s_clerk_z", roles=("filing_clerk",), court="黔0302")
    debtor = ("李四", "520102199003070014")

    def file(who: Any, court: str, creditor: tuple[str, str]) -> Any:
        return cases.file_case(
            who,
            court_code=court,
            type_code="执",
            filed_on=dt.date(2026, 3, 2),
            claim_amount=Decimal("60000"),
            parties_in=[
                PartyIn(creditor[0], "plaintiff", creditor[1]),
                PartyIn(debtor[0], "defendant", debtor[1]),
            ],
        )

    return {
        "case": file(clerk, "黔0102", ("张三", "11010519491231002X")),
        "other": file(zclerk, "黔0302", ("王五", "110105194912310046")),
        "officer": make_user("s_officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"),
        "officer_z": make_user("s_officer_z", roles=("enforcement_officer",), court="黔0302"),
    }


def _party(case: Any, side: str = "plaintiff") -> int:
    return int(case.parties.get(side=side).party_id)


def test_a_person_debtors_proceeds_shared_pro_rata_served_and_confirmed(two_cases: dict[str, Any]) -> None:
    case, other, officer = two_cases["case"], two_cases["other"], two_cases["officer"]
    ids = [p for p, _n in scheme.candidates(case)]
    assert ids == [_party(case), _party(other)]  # the other court's applicant may join
    made = scheme.make(
        officer,
        case,
        proceeds="1000.00",
        costs="100.00",
        on=ON,
        creditors=[
            {"party_id": _party(case), "amount": "600.00"},
            {"party_id": _party(other), "amount": "300.00"},
        ],
    )
    assert [a["amount"] for a in made.allocations] == ["600.00", "300.00"]
    assert (made.costs_paid, made.remainder) == (Decimal("100.00"), Decimal("0.00"))
    served = scheme.serve(officer, made, ON)
    assert served.objection_due == dt.date(2026, 9, 16)
    with pytest.raises(LawError) as early:
        scheme.confirm(officer, served, dt.date(2026, 9, 16))
    assert early.value.code == "objection_period_running"
    final = scheme.confirm(officer, served, dt.date(2026, 9, 17))
    assert (final.status, final.final_on) == ("final", dt.date(2026, 9, 17))


def test_pro_rata_when_short_and_an_objection_in_time(two_cases: dict[str, Any]) -> None:
    case, other, officer = two_cases["case"], two_cases["other"], two_cases["officer"]
    made = scheme.make(
        officer,
        case,
        proceeds="100.00",
        costs="0",
        on=ON,
        creditors=[
            {"party_id": _party(case), "amount": "200.00"},
            {"party_id": _party(other), "amount": "100.00"},
        ],
    )
    assert [a["amount"] for a in made.allocations] == ["66.67", "33.33"]
    served = scheme.serve(officer, made, ON)
    with pytest.raises(LawError) as late:
        scheme.object_to(officer, served, _party(case, "defendant"), dt.date(2026, 9, 17), "数额有误")
    assert late.value.code == "objection_out_of_time"
    objected = scheme.object_to(officer, served, _party(other), dt.date(2026, 9, 10), "我的债权应优先受偿")
    assert objected.status == "objected"
    assert objected.objections[0]["name"] == "王五"
    with pytest.raises(LawError) as state:
        scheme.confirm(officer, objected, dt.date(2026, 9, 20))
    assert state.value.code == "scheme_state_invalid"


def test_refusals(two_cases: dict[str, Any]) -> None:
    case, officer = two_cases["case"], two_cases["officer"]
    with pytest.raises(Denied):
        scheme.make(
            two_cases["officer_z"],
            case,
            proceeds="1",
            costs="0",
            on=ON,
            creditors=[{"party_id": _party(case), "amount": "1"}],
        )
    with pytest.raises(LawError) as twice:
        scheme.make(
            officer,
            case,
            proceeds="1",
            costs="0",
            on=ON,
            creditors=[{"party_id": _party(case), "amount": "1"}] * 2,
        )
    assert twice.value.code == "creditor_twice"
    with pytest.raises(LawError) as bad:
        scheme.make(
            officer,
            case,
            proceeds="-1",
            costs="0",
            on=ON,
            creditors=[{"party_id": _party(case), "amount": "1"}],
        )
    assert bad.value.code.startswith("amount")
    assert not Scheme.objects.exists()


def test_the_page_makes_serves_and_shows_a_scheme(two_cases: dict[str, Any]) -> None:
    case, other = two_cases["case"], two_cases["other"]
    client = Client()
    client.force_login(two_cases["officer"])
    url = reverse("funds:schemes", args=[case.case_number])
    assert 'id="scheme-form"' in client.get(url).content.decode()
    incomplete = client.post(
        url, {"proceeds": "900", "costs": "0", "on": "2026-09-01", "party_0": _party(case)}
    )
    assert incomplete.status_code == 400
    assert "每一行须同时填写" in incomplete.content.decode()
    ok = client.post(
        url,
        {
            "proceeds": "900",
            "costs": "0",
            "on": "2026-09-01",
            "party_0": _party(case),
            "amount_0": "600",
            "party_1": _party(other),
            "amount_1": "300",
        },
    )
    assert ok.status_code == 302
    made = Scheme.objects.get()
    page = client.get(url).content.decode()
    assert f'id="scheme-{made.pk}"' in page
    assert "600.00" in page
    served = client.post(
        reverse("funds:scheme_serve", args=[case.case_number, made.pk]), {"on": "2026-09-01"}
    )
    assert served.status_code == 302
    assert Scheme.objects.get().status == "served"
