"""``law triage`` and ``law auction``: exact reason lists, properties over many inputs, and the CLI contract."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhiyuan.law.rules import RULES
from zhiyuan.rulebook.bundled import reference

REF = reference()
ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
CLEAR = {
    "claim_amount": "8000",
    "frozen_amount": "0",
    "deducted_amount": "0",
    "salary_monthly": "0",
    "needs_valuation": False,
    "third_party_objection": False,
    "debtor_whereabouts_unknown": False,
    "is_resumption": False,
    "pending_cases_of_debtor": 0,
}


def triage(**changes: Any) -> dict[str, Any]:
    return RULES["triage"].run({**CLEAR, **changes}, REF)


def codes(result: dict[str, Any]) -> list[str]:
    return [r["code"] for r in result["reasons"]]


@pytest.mark.parametrize(
    ("changes", "track", "expected"),
    [
        ({}, "simple", ["small_claim"]),
        ({"claim_amount": "10000.00"}, "simple", ["small_claim"]),
        ({"claim_amount": "10000.01"}, "complex", ["no_quick_means"]),
        (
            {"claim_amount": "50000", "frozen_amount": "30000", "deducted_amount": "20000"},
            "simple",
            ["funds_cover_claim"],
        ),
        ({"claim_amount": "60000", "salary_monthly": "5000"}, "simple", ["salary_covers_claim"]),
        ({"claim_amount": "60000", "salary_monthly": "4999.99"}, "complex", ["no_quick_means"]),
        (
            {"frozen_amount": "8000", "salary_monthly": "700"},
            "simple",
            ["funds_cover_claim", "small_claim", "salary_covers_claim"],
        ),
        ({"pending_cases_of_debtor": 3}, "simple", ["small_claim"]),
        ({"pending_cases_of_debtor": 4}, "complex", ["repeat_debtor"]),
        ({"is_resumption": True}, "complex", ["resumption"]),
        ({"third_party_objection": True}, "complex", ["third_party_objection"]),
        ({"needs_valuation": True, "frozen_amount": "8000"}, "complex", ["needs_valuation"]),
        (
            {"debtor_whereabouts_unknown": True, "claim_amount": "20000", "is_resumption": True},
            "complex",
            ["whereabouts_unknown", "no_quick_means", "resumption"],
        ),
        (
            {
                "claim_amount": "1000000",
                "needs_valuation": True,
                "third_party_objection": True,
                "debtor_whereabouts_unknown": True,
                "is_resumption": True,
                "pending_cases_of_debtor": 4,
            },
            "complex",
            [
                "third_party_objection",
                "needs_valuation",
                "whereabouts_unknown",
                "no_quick_means",
                "resumption",
                "repeat_debtor",
            ],
        ),
    ],
)
def test_triage_reasons_are_exactly_the_ones_that_decide(
    changes: dict[str, Any], track: str, expected: list[str]
) -> None:
    result = triage(**changes)
    assert result["track"] == track
    assert codes(result) == expected


amounts = st.decimals(
    min_value=0, max_value=Decimal("2000000"), places=2, allow_nan=False, allow_infinity=False
)


@given(
    claim=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000000"), places=2),
    frozen=amounts,
    deducted=amounts,
    salary=st.decimals(min_value=0, max_value=Decimal("50000"), places=2),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
    pending=st.integers(0, 8),
    as_number=st.booleans(),
)
@settings(max_examples=400)
def test_triage_follows_the_criteria(
    claim: Decimal,
    frozen: Decimal,
    deducted: Decimal,
    salary: Decimal,
    flags: tuple[bool, bool, bool, bool],
    pending: int,
    as_number: bool,
) -> None:
    """The track is the contract's formula, the reasons never mix tracks, every reason speaks both languages;
    a JSON number decides exactly as its decimal string does."""

    def give(x: Decimal) -> object:
        return float(x) if as_number else str(x)

    valuation, objection, unknown, resumption = flags
    result = triage(
        claim_amount=give(claim),
        frozen_amount=give(frozen),
        deducted_amount=give(deducted),
        salary_monthly=give(salary),
        needs_valuation=valuation,
        third_party_objection=objection,
        debtor_whereabouts_unknown=unknown,
        is_resumption=resumption,
        pending_cases_of_debtor=pending,
    )
    quick = [
        name
        for name, holds in [
            ("funds_cover_claim", frozen + deducted >= claim),
            ("small_claim", claim <= 10000),
            ("salary_covers_claim", salary * 12 >= claim),
        ]
        if holds
    ]
    blocking = [
        name
        for name, holds in [
            ("third_party_objection", objection),
            ("needs_valuation", valuation),
            ("whereabouts_unknown", unknown),
            ("no_quick_means", not quick),
            ("resumption", resumption),
            ("repeat_debtor", pending > 3),
        ]
        if holds
    ]
    assert result["track"] == ("complex" if blocking else "simple")
    assert codes(result) == (blocking or quick)
    for reason in result["reasons"]:
        assert reason["message_zh"]
        assert reason["message_en"]
        assert set(reason) == {"code", "message_zh", "message_en"}


@given(
    price=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999999.99"), places=2),
    rnd=st.sampled_from([1, 2]),
    asset=st.sampled_from(["movable", "real_estate", "property_right"]),
    day=st.dates(dt.date(2017, 1, 1), dt.date(2040, 12, 31)),
)
@settings(max_examples=400)
def test_auction_reserve_is_the_least_cent_at_or_above_the_share(
    price: Decimal, rnd: int, asset: str, day: dt.date
) -> None:
    facts: dict[str, Any] = {"round": rnd, "asset": asset, "auction_on": day.isoformat()}
    facts["reference_price" if rnd == 1 else "previous_reserve"] = str(price)
    result = RULES["auction"].run(facts, REF)
    share = Decimal("0.70") if rnd == 1 else Decimal("0.80")
    reserve = Decimal(result["min_reserve"])
    assert reserve == reserve.quantize(Decimal("0.01"))
    assert reserve >= price * share > reserve - Decimal("0.01")
    days = {1: {"movable": 15}, 2: {"movable": 7}}[rnd].get(asset, 30 if rnd == 1 else 15)
    assert dt.date.fromisoformat(result["announce_by"]) + dt.timedelta(days=days) == day
    assert result["notice_days"] == days


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
        ("triage", CLEAR, {"track": "simple"}),
        ("triage", {**CLEAR, "claim_amount": 10000.01}, {"track": "complex"}),
        (
            "auction",
            {
                "reference_price": "1000000",
                "round": 1,
                "previous_reserve": None,
                "asset": "real_estate",
                "auction_on": "2025-06-30",
            },
            {"min_reserve": "700000.00", "announce_by": "2025-05-31"},
        ),
        (
            "auction",
            {"reference_price": 100.01, "round": 1, "asset": "movable", "auction_on": "2024-03-15"},
            {"min_reserve": "70.01", "announce_by": "2024-02-29"},
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
    assert all(c["article"] for c in result["citations"]) or rule == "triage"


@pytest.mark.parametrize(
    ("rule", "facts", "code"),
    [
        ("triage", {k: v for k, v in CLEAR.items() if k != "claim_amount"}, "missing_field"),
        ("triage", {**CLEAR, "frozen_amount": "-1"}, "amount_out_of_range"),
        ("triage", {**CLEAR, "is_resumption": "maybe"}, "boolean_invalid"),
        (
            "auction",
            {"reference_price": "1000", "round": 2, "asset": "movable", "auction_on": "2025-06-30"},
            "previous_reserve_required",
        ),
        (
            "auction",
            {"reference_price": "1000", "round": 1, "asset": "ship", "auction_on": "2025-06-30"},
            "unknown_asset",
        ),
        (
            "auction",
            {"reference_price": "1000", "round": 1, "asset": "movable", "auction_on": "2025-13-01"},
            "date_invalid",
        ),
        (
            "auction",
            {"reference_price": -1, "round": 1, "asset": "movable", "auction_on": "2025-06-30"},
            "amount_out_of_range",
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


@pytest.mark.django_db
def test_the_api_answers_the_same(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        "/api/law/triage", {**CLEAR, "third_party_objection": True}, content_type="application/json"
    )
    assert r.status_code == 200
    assert codes(r.json()) == ["third_party_objection"]
    r = client.post(
        "/api/law/auction",
        {"round": 2, "asset": "movable", "auction_on": "2025-06-30"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["code"] == "previous_reserve_required"
