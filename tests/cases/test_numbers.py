"""Case numbers: allocated per court, year and type without gaps or duplicates, even in parallel."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from tests.races import skip_on_one_connection
from zhiyuan.cases import services
from zhiyuan.cases.models import Case

pytestmark = pytest.mark.django_db


def test_sequences_per_court_year_and_type(people) -> None:
    clerk = people["clerk"]
    made = [
        services.file_case(clerk, court_code="黔0102", type_code=t, filed_on=dt.date(y, 3, 1)).case_number
        for t, y in [("民初", 2025), ("民初", 2025), ("执", 2025), ("民初", 2026), ("民初", 2025)]
    ]
    assert made == [
        "（2025）黔0102民初1号",
        "（2025）黔0102民初2号",
        "（2025）黔0102执1号",
        "（2026）黔0102民初1号",
        "（2025）黔0102民初3号",
    ]


@pytest.mark.django_db(transaction=True)
def test_parallel_filing_never_duplicates_or_skips(make_user) -> None:
    skip_on_one_connection()
    clerks = [make_user(f"clerk{i}", roles=("filing_clerk",), court="黔0102") for i in range(4)]
    errors: list[BaseException] = []

    def worker(clerk) -> None:  # type: ignore[no-untyped-def]
        try:
            for _ in range(10):
                services.file_case(clerk, court_code="黔0102", type_code="执", filed_on=dt.date(2025, 5, 5))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c,)) for c in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sequences = sorted(Case.objects.filter(type_code="执").values_list("sequence", flat=True))
    assert sequences == list(range(1, 41))
