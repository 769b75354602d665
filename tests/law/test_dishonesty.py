"""``law dishonesty`` and ``law dishonesty-deletion``: properties over every combination, and the CLI contract."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhiyuan.law.dishonesty import TRIGGERS
from zhiyuan.law.errors import LawError
from zhiyuan.law.rules import RULES
from zhiyuan.rulebook.bundled import reference

REF = reference()
ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
BASE: dict[str, Any] = {
    "grounds": [1],
    "debtor_is_minor": False,
    "guarantee_provided": False,
    "seized_property_sufficient": False,
    "performance_order_later": False,
    "aggravated": False,
    "extension_years": 0,
    "decided_on": "2025-06-18",
}
EXCLUDING = ("guarantee_provided", "seized_property_sufficient", "performance_order_later")


def listing(**changes: Any) -> dict[str, Any]:
    return RULES["dishonesty"].run({**BASE, **changes}, REF)


def deletion(trigger: str, on: str, has_period: bool) -> dict[str, Any]:
    return RULES["dishonesty-deletion"].run({"trigger": trigger, "on": on, "has_period": has_period}, REF)


@given(
    grounds=st.lists(st.integers(1, 6), min_size=1, max_size=6),
    minor=st.booleans(),
    excluding=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    aggravated=st.booleans(),
    extension=st.integers(0, 3),
    decided_on=st.dates(dt.date(2017, 5, 1), dt.date(2035, 12, 31)),
)
@settings(max_examples=500)
def test_listing_follows_articles_1_to_4(
    grounds: list[int],
    minor: bool,
    excluding: tuple[bool, bool, bool],
    aggravated: bool,
    extension: int,
    decided_on: dt.date,
) -> None:
    """A minor is never listed; the Art 3 exclusions only ever remove ground 1; the period is 2 (+ extension)
    years exactly when a ground 2–6 is applied; until is the same day of the month or the month's last day."""
    facts = {
        **BASE,
        "grounds": grounds,
        "debtor_is_minor": minor,
        **dict(zip(EXCLUDING, excluding, strict=True)),
        "aggravated": aggravated,
        "extension_years": extension,
        "decided_on": decided_on.isoformat(),
    }
    others = sorted(set(grounds) - {1})
    ground_one_excluded = any(excluding)
    refusal = None
    if extension and not aggravated:
        refusal = "extension_not_aggravated"
    elif extension and not minor and not others and not ground_one_excluded:
        # a listing on ground 1 alone has no period to extend
        refusal = "extension_without_period"
    if refusal:
        with pytest.raises(LawError) as caught:
            RULES["dishonesty"].run(facts, REF)
        assert caught.value.code == refusal
        assert caught.value.message_zh
        assert caught.value.message_en
        return
    r = RULES["dishonesty"].run(facts, REF)
    expected = [] if minor else ([] if ground_one_excluded else [1] * (1 in grounds)) + others
    assert r["grounds_applied"] == expected
    assert r["listable"] is bool(expected)
    assert ("minor" in r["exclusions"]) is minor
    assert bool(set(r["exclusions"]) - {"minor"}) is (1 in grounds and ground_one_excluded)
    if r["listable"] and others:
        years = 2 + extension
        assert r["period_years"] == years
        until = dt.date.fromisoformat(r["until"])
        assert until.year == decided_on.year + years
        assert until.month == decided_on.month
        last = calendar.monthrange(until.year, until.month)[1]
        assert until.day == min(decided_on.day, last)
    else:
        assert r["period_years"] is None
        assert r["until"] is None


def test_ground_one_alone_with_an_exclusion_but_listable_on_ground_3() -> None:
    for flag, code in zip(
        EXCLUDING, ["guarantee", "seized_property_sufficient", "performance_order_later"], strict=True
    ):
        alone = listing(**{flag: True})
        assert (alone["listable"], alone["exclusions"]) == (False, [code])
        both = listing(grounds=[1, 3], **{flag: True})
        assert (both["listable"], both["grounds_applied"], both["period_years"]) == (True, [3], 2)


@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("has_period", [False, True])
def test_deletion_applies_article_10(trigger: str, has_period: bool) -> None:
    """Without a period every trigger but expiry deletes; with one only expiry does; delete_by is the third
    working day after on, and a non-deletion has no date."""
    r = deletion(trigger, "2025-09-30", has_period)
    assert r["delete"] is ((trigger == "period_expired") == has_period)
    assert r["delete_by"] == ("2025-10-11" if r["delete"] else None)


