"""Two renewals of one measure at once: one wins, the other is refused; two courts sealing the same
property at once: one first, one waiting. On a file SQLite database and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.races import race as _race
from tests.races import skip_on_one_connection
from zhiyuan.enforcement.measures import services
from zhiyuan.enforcement.models import Measure

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


@pytest.fixture(autouse=True)
def _file_database() -> None:
    skip_on_one_connection()


@pytest.mark.parametrize("rounds", range(2))
def test_parallel_renewals_one_wins(staff, file_case, add_asset, rounds: int) -> None:
    case = file_case()
    m = services.take_measure(staff["officer"], case, asset=add_asset(case), kind="seal", on=D(2026, 2, 1))
    results, errors = _race(*[lambda: services.renew(staff["officer"], m, D(2026, 11, 1)) for _ in range(2)])
    assert len(results) == 1
    assert [getattr(e, "code", repr(e)) for e in errors] == ["measure_not_active"]
    assert Measure.objects.filter(renewed_from=m).count() == 1
    assert Measure.objects.filter(status="active").count() == 1


def test_parallel_seals_one_first(staff, file_case, add_asset) -> None:
    c1, c2 = file_case(), file_case("黔0302")
    a1, a2 = add_asset(c1), add_asset(c2)
    _results, errors = _race(
        lambda: services.take_measure(staff["officer"], c1, asset=a1, kind="seal", on=D(2026, 2, 1)),
        lambda: services.take_measure(staff["officer_zy"], c2, asset=a2, kind="seal", on=D(2026, 2, 1)),
    )
    assert errors == []
    assert sorted(Measure.objects.values_list("status", flat=True)) == ["active", "waiting"]
