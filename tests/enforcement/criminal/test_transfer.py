"""The criminal trial division transfers a judgment's property parts (移送执行): the enforcement case is filed
at the first-instance court as a derivative of the criminal case, victims become applicants and the
defendant the debtor, the seized property enters the inventory with its measures' dates; refusals are
in words with stable codes and write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case, CaseParty, NodeLog, Side
from zhiyuan.enforcement.criminal import selectors, services
from zhiyuan.enforcement.models import Asset, CriminalTransfer, Measure, MeasureStatus, Triage
from zhiyuan.law.errors import Denied, LawError

from .conftest import TRANSFERRED, form

pytestmark = pytest.mark.django_db


def test_transfer_files_the_enforcement_case_and_carries_the_property(
    people: dict[str, Any], file_criminal: Any
) -> None:
    criminal = file_criminal()
    t = services.transfer(people["judge"], criminal, **form())
    case = t.enforcement_case
    assert case.type_code == "执"
    assert case.court_id == criminal.court_id
    assert case.origin_id == criminal.pk
    assert case.dispute_id == criminal.dispute_id
    assert case.derivative_kind == "enforcement"
    assert case.filed_on == TRANSFERRED
    assert case.claim_amount == Decimal("110000.00")
    sides = list(CaseParty.objects.filter(case=case).order_by("position").values_list("side", "party__name"))
    assert sides == [(Side.PLAINTIFF, "张三"), (Side.PLAINTIFF, "王五"), (Side.DEFENDANT, "李四")]
    assert [(i.kind, i.amount, i.victim.name if i.victim else "") for i in selectors.items(t)] == [
        ("fine", Decimal("20000.00"), ""),
        ("restitution", Decimal("50000.00"), "张三"),
        ("restitution", Decimal("30000.00"), "王五"),
        ("confiscation", Decimal("10000.00"), ""),
    ]
    assets = list(Asset.objects.filter(case=case).order_by("pk"))
    assert [a.description for a in assets] == ["工商银行账户存款", "南明区某小区住房"]
    assert all(a.owner.name == "李四" for a in assets)
    freeze, seal = (Measure.objects.get(asset=a) for a in assets)
    assert (freeze.kind, freeze.starts_on, freeze.ends_on, freeze.status) == (
        "freeze",
        dt.date(2026, 3, 1),
        dt.date(2027, 3, 1),
        MeasureStatus.ACTIVE,
    )
    assert seal.status == MeasureStatus.LAPSED
    assert seal.ended_on == dt.date(2026, 8, 1)
    assert [s["lapsed"] for s in t.seized] == [False, True]
    assert Triage.objects.filter(case=case).exists()  # the enforcement division's filing hooks ran
    assert AuditEntry.objects.filter(action="enforcement.criminal.transfer").count() == 1
    assert NodeLog.objects.filter(case=criminal, node="criminal_transferred").exists()
    assert NodeLog.objects.filter(case=case, node="criminal_received").exists()
    assert {c["article"] for c in t.citations} >= {"第六条", "第七条", "第八条"}


def test_claims_rank_items_for_article_13(people: dict[str, Any], file_criminal: Any) -> None:
    items = [
        {"kind": "recovery", "amount": "100"},
        {"kind": "recovery", "amount": "200", "victim": {"name": "张三", "id_number": "11010519491231002X"}},
        {"kind": "medical", "amount": "300", "victim": {"name": "张三", "id_number": "11010519491231002X"}},
        {
            "kind": "civil",
            "amount": "400",
            "secured": True,
            "victim": {"name": "王五", "id_number": "110105198001010016"},
        },
    ]
    t = services.transfer(people["judge"], file_criminal(), **form(items=items, seized=[]))
    claims = selectors.claims(t.enforcement_case)
    assert claims is not None
    assert [(c["kind"], c["payee_kind"], c["secured"]) for c in claims] == [
        ("confiscation", "treasury", False),
        ("victim_loss", "creditor", False),
        ("medical", "creditor", False),
        ("civil", "creditor", True),
    ]
    # one victim named twice is one applicant
    assert CaseParty.objects.filter(case=t.enforcement_case, side=Side.PLAINTIFF).count() == 2


def test_only_the_trial_division_of_the_court_transfers(
    people: dict[str, Any], file_criminal: Any, make_user: Any
) -> None:
    criminal = file_criminal()
    with pytest.raises(Denied):  # 审执分离: the enforcement officer does not transfer
        services.transfer(people["officer"], criminal, **form())
    with pytest.raises(LawError) as out_of_scope:
        services.transfer(people["judge_zunyi"], criminal, **form())
    assert out_of_scope.value.code == "case_out_of_scope"
    intermediate = make_user("judge_zy_mid", roles=("trial_judge",), court="黔01")
    with pytest.raises(LawError) as not_own:  # the district is in its scope, but the case is not its own
        services.transfer(intermediate, criminal, **form())
    assert not_own.value.code == "transfer_not_own_court"
    assert not CriminalTransfer.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"items": []}, "items_required"),
        ({"items": [{"kind": "restitution", "amount": "10"}]}, "victim_required"),
        ({"items": [{"kind": "fine", "amount": "10", "victim": {"name": "张三"}}]}, "victim_not_allowed"),
        ({"items": [{"kind": "fine", "amount": "10", "secured": True}]}, "secured_not_allowed"),
        ({"items": [{"kind": "bribe", "amount": "10"}]}, "item_kind_invalid"),
        ({"items": [{"kind": "fine", "amount": "0"}]}, "amount_out_of_range"),
        ({"items": [{"kind": "fine", "amount": ""}]}, "item_amount_required"),
        ({"items": [{"kind": "fine", "amount": "abc"}]}, "amount_invalid"),
        ({"effective_on": dt.date(2026, 5, 1)}, "transfer_dates_invalid"),
        ({"transferred_on": dt.date(2026, 8, 30)}, "transfer_dates_invalid"),
        ({"transferred_on": dt.date(2099, 1, 1), "effective_on": dt.date(2099, 1, 1)}, "transfer_in_future"),
        ({"effective_on": "2026-13-01"}, "invalid_date"),
        (
            {"seized": [{"asset_class": "deposit", "description": "x", "measure": "deduction"}]},
            "measure_kind_invalid",
        ),
        ({"seized": [{"asset_class": "gold", "description": "x", "measure": "seal"}]}, "asset_class_invalid"),
        ({"seized": [{"asset_class": "deposit", "description": "", "measure": "seal"}]}, "field_required"),
        (
            {
                "seized": [
                    {
                        "asset_class": "deposit",
                        "description": "x",
                        "measure": "seal",
                        "starts_on": dt.date(2026, 5, 1),
                        "ends_on": dt.date(2026, 4, 1),
                    }
                ]
            },
            "measure_dates_reversed",
        ),
        (
            {
                "seized": [
                    {
                        "asset_class": "deposit",
                        "description": "x",
                        "measure": "seal",
                        "starts_on": dt.date(2026, 10, 1),
                    }
                ]
            },
            "measure_after_transfer",
        ),
        ({"items": "fine"}, "invalid_list"),
        ({"property_leads": "x" * 2001}, "text_too_long"),
    ],
)
def test_a_bad_form_is_refused_in_words_and_writes_nothing(
    people: dict[str, Any], file_criminal: Any, changes: dict[str, Any], code: str
) -> None:
    criminal = file_criminal()
    before = Case.objects.count()
    with pytest.raises(LawError) as err:
        services.transfer(people["judge"], criminal, **form(**changes))
    assert err.value.code == code
    assert err.value.message_zh
    assert err.value.message_en
    assert Case.objects.count() == before
    assert not CriminalTransfer.objects.exists()
    assert not Asset.objects.exists()


def test_only_a_criminal_judgment_and_only_once(people: dict[str, Any], file_criminal: Any) -> None:
    civil = file_criminal(type_code="民初")
    with pytest.raises(LawError) as err:
        services.transfer(people["judge"], civil, **form())
    assert err.value.code == "not_criminal_judgment"
    criminal = file_criminal()
    first = services.transfer(people["judge"], criminal, **form())
    with pytest.raises(LawError) as again:
        services.transfer(people["judge"], criminal, **form())
    assert again.value.code == "already_transferred"
    assert first.enforcement_case.case_number in again.value.message_zh
    assert Case.objects.filter(type_code="执").count() == 1


def test_an_appeal_is_enforced_by_the_first_instance_court(
    people: dict[str, Any], file_criminal: Any
) -> None:
    lone = file_criminal(type_code="刑终")
    with pytest.raises(LawError) as err:
        services.transfer(people["judge"], lone, **form())
    assert err.value.code == "first_instance_unknown"
    first = file_criminal()
    appeal = file_criminal(type_code="刑终", origin=first)
    t = services.transfer(people["judge"], appeal, **form())
    with pytest.raises(LawError) as twice:  # one judgment, transferred once from either of its cases
        services.transfer(people["judge"], first, **form())
    assert twice.value.code == "already_transferred"
    assert t.enforcement_case.case_number in twice.value.message_zh
    assert t.enforcement_case.court_id == first.court_id
    assert t.enforcement_case.origin_id == appeal.pk


def test_a_defendant_must_be_named_when_there_are_several(people: dict[str, Any], file_criminal: Any) -> None:
    from zhiyuan.cases import services as cases
    from zhiyuan.cases.services import PartyIn

    criminal = cases.file_case(
        people["clerk"], court_code="黔0102", type_code="刑初", filed_on=dt.date(2026, 6, 1),
        parties_in=[PartyIn("李四", "defendant", "520102199003070014"), PartyIn("赵六", "defendant", "520102198506062046")],
    )  # fmt: skip
    with pytest.raises(LawError) as err:
        services.transfer(people["judge"], criminal, **form())
    assert err.value.code == "defendant_required"
    six = CaseParty.objects.get(case=criminal, party__name="赵六").party_id
    t = services.transfer(people["judge"], criminal, **form(defendant_id=six))
    assert t.defendant.name == "赵六"


def test_the_judgment_takes_effect_after_it_is_pronounced(people: dict[str, Any], file_criminal: Any) -> None:
    criminal = file_criminal()
    Case.objects.filter(pk=criminal.pk).update(closed_on=dt.date(2026, 9, 5), status="closed")
    criminal.refresh_from_db()
    with pytest.raises(LawError) as err:  # effective 09-01, before the judgment of 09-05
        services.transfer(people["judge"], criminal, **form())
    assert err.value.code == "transfer_dates_invalid"
    t = services.transfer(people["judge"], criminal, **form(effective_on=dt.date(2026, 9, 5)))
    assert t.effective_on == dt.date(2026, 9, 5)
