"""Properties: parse ∘ format is the identity on case numbers; fees never fall as the amount rises."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from zhiyuan.law import case_numbers
from zhiyuan.law.case_numbers import PROVINCES, format_case_number
from zhiyuan.law.errors import LawError
from zhiyuan.law.fees import APPLICATION_FEES
from zhiyuan.law.rules import RULES
from zhiyuan.rulebook.bundled import reference

REF = reference()
TYPE_CODES = sorted(t.code for t in REF.case_numbers.case_types)
DIGIT_COURTS = st.one_of(
    st.just("最高法"),
    st.builds(lambda p, n: f"{p}{n:02d}", st.sampled_from(sorted(PROVINCES)), st.integers(1, 99)),
    st.builds(lambda p, n: f"{p}{n:04d}", st.sampled_from(sorted(PROVINCES)), st.integers(101, 9999)),
)
COURTS = st.one_of(st.sampled_from(sorted(PROVINCES)), DIGIT_COURTS)


@st.composite
def parsed_numbers(draw: st.DrawFn) -> dict[str, object]:
    legacy = draw(st.booleans())
    type_code = draw(st.sampled_from(TYPE_CODES))
    return {
        "year": draw(st.integers(1990, 2015) if legacy else st.integers(2016, 2099)),
        "court_code": draw(DIGIT_COURTS if legacy else COURTS),  # 黔 alone names no court before 2016
        "specialized_code": None,
        "type_code": type_code,
        "sequence": draw(st.integers(1, 99_999_999 if type_code == "刑核" else 999_999)),
        "suffix": draw(
            st.sampled_from([None, "之一"] if legacy else [None, "-1", "-2", "-12", "之一", "之十二"])
        ),
        "legacy": legacy,
    }


@given(parsed_numbers())
@settings(max_examples=400)
def test_parse_of_format_is_identity(fields: dict[str, object]) -> None:
    text = format_case_number(fields)
    parsed = case_numbers.parse(text, REF.case_numbers)
    assert parsed["ok"], parsed
    assert parsed["normalized"] == text
    for key, value in fields.items():
        assert parsed[key] == value, key


@given(parsed_numbers(), st.sampled_from(["(", "（", "〔"]), st.sampled_from([" ", "", "\u3000"]))
@settings(max_examples=200)
def test_variants_normalise_to_the_same_number(fields: dict[str, object], bracket: str, space: str) -> None:
    canonical = format_case_number(fields)
    closing = {"(": ")", "（": "）", "〔": "〕"}[bracket]
    variant = canonical.replace("（", bracket + space).replace("）", space + closing + space)
    assert case_numbers.parse(variant, REF.case_numbers)["normalized"] == canonical


@given(
    st.lists(parsed_numbers(), min_size=1, max_size=4, unique_by=lambda f: format_case_number(f)),
    st.text(alphabet="，。；本案与及判决书申请执行人", max_size=12),
)
def test_extract_finds_every_number_in_text(numbers: list[dict[str, object]], glue: str) -> None:
    texts = [format_case_number(f) for f in numbers]
    found = case_numbers.extract(glue + ("。" + glue).join(texts) + glue, REF.case_numbers)
    assert [c["normalized"] for c in found["case_numbers"]] == texts


AMOUNT_KINDS = [
    "acceptance",
    "enforcement",
    "preservation",
    "payment_order",
    "bankruptcy",
    "divorce",
    "personality_rights",
]
AMOUNTS = st.decimals(
    min_value=0, max_value=Decimal("500000000"), places=2, allow_nan=False, allow_infinity=False
)


@given(st.sampled_from(AMOUNT_KINDS), AMOUNTS, AMOUNTS, st.sampled_from([None, "half"]))
@settings(max_examples=400)
def test_fee_is_monotonic_in_the_amount(kind: str, a: Decimal, b: Decimal, reduction: str | None) -> None:
    low, high = sorted([a, b])
    if kind in APPLICATION_FEES:
        reduction = None  # halving applies to the case acceptance fee only (reduction_not_applicable)
    fee = RULES["fee"].run
    f_low = Decimal(fee({"kind": kind, "amount": str(low), "reduction": reduction}, REF)["fee"])
    f_high = Decimal(fee({"kind": kind, "amount": str(high), "reduction": reduction}, REF)["fee"])
    assert f_low <= f_high


QUICK = {  # published quick formulas: amount × rate + k, per bracket (reference/law.md §3.1–3.2)
    "acceptance": [
        (10_000, 100_000, "0.025", -200),
        (100_000, 200_000, "0.02", 300),
        (200_000, 500_000, "0.015", 1300),
        (500_000, 1_000_000, "0.01", 3800),
        (1_000_000, 2_000_000, "0.009", 4800),
        (2_000_000, 5_000_000, "0.008", 6800),
        (5_000_000, 10_000_000, "0.007", 11800),
        (10_000_000, 20_000_000, "0.006", 21800),
        (20_000_000, 10**9, "0.005", 41800),
    ],
    "enforcement": [
        (10_000, 500_000, "0.015", -100),
        (500_000, 5_000_000, "0.01", 2400),
        (5_000_000, 10_000_000, "0.005", 27400),
        (10_000_000, 10**9, "0.001", 67400),
    ],
}


@given(st.sampled_from(sorted(QUICK)), st.data())
def test_cumulative_brackets_agree_with_the_published_quick_formulas(kind: str, data: st.DataObject) -> None:
    low, high, rate, k = data.draw(st.sampled_from(QUICK[kind]))
    amount = data.draw(st.decimals(min_value=low, max_value=high, places=2))
    expected = (amount * Decimal(rate) + k).quantize(Decimal("0.01"))
    got = Decimal(RULES["fee"].run({"kind": kind, "amount": str(amount)}, REF)["fee"])
    assert abs(got - expected) <= Decimal("0.01")


@given(st.sampled_from(sorted(APPLICATION_FEES)), AMOUNTS)
def test_an_application_fee_is_never_halved(kind: str, amount: Decimal) -> None:
    """办法 Arts 15, 16, 18 halve the case acceptance fee only."""
    with pytest.raises(LawError) as caught:
        RULES["fee"].run({"kind": kind, "amount": str(amount), "reduction": "half"}, REF)
    assert caught.value.code == "reduction_not_applicable"


DATES = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31))


@given(AMOUNTS.filter(lambda a: a > 0), DATES, DATES, DATES, st.lists(st.tuples(DATES, DATES), max_size=3))
@settings(max_examples=200)
def test_delay_interest_grows_with_time_and_suspensions_only_reduce_it(
    debt: Decimal, due: dt.date, a: dt.date, b: dt.date, periods: list[tuple[dt.date, dt.date]]
) -> None:
    early, late = sorted([a, b])
    assume(early >= due)
    run = RULES["delay-interest"].run
    facts = {"debt": str(debt), "due": due.isoformat()}
    at_early = Decimal(run({**facts, "until": early.isoformat()}, REF)["doubled_interest"])
    at_late = Decimal(run({**facts, "until": late.isoformat()}, REF)["doubled_interest"])
    assert at_early <= at_late
    suspensions = [
        {"from": min(s, e).isoformat(), "to": max(s, e).isoformat()}
        for s, e in periods
        if max(s, e) >= due and min(s, e) <= late
    ]
    suspended = run({**facts, "until": late.isoformat(), "suspensions": suspensions}, REF)
    assert Decimal(suspended["doubled_interest"]) <= at_late
    one = run(
        {"instalments": [{"due": due.isoformat(), "amount": str(debt)}], "until": late.isoformat()}, REF
    )
    assert one["doubled_interest"] == str(at_late)
