"""Triage of enforcement cases (繁简分流): on filing, on new facts, the officer's override, scoping, bad
input and the catch-up command — through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.services import Actor
from zhiyuan.cases import services as cases
from zhiyuan.enforcement import selectors, services
from zhiyuan.enforcement.models import Triage
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db


def _actions(case: Any) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_small_claim_is_simple_on_filing(file_enforcement: Any) -> None:
    case = file_enforcement(8000)
    t = Triage.objects.get(case=case)
    assert (t.track, t.rule_track) == ("simple", "simple")
    assert [r["code"] for r in t.reasons] == ["small_claim"]
    assert "8,000.00" in t.reasons[0]["message_zh"]
    assert t.citations
    assert t.citations[0]["article"] == "第七条"
    assert "enforcement.triage.file" in _actions(case)


def test_large_claim_without_means_is_complex_on_filing(file_enforcement: Any) -> None:
    case = file_enforcement(500000)
    t = Triage.objects.get(case=case)
    assert t.track == "complex"
    assert [r["code"] for r in t.reasons] == ["no_quick_means"]


def test_resumption_and_repeat_debtor_are_derived(file_enforcement: Any) -> None:
    for _ in range(4):
        file_enforcement(5000)
    resumed = file_enforcement(5000, type_code="执恢")
    t = Triage.objects.get(case=resumed)
    assert t.is_resumption
    assert t.pending_cases_of_debtor == 4
    assert t.track == "complex"
    assert [r["code"] for r in t.reasons] == ["resumption", "repeat_debtor"]


def test_other_case_types_are_not_triaged(people: dict[str, Any]) -> None:
    case = cases.file_case(
        people["clerk"],
        court_code="黔0102",
        type_code="民初",
        filed_on=dt.date(2026, 11, 2),
        claim_amount=Decimal(8000),
    )
    assert not Triage.objects.filter(case=case).exists()


def test_no_claim_amount_leaves_the_case_untriaged(file_enforcement: Any) -> None:
    t = Triage.objects.get(case=file_enforcement(None))
    assert (t.track, t.pending) == ("", services.PENDING_NO_CLAIM)


def test_new_facts_retriage_and_end_an_override(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(500000)
    officer = people["officer"]
    services.override(officer, case, "simple", "被执行人已承诺一次性履行")
    t = services.update_facts(officer, case, services.clean_facts({"frozen_amount": "500000"}))
    assert (t.track, t.override_track) == ("simple", "")
    assert [r["code"] for r in t.reasons] == ["funds_cover_claim"]
    assert t.facts_recorded
    t = services.update_facts(
        officer, case, services.clean_facts({"frozen_amount": "500000", "third_party_objection": "on"})
    )
    assert t.track == "complex"
    assert [r["code"] for r in t.reasons] == ["third_party_objection"]
    entry = AuditEntry.objects.filter(action="enforcement.triage.facts").order_by("-seq").first()
    assert entry is not None
    assert (entry.before or {})["track"] == "simple"
    assert (entry.after or {})["track"] == "complex"
    assert entry.actor_id == officer.pk


def test_override_with_reason(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    t = services.override(people["officer"], case, "complex", "  另案查封财产须协调处置  ")
    t.refresh_from_db()
    assert (t.track, t.rule_track, t.override_track) == ("complex", "simple", "complex")
    assert t.override_reason == "另案查封财产须协调处置"
    assert t.override_by_name == "王执行"
    assert t.override_at is not None
    entry = AuditEntry.objects.get(action="enforcement.triage.override")
    assert (entry.after or {})["reason"] == "另案查封财产须协调处置"
    assert (entry.before or {})["track"] == "simple"


@pytest.mark.parametrize(
    ("track", "reason", "code"),
    [("complex", "   ", "override_reason_required"), ("hard", "理由", "track_invalid")],
)
def test_override_refused_without_reason_or_track(
    file_enforcement: Any, people: dict[str, Any], track: str, reason: str, code: str
) -> None:
    case = file_enforcement(8000)
    with pytest.raises(LawError) as err:
        services.override(people["officer"], case, track, reason)
    assert err.value.code == code
    assert err.value.message_zh
    assert err.value.message_en
    assert Triage.objects.get(case=case).track == "simple"
    assert not AuditEntry.objects.filter(action="enforcement.triage.override").exists()


def test_another_court_and_other_roles_are_refused(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    with pytest.raises(Denied) as err:
        services.override(people["officer_zunyi"], case, "complex", "理由")
    assert err.value.code == "case_out_of_scope"
    with pytest.raises(Denied):
        services.update_facts(people["judge"], case, services.Facts())
    assert Triage.objects.get(case=case).track == "simple"
    assert AuditEntry.objects.filter(action="auth.denied", outcome="denied").count() == 2


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ({"frozen_amount": "-1"}, "amount_out_of_range"),
        ({"deducted_amount": "1e20"}, "amount_out_of_range"),
        ({"salary_monthly": "99999999999999999"}, "amount_out_of_range"),
        ({"salary_monthly": "12.345"}, "amount_precision"),
        ({"frozen_amount": "很多"}, "amount_invalid"),
        ({"needs_valuation": "maybe"}, "boolean_invalid"),
    ],
)
def test_bad_facts_are_refused_before_anything_is_written(
    file_enforcement: Any, raw: dict[str, str], code: str
) -> None:
    case = file_enforcement(8000)
    with pytest.raises(LawError) as err:
        services.clean_facts(raw)
    assert err.value.code == code
    assert Triage.objects.get(case=case).frozen_amount == Decimal("0.00")


def test_closed_case_keeps_its_triage(file_enforcement: Any, people: dict[str, Any]) -> None:
    case = file_enforcement(8000)
    case.closed_on = dt.date(2026, 11, 20)
    case.save(update_fields=["closed_on"])
    with pytest.raises(LawError) as err:
        services.update_facts(people["officer"], case, services.Facts())
    assert err.value.code == "case_closed"


def test_catch_up_is_idempotent_and_counts_pending_as_of_filing(file_enforcement: Any) -> None:
    first = file_enforcement(5000, filed_on=dt.date(2026, 1, 5))
    second = file_enforcement(5000, filed_on=dt.date(2026, 3, 5))
    first.closed_on = dt.date(2026, 2, 1)
    first.save(update_fields=["closed_on"])
    Triage.objects.all().delete()  # as if imported before the enforcement app existed
    assert services.triage_missing(Actor.system("test")) == 2
    assert Triage.objects.get(case=second).pending_cases_of_debtor == 0  # first was closed by then
    assert services.triage_missing(Actor.system("test")) == 0
    call_command("enforcement", "triage", "--all")
    assert Triage.objects.count() == 2
    assert AuditEntry.objects.filter(action="enforcement.triage.catch_up").count() == 2


def test_accuracy_counts_closed_cases_per_track(file_enforcement: Any) -> None:
    quick = file_enforcement(5000, filed_on=dt.date(2026, 1, 5))
    slow = file_enforcement(500000, filed_on=dt.date(2026, 1, 6))
    file_enforcement(5000, filed_on=dt.date(2026, 1, 7))  # still open: not counted
    Case = type(quick)
    Case.objects.filter(pk=quick.pk).update(closed_on=dt.date(2026, 2, 19))  # day 45
    Case.objects.filter(pk=slow.pk).update(closed_on=dt.date(2026, 2, 21))  # day 46
    result = selectors.accuracy()
    assert (result["simple"].closed, result["simple"].quick, result["simple"].share) == (1, 1, 1.0)
    assert (result["complex"].closed, result["complex"].quick, result["complex"].share) == (1, 0, 0.0)
