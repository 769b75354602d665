"""Enforcement activity across the simulated province: a share of the open enforcement cases of many
courts get property under control with the law's periods, deterministic per seed, idempotent, and the
command center's property block counts it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.simulation.conftest import AS_OF
from zhiyuan.audit.models import AuditEntry
from zhiyuan.command import property as command_property
from zhiyuan.courts.models import Court
from zhiyuan.enforcement.models import Asset, Measure, MeasureStatus
from zhiyuan.simulation.enforcement_province import ensure_province_activity
from zhiyuan.simulation.services import simulate_province

pytestmark = pytest.mark.django_db
TODAY = AS_OF


def test_property_across_the_province_with_the_laws_periods(reference_data: None) -> None:
    simulate_province(seed=5, scale=0.002, years=1, as_of=AS_OF)
    made = ensure_province_activity(seed=5, today=TODAY)
    assert made["cases"] > 0
    assert made["assets"] == Asset.objects.count()
    assert Asset.objects.values("case__court").distinct().count() > 3  # many courts, not one
    for m in Measure.objects.exclude(kind="deduction").select_related("asset"):
        years = {"deposit": 1, "company_share": 3, "vehicle": 2, "real_estate": 3}[m.asset.asset_class]
        assert m.starts_on is not None
        assert m.ends_on is not None
        assert m.starts_on <= TODAY
        assert (m.ends_on - m.starts_on).days in range(365 * years - 2, 365 * years + 2)
        assert (m.status == MeasureStatus.ACTIVE) == (m.ends_on >= TODAY)
    for m in Measure.objects.filter(kind="deduction"):
        assert m.status == MeasureStatus.DONE
    assert ensure_province_activity(seed=5, today=TODAY) == {
        "cases": 0,
        "assets": 0,
        "measures": 0,
        "auctions": 0,
    }
    assert AuditEntry.objects.filter(action="simulation.province_enforcement").exists()
    board = command_property.board(Court.objects.get(code="黔"), TODAY)
    held = Asset.objects.filter(status__in=("seized", "valuing", "in_auction")).count()
    assert board.total.held == held


def test_the_same_seed_gives_the_same_property(reference_data: None) -> None:
    simulate_province(seed=6, scale=0.002, years=1, as_of=AS_OF)
    ensure_province_activity(seed=6, today=TODAY)
    first = sorted(Asset.objects.values_list("case__case_number", "asset_class", "register_ref"))
    Measure.objects.all().delete()
    Asset.objects.all().delete()
    from zhiyuan.simulation.models import SimulatedChunk

    SimulatedChunk.objects.filter(signature="province-enforcement").delete()
    call_command("simulate", "enforcement", "--seed", "6")
    assert sorted(Asset.objects.values_list("case__case_number", "asset_class", "register_ref")) == first
