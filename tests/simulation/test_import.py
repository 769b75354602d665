"""The province through the import path: every derivative kind, resumption after an interruption,
re-runs as no-ops, delegated-mediation records, the command's arguments."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.simulation.conftest import AS_OF
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case, CaseParty
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.law.derivation import KINDS
from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import is_valid_number
from zhiyuan.mediation.models import Mediation
from zhiyuan.parties.models import Party
from zhiyuan.simulation.models import SimulatedChunk
from zhiyuan.simulation.parameters import Rates
from zhiyuan.simulation.province import Numbering, generate, plan, rows
from zhiyuan.simulation.services import simulate_province, world

pytestmark = pytest.mark.django_db
SCALE, YEARS = 0.002, 2


class Interrupted(Exception):
    pass


def _expected(table: Rates, seed: int) -> list[dict[str, tuple[str, ...]]]:
    """The rows the generator gives for the run, chunk by chunk, by case number."""
    sim = world(seed, SCALE, table)
    numbering = Numbering()
    out: list[dict[str, tuple[str, ...]]] = []
    for chunk in plan(sim, SCALE, [2025, 2026]):
        disputes = generate(sim, chunk)
        numbering.assign([s for d in disputes for s in d])
        out.append({line[0]: line for line in rows(disputes, AS_OF)})
    return out


def _stored() -> dict[str, tuple[Any, ...]]:
    return {
        c.case_number: (
            c.filed_on.isoformat(),
            c.cause_text,
            "" if c.claim_amount is None else str(c.claim_amount),
            c.closed_on.isoformat() if c.closed_on else "",
            c.closing_method,
            "" if c.recovered_amount is None else str(c.recovered_amount),
            c.origin.case_number if c.origin else "",
        )
        for c in Case.objects.select_related("origin")
    }


def test_every_kind_and_resumption_after_an_interruption(reference_data: None, rare_events: Rates) -> None:
    seen: list[str] = []

    def stop_after_two(chunk: Any, cases: int, skipped: bool) -> None:
        seen.append(chunk.key)
        if len(seen) == 2:
            raise Interrupted

    run = {"seed": 9, "scale": SCALE, "years": YEARS, "as_of": AS_OF, "table": rare_events}
    with pytest.raises(Interrupted):
        simulate_province(**run, progress=stop_after_two)
    assert SimulatedChunk.objects.count() == 2  # whole chunks only
    chunks = _expected(rare_events, 9)
    assert set(Case.objects.values_list("case_number", flat=True)) == {*chunks[0], *chunks[1]}
    summary = simulate_province(**run)
    assert summary.skipped == 2
    assert summary.imported == summary.chunks - 2
    assert AuditEntry.objects.filter(action="simulation.chunk").count() == summary.chunks
    expected = {n: line for chunk in chunks for n, line in chunk.items()}
    stored = _stored()
    assert stored.keys() == expected.keys()
    assert all(stored[n] == expected[n][1:8] for n in expected)
    again = simulate_province(**run)
    assert again.imported == 0
    assert again.skipped == again.chunks
    assert Case.objects.count() == len(expected)

    kinds = Counter(Case.objects.exclude(derivative_kind="").values_list("derivative_kind", flat=True))
    wanted = set(KINDS) - {"retrial", "supervision", "other"}
    assert wanted <= set(kinds), wanted - set(kinds)
    assert "other" not in kinds
    flags = Counter(f for fl in Case.objects.values_list("flags", flat=True) for f in fl)
    assert not flags["origin_unresolved"]
    assert not flags["cause_unrecognized"]
    assert (
        Case.objects.filter(cause__isnull=False, filed_on__gte=dt.date(2026, 1, 1))
        .exclude(cause__edition__key="2025")
        .count()
        == 0
    )
    assert Case.objects.filter(filed_on__lt=dt.date(2026, 1, 1), cause__edition__key="2025").count() == 0
    assert Case.objects.filter(cause_text="追索劳动报酬纠纷").exists()
    assert set(Case.objects.values_list("court__level", flat=True)) >= {"basic", "intermediate", "high"}


def test_parties_valid_and_repeat_debtors_across_courts(reference_data: None) -> None:
    simulate_province(seed=4, scale=SCALE, years=1, as_of=AS_OF)
    numbers = list(Party.objects.values_list("id_number", flat=True))
    assert numbers
    assert all(is_valid_number(n) for n in numbers)
    courts = Counter()
    for party_id, _court_count in (
        CaseParty.objects.filter(case__type_code="执", side="defendant")
        .values_list("party_id", "case__court_id")
        .distinct()
    ):
        courts[party_id] += 1
    assert max(courts.values()) > 1


def test_mediation_records_for_partner_organizations(reference_data: None) -> None:
    court = Court.objects.get(code="黔0102")
    PartnerOrganization.objects.create(
        code="T-1", name="测试人民调解委员会", kind="peoples_mediation", court=court
    )
    simulate_province(seed=4, scale=SCALE, years=1, as_of=AS_OF)
    records = Mediation.objects.select_related("case")
    assert records.exists()
    assert {m.case.court_id for m in records} == {court.pk}
    assert records.count() == Case.objects.filter(court=court, type_code="民诉前调").count()
    for m in records:
        assert m.description
        assert m.focus_type
        assert (m.status == "mediating") == (m.case.closed_on is None)
    assert records.filter(focus_type="other").count() < records.count()


def test_bad_arguments_are_refused_with_codes(reference_data: None) -> None:
    with pytest.raises(LawError) as err:
        simulate_province(seed=1, scale=0, years=1, as_of=AS_OF)
    assert err.value.code == "simulation_scale_invalid"
    with pytest.raises(LawError) as err:
        simulate_province(seed=1, scale=0.01, years=1, start=2027, as_of=AS_OF)
    assert err.value.code == "simulation_start_invalid"
    with pytest.raises(CommandError) as cmd:
        call_command("simulate", "province", "--years", "0")
    assert "simulation_years_invalid" in str(cmd.value)
    with pytest.raises(CommandError):
        call_command("simulate", "province", "--as-of", "2026-13-01")
    assert not Case.objects.exists()
