"""``zhiyuan cases stats --json``: the figures equal those computed from the generator's own trees."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.cases.test_importing import Tree, expected_stats, generated_file
from zhiyuan.cases.importing import import_file
from zhiyuan.law.derivation import KINDS

pytestmark = pytest.mark.django_db


def stats(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("cases", "stats", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def check(actual: dict[str, Any], forest: list[Tree]) -> None:
    expected = expected_stats(forest)
    assert actual["cases"] == expected["cases"]
    assert actual["disputes"] == expected["disputes"]
    assert actual["case_per_dispute"] == expected["case_per_dispute"]
    assert actual["all_procedures_per_dispute"] == expected["all_procedures_per_dispute"]
    assert set(actual["derivative"]) == set(KINDS)
    assert {k: v for k, v in actual["derivative"].items() if v} == expected["derivative"]


def test_stats_match_the_generated_trees(reference_data, tmp_path) -> None:
    path, forest = generated_file(tmp_path, seed=11, trees=1300)
    assert import_file(path, filename=path.name).written
    overall = stats()
    check(overall, forest)
    assert overall["derivative"]["appeal"] > 0
    assert overall["derivative"]["objection_suit"] > 0
    assert overall["case_per_dispute"] > 1
    assert overall["all_procedures_per_dispute"] > 1

    check(stats("--court", "黔0102"), [t for t in forest if t.root.court == "黔0102"])
    check(
        stats("--court", "黔01"), []
    )  # disputes start at basic courts: none starts at the intermediate court
    district = [t for t in forest if t.root.court.startswith("黔01")]
    assert len({t.root.court for t in district}) == 3
    check(stats("--court", "黔01", "--subtree"), district)
    check(stats("--court", "黔", "--subtree"), forest)

    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    in_2022 = [t for t in forest if start <= t.root.filed_on <= end]
    check(stats("--from", "2022-01-01", "--to", "2022-12-31"), in_2022)
    check(
        stats("--court", "黔01", "--subtree", "--from", "2022-01-01", "--to", "2022-12-31"),
        [t for t in in_2022 if t.root.court.startswith("黔01")],
    )


def test_stats_on_an_empty_database_and_bad_arguments(reference_data) -> None:
    empty = stats()
    assert (empty["cases"], empty["disputes"], empty["case_per_dispute"]) == (0, 0, None)
    for args in (["--court", "黔9999"], ["--subtree"], ["--from", "2024-13-01"]):
        with pytest.raises(CommandError) as caught:
            stats(*args)
        assert caught.value.returncode == 2
        assert "（" in str(caught.value) or "(" in str(caught.value)
    out = io.StringIO()
    call_command("cases", "stats", stdout=out)
    assert "案-件比 case_per_dispute" in out.getvalue()
