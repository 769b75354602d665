"""Fixtures for the synthetic province."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml

from zhiyuan.simulation.parameters import PARAMS_FILE, Rates

AS_OF = dt.date(2026, 6, 30)


def boosted_rates(**overrides: Any) -> Rates:
    """The shipped rates with some values replaced (dotted keys, e.g. ``enforcement__objection_rate``)."""
    data = copy.deepcopy(yaml.safe_load(PARAMS_FILE.read_text(encoding="utf-8")))
    for key, value in overrides.items():
        group, name = key.split("__")
        data[group][name]["value"] = value
    return Rates(data, repr(sorted(overrides.items())))


@pytest.fixture
def rare_events() -> Rates:
    """Rare derivative kinds made common, so a small province holds every kind."""
    return boosted_rates(
        enforcement__objection_rate=0.2,
        enforcement__objection_suit_rate=0.05,
        enforcement__refusal_crime_rate=0.1,
        enforcement__bankruptcy_rate=0.3,
        enforcement__resumption_rate=0.4,
        volume__disputes_per_chunk=400,
    )
