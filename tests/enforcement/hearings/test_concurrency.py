"""Two schedulers booking one reviewer at overlapping times at once: one hearing, one
``reviewer_double_booked``; two reviewers at the same time both succeed. On a file SQLite database and
PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from tests.enforcement.hearings.conftest import at
from zhiyuan.enforcement.hearings import services
from zhiyuan.enforcement.models import Hearing

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2026, 11, 20)


def _race(*jobs: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(job())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.fixture(autouse=True)
def _file_database() -> None:
    if "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("an in-memory SQLite test database is one connection; `make test` uses a file")


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
