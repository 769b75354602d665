"""Two schedulers booking one reviewer at overlapping times at once: one hearing, one
``reviewer_double_booked``; two reviewers at the same time both succeed. On a file SQLite database and
PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.enforcement.hearings.conftest import at
from tests.races import race as _race
from tests.races import skip_on_one_connection
from zhiyuan.enforcement.hearings import services
from zhiyuan.enforcement.models import Hearing

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _file_database() -> None:
    skip_on_one_connection()


def _book(crew, case, presiding, hour: int, by: str = "reviewer"):  # type: ignore[no-untyped-def]
    return lambda: services.schedule(
        crew[by],
        case,
        matter="third_party_objection",
        mode="room",
        place=f"听证室{hour}",
        starts_at=at(DAY, hour),
        minutes=120,
        presiding=presiding,
        requested_on=dt.date(2026, 11, 4),
    )


@pytest.mark.parametrize("rounds", range(2))
def test_parallel_bookings_of_one_reviewer(crew, objection, rounds: int) -> None:
    results, errors = _race(
        _book(crew, objection, crew["reviewer"], 9),
        _book(crew, objection, crew["reviewer"], 10, by="reviewer2"),
        _book(crew, objection, crew["reviewer"], 10),
    )
    assert len(results) == 1
    assert sorted(getattr(e, "code", repr(e)) for e in errors) == ["reviewer_double_booked"] * 2
    assert Hearing.objects.filter(presiding_id=crew["reviewer"].pk).count() == 1


def test_parallel_bookings_of_two_reviewers(crew, objection) -> None:
    _results, errors = _race(
        _book(crew, objection, crew["reviewer"], 9),
        _book(crew, objection, crew["reviewer2"], 9, by="reviewer2"),
    )
    assert errors == []
    assert Hearing.objects.count() == 2
