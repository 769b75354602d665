"""Properties of the deadline rule: what each kind of period does with a last day off work, the 终本
guard against an independent reading of 已超过三个月, and events that can only lengthen the enforcement
application period."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhiyuan.law.deadlines import KINDS, UNITS, compute, rule_names
from zhiyuan.law.errors import LawError
from zhiyuan.law.guards import tcp_allowed
from zhiyuan.rulebook.bundled import reference

REF = reference()
RULE_NAMES = rule_names(REF.params)
DATES = st.dates(dt.date(2005, 1, 1), dt.date(2030, 12, 31))
DAY = dt.timedelta(days=1)


def three_months_after(day: dt.date) -> dt.date:
    """The corresponding day three months later, or that month's last day (民法典 Art 202)."""
    month = day.month + 3
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def test_every_deadline_value_names_a_kind_and_a_unit() -> None:
    for name in RULE_NAMES:
        for _, value in REF.params[f"deadlines.{name}"].values:
            assert value["kind"] in KINDS, name
            assert value["unit"] in UNITS, name
            assert isinstance(value["amount"], int), name
            assert value["amount"] > 0, name
            if value["kind"] == "measure":
                assert value["renewal"]["unit"] in ("day", "month", "year"), name


@given(st.sampled_from(RULE_NAMES), DATES)
@settings(max_examples=300)
def test_only_periods_for_an_act_move_off_a_day_without_work(name: str, start: dt.date) -> None:
    first = REF.params[f"deadlines.{name}"].values[0][0]
    if start < first:
        with pytest.raises(LawError, match="parameter_not_in_force"):
            compute({"rule": name, "start": start.isoformat()}, REF.params, REF.calendar)
        return
    out = compute({"rule": name, "start": start.isoformat()}, REF.params, REF.calendar)
    due, end = dt.date.fromisoformat(out["due"]), dt.date.fromisoformat(out["period_end"])
    kind = out["period"]["kind"]
    if kind == "waiting":
        assert due == end + DAY
        assert out["rolled_from"] is None
    elif kind in ("sanction", "measure"):
        assert due == end
        assert out["rolled_from"] is None
    else:
        assert REF.calendar.is_working_day(due)
        day = end
        while day < due:  # every day skipped was off work
            assert not REF.calendar.is_working_day(day)
            day += DAY
        assert out["rolled_from"] == (end.isoformat() if due != end else None)


@given(st.dates(dt.date(2016, 12, 1), dt.date(2030, 12, 31)), st.integers(0, 200))
@settings(max_examples=300)
def test_tcp_is_allowed_exactly_when_more_than_three_months_have_passed(filed: dt.date, days: int) -> None:
    on = filed + dt.timedelta(days=days)
    allowed = tcp_allowed(filed, on, REF.params, REF.calendar) is None
    assert allowed == (on > three_months_after(filed))


@given(st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)), st.integers(-10, 200))
@settings(max_examples=300)
def test_the_guard_and_tcp_check_agree_on_too_early(filed: dt.date, days: int) -> None:
    """One definition of 终本's earliest day: the lifecycle guard refuses exactly when the rule says too_early."""
    from zhiyuan.law.rules import RULES
    from zhiyuan.law.termination import FLAGS

    on = filed + dt.timedelta(days=days)
    if on < dt.date(2016, 12, 1):
        return  # before the 终本规定: no such rule
    facts = {"filed_on": filed.isoformat(), "on": on.isoformat(), **dict.fromkeys(FLAGS, True)}
    facts["disposable_property_found"] = False
    out = RULES["tcp-check"].run(facts, REF)
    refused = tcp_allowed(filed, on, REF.params, REF.calendar) is not None
    assert refused == ("too_early" in out["missing"]) == (not out["allowed"])
    assert on >= dt.date.fromisoformat(out["earliest_on"]) or refused


@given(
    st.dates(dt.date(2008, 4, 1), dt.date(2028, 12, 31)),
    st.lists(st.dates(dt.date(2008, 4, 1), dt.date(2032, 12, 31)), max_size=3),
    st.lists(
        st.tuples(st.dates(dt.date(2008, 4, 1), dt.date(2032, 12, 31)), st.integers(0, 400)), max_size=3
    ),
)
@settings(max_examples=200)
def test_interruptions_and_suspensions_never_shorten_the_application_period(
    start: dt.date, interruptions: list[dt.date], suspensions: list[tuple[dt.date, int]]
) -> None:
    rule = "enforcement_application_limitation"
    plain = compute({"rule": rule, "start": start.isoformat()}, REF.params, REF.calendar)
    facts = {
        "rule": rule,
        "start": start.isoformat(),
        "interruptions": [d.isoformat() for d in interruptions],
        "suspensions": [
            {"from": b.isoformat(), "to": (b + dt.timedelta(days=n)).isoformat()} for b, n in suspensions
        ],
    }
    out = compute(facts, REF.params, REF.calendar)
    assert out["due"] >= plain["due"]
    assert len(out["events"]) == len(interruptions) + len(suspensions)


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (
            {"rule": "dishonesty_period", "start": "2024-01-01", "renewals": [{"on": "2024-06-01"}]},
            "field_not_applicable",
        ),
        ({"rule": "bank_freeze", "start": "2024-01-01", "renewals": "2024-06-01"}, "renewals_invalid"),
        (
            {"rule": "bank_freeze", "start": "2024-01-01", "renewals": [{"on": "2023-12-31"}]},
            "renewal_before_start",
        ),
        (
            {"rule": "enforcement_application_limitation", "start": "2024-01-01", "suspensions": {}},
            "suspensions_invalid",
        ),
        (
            {
                "rule": "enforcement_application_limitation",
                "instalments": ["2024-01-01"],
                "last_instalment_due": "2024-01-01",
            },
            "instalments_conflict",
        ),
        ({"rule": "enforcement_application_limitation", "instalments": ["2024-02-30"]}, "date_invalid"),
    ],
)
def test_malformed_events_are_refused_with_a_stable_code(facts: dict[str, object], code: str) -> None:
    with pytest.raises(LawError) as err:
        compute(facts, REF.params, REF.calendar)
    assert err.value.code == code
    assert err.value.message_zh
    assert err.value.message_en
