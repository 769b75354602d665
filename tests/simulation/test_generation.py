"""The generator on its own: determinism, consistent dates, the configured rates, the parties."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from stdnum.cn import ric, uscc

from tests.simulation.conftest import AS_OF
from zhiyuan.courts.selectors import reference
from zhiyuan.law.guards import tcp_allowed
from zhiyuan.law.identity import is_valid_number
from zhiyuan.simulation.lifecycle import Spec, World, expected_enforcement_cases
from zhiyuan.simulation.parameters import rates
from zhiyuan.simulation.people import RESERVED_SEQUENCES, person_name
from zhiyuan.simulation.province import Numbering, generate, plan, rows, to_csv
from zhiyuan.simulation.services import world

pytestmark = pytest.mark.django_db
ENFORCEMENT = {"执", "执恢", "执异", "执复"}


def _province(sim: World, scale: float, years: list[int]) -> list[list[Spec]]:
    numbering = Numbering()
    out: list[list[Spec]] = []
    for chunk in plan(sim, scale, years):
        disputes = generate(sim, chunk)
        numbering.assign([s for d in disputes for s in d])
        out.extend(disputes)
    return out


def _csv(seed: int, scale: float, years: list[int]) -> list[bytes]:
    sim = world(seed, scale)
    numbering = Numbering()
    out = []
    for chunk in plan(sim, scale, years):
        disputes = generate(sim, chunk)
        numbering.assign([s for d in disputes for s in d])
        out.append(to_csv(rows(disputes, AS_OF))[0])
    return out


def test_same_seed_same_province_other_seed_another(reference_data: None) -> None:
    first = _csv(5, 0.002, [2025, 2026])
    assert first == _csv(5, 0.002, [2025, 2026])
    assert first != _csv(6, 0.002, [2025, 2026])
    assert len(first) > 1


def test_dates_are_consistent_and_never_after_as_of(reference_data: None) -> None:
    sim = world(2, 0.004)
    ref = reference()
    disputes = _province(sim, 0.004, [2025, 2026])
    numbers = [s.number for d in disputes for s in d]
    assert len(numbers) == len(set(numbers)), "case numbers are unique"
    tcp = 0
    for specs in disputes:
        for spec in specs:
            assert spec.closed_on is not None
            assert spec.closed_on >= spec.filed_on
            if spec.origin is not None:
                origin = specs[spec.origin]
                assert spec.filed_on >= origin.filed_on
                if spec.type_code in ("民终", "执", "执复", "执恢", "诉前调确", "诉前调书", "破申", "刑初"):
                    assert origin.closed_on is not None
                    assert spec.filed_on >= origin.closed_on, spec
            if spec.type_code == "民诉前调":
                assert (spec.closed_on - spec.filed_on).days <= 30
            if spec.method == "tcp":
                tcp += 1
                assert tcp_allowed(spec.filed_on, spec.closed_on, ref.params, ref.calendar) is None
                assert spec.closed_on >= spec.filed_on + dt.timedelta(days=89)
            assert spec.number.startswith(f"（{spec.filed_on.year}）")
    assert tcp > 50
    for line in rows(disputes, AS_OF):
        filed, closed, method, recovered = line[1], line[4], line[5], line[6]
        assert filed <= AS_OF.isoformat()
        assert (closed <= AS_OF.isoformat()) if closed else (not method and not recovered)


def test_rates_as_configured(reference_data: None) -> None:
    """One simulated year against the rates. Tolerances: about four standard errors of a proportion at
    these sample sizes (e.g. 0.02 for ~5,000 mediations), wider for amounts, whose heavy tail (σ up to
    1.7) leaves few effective samples."""
    table = rates()
    scale = 0.01
    disputes = _province(world(11, scale), scale, [2025])
    specs = [s for d in disputes for s in d]
    enforcement = [s for s in specs if s.type_code in ENFORCEMENT]
    target = float(table["volume.enforcement_cases_per_year"]) * scale
    assert abs(len(enforcement) - target) / target < 0.08
    mediations = [s for s in specs if s.type_code == "民诉前调"]
    success = sum(s.method == "mediation" for s in mediations) / len(mediations)
    assert abs(success - table["mediation.success_rate"]) < 0.025
    first = [s for s in specs if s.type_code == "执"]
    methods = Counter(s.method for s in first)
    for method, share in table["enforcement.outcomes"].items():
        assert abs(methods[method] / len(first) - share) < 0.035, method
    recovered = sum(s.recovered or 0 for s in first)
    claimed = sum(s.claim or 0 for s in first)
    assert abs(float(recovered / claimed) - table["enforcement.recovery_rate"]) < 0.1
    per_closed = float(recovered) / len(first)
    published = table["volume.recovered_yuan_2024"] / table["volume.closed_enforcement_cases_2024"]
    assert published / 2.5 < per_closed < published * 2.5
    wages = [d for d in disputes if d[0].cause == table["causes.migrant_wage_cause"]]
    assert len(wages) / len(disputes) > 0.01
    assert any(len(d[0].plaintiffs) > 1 for d in wages), "groups of workers"
    assert all(d[0].defendants[0].company for d in wages)
    assert expected_enforcement_cases(table) > 0


def test_parties_are_fictitious_but_valid_and_some_debtors_recur(reference_data: None) -> None:
    disputes = _province(world(3, 0.004), 0.004, [2025])
    courts_of: dict[str, set[str]] = {}
    for specs in disputes:
        for spec in specs:
            for party in (*spec.plaintiffs, *spec.defendants, *spec.third_parties):
                number = party.id_number
                assert is_valid_number(number), number
                if party.company:
                    assert uscc.is_valid(number)
                    assert number[2:4] == "52"
                    assert number[8:10] == "MA"
                else:
                    assert ric.is_valid(number)
                    assert number.startswith("52")
                    assert int(number[14:17]) in RESERVED_SEQUENCES
                    assert party.name == person_name(number)
                if spec.type_code == "执" and party in spec.defendants:
                    courts_of.setdefault(number, set()).add(spec.court)
    assert any(len(courts) > 1 for courts in courts_of.values()), "a repeat debtor in several courts"