@given(on=st.dates(dt.date(2017, 5, 1), dt.date(2026, 12, 31)))
@settings(max_examples=300)
def test_delete_by_is_the_third_working_day_after_on(on: dt.date) -> None:
    r = deletion("performed", on.isoformat(), False)
    due = dt.date.fromisoformat(r["delete_by"])
    cal = REF.calendar
    between = [on + dt.timedelta(days=i) for i in range(1, (due - on).days + 1)]
    assert sum(cal.is_working_day(d) for d in between) == 3
    assert cal.is_working_day(due)


def run_cli(rule: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(Path(sys.executable).parent), "ZHIYUAN_ENV": "test", "HOME": "/tmp"}
    return subprocess.run(
        [ZHIYUAN, "law", rule, "--json", "--reference", "files"],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("rule", "facts", "expected"),
    [
        (
            "dishonesty",
            {**BASE, "debtor_is_minor": True},
            {
                "listable": False,
                "grounds_applied": [],
                "exclusions": ["minor"],
                "period_years": None,
                "until": None,
            },
        ),
        (
            "dishonesty",
            {**BASE, "grounds": [2], "aggravated": True, "extension_years": 3, "decided_on": "2024-02-29"},
            {
                "listable": True,
                "grounds_applied": [2],
                "exclusions": [],
                "period_years": 5,
                "until": "2029-02-28",
            },
        ),
        (
            "dishonesty-deletion",
            {"trigger": "performed", "on": "2025-06-18", "has_period": False},
            {"delete": True, "delete_by": "2025-06-23"},
        ),
        (
            "dishonesty-deletion",
            {"trigger": "period_expired", "on": "2025-06-18", "has_period": False},
            {"delete": False, "delete_by": None},
        ),
    ],
)
def test_the_cli_answers_the_contract(rule: str, facts: dict[str, Any], expected: dict[str, Any]) -> None:
    done = run_cli(rule, json.dumps(facts))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    assert {k: result[k] for k in expected} == expected
    assert result["citations"]
    assert all(c["article"] for c in result["citations"])


@pytest.mark.parametrize(
    ("rule", "facts", "code"),
    [
        ("dishonesty", {**BASE, "grounds": [2], "extension_years": 1}, "extension_not_aggravated"),
        (
            "dishonesty",
            {**BASE, "grounds": [2], "aggravated": True, "extension_years": 4},
            "extension_invalid",
        ),
        ("dishonesty", {**BASE, "grounds": []}, "grounds_invalid"),
        ("dishonesty", {**BASE, "grounds": [7]}, "grounds_invalid"),
        ("dishonesty", {**BASE, "aggravated": "sometimes"}, "boolean_invalid"),
        ("dishonesty", {**BASE, "decided_on": "2025-02-30"}, "date_invalid"),
        (
            "dishonesty-deletion",
            {"trigger": "paid", "on": "2025-06-18", "has_period": False},
            "unknown_trigger",
        ),
        (
            "dishonesty-deletion",
            {"trigger": "performed", "on": "18/06/2025", "has_period": False},
            "date_invalid",
        ),
        (
            "dishonesty-deletion",
            {"trigger": "performed", "on": "2025-06-18", "has_period": 1},
            "boolean_invalid",
        ),
    ],
)
def test_invalid_facts_exit_2_with_a_bilingual_error(rule: str, facts: dict[str, Any], code: str) -> None:
    done = run_cli(rule, json.dumps(facts))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == code
    assert error["message_zh"]
    assert error["message_en"]


def test_every_combination_of_flags_answers() -> None:
    """All 2^5 flag combinations with each single ground: an answer, or the one stable refusal (extending a
    listing on ground 1 alone), never a crash."""
    for flags in itertools.product([False, True], repeat=5):
        minor, *excluding, aggravated = flags
        for ground in range(1, 7):
            facts = dict(
                zip(["debtor_is_minor", *EXCLUDING, "aggravated"], flags, strict=True),
                grounds=[ground],
                extension_years=1 if aggravated else 0,
            )
            if aggravated and ground == 1 and not minor and not any(excluding):
                with pytest.raises(LawError, match="extension_without_period"):
                    listing(**facts)
            else:
                assert isinstance(listing(**facts)["listable"], bool)


@pytest.mark.django_db
def test_the_api_answers_the_same(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        "/api/law/dishonesty",
        {**BASE, "grounds": [1, 4], "guarantee_provided": True},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert (r.json()["grounds_applied"], r.json()["until"]) == ([4], "2027-06-18")
    r = client.post(
        "/api/law/dishonesty-deletion",
        {"trigger": "x", "on": "2025-06-18", "has_period": False},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["code"] == "unknown_trigger"
