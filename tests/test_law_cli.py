"""``zhiyuan law`` answers its JSON contracts as a real process: stdin/stdout, exit codes, batch mode."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


def run(args: list[str], stdin: str = "", tmp_db: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(Path(sys.executable).parent), "ZHIYUAN_ENV": "test", "HOME": "/tmp"}
    if tmp_db is not None:
        env["DATABASE_URL"] = f"sqlite:///{tmp_db}"
    return subprocess.run(
        [ZHIYUAN, "law", *args], input=stdin, capture_output=True, text=True, env=env, check=False, timeout=60
    )


TCP_FLAGS = (
    "notice_served",
    "property_report_ordered",
    "consumption_restriction_issued",
    "dishonesty_listed_or_ineligible",
    "leads_checked",
    "network_inquiry_done",
    "onsite_inquiry_done_or_unneeded",
    "search_done_or_unneeded",
    "disposable_property_found",
    "whereabouts_known_or_searched",
    "obstruction_sanctioned_or_none",
    "applicant_informed",
)

CONTRACT = [
    (
        "casenum",
        {"text": "（2017）京04民终367号"},
        {
            "ok": True,
            "year": 2017,
            "court_code": "京04",
            "type_code": "民终",
            "sequence": 367,
            "court_level": "intermediate",
            "legacy": False,
            "type_class": "civil",
            "normalized": "（2017）京04民终367号",
        },
    ),
    ("casenum", {"text": "京04民终367号"}, {"ok": False}),
    ("fee", {"kind": "acceptance", "amount": "100000"}, {"fee": "2300.00"}),
    ("fee", {"kind": "preservation", "amount": "1000000"}, {"fee": "5000.00"}),
    (
        "delay-interest",
        {
            "debt": "200000",
            "due": "2025-01-01",
            "until": "2025-04-01",
            "payments": [{"on": "2025-01-31", "amount": "50000"}, {"on": "2025-04-01", "amount": "150000"}],
        },
        {"doubled_interest": "2625.00"},
    ),
    ("deadline", {"rule": "pre_litigation_mediation", "start": "2025-09-05"}, {"due": "2025-10-09"}),
    (
        "identity",
        {"number": "11010519491231002X"},
        {"kind": "resident_id", "valid": True, "masked": "110105********002X"},
    ),
    ("cause", {"query": "民间借贷", "on": "2025-06-01"}, {"count": 1}),
    (
        "distribution",
        {
            "proceeds": "1000",
            "costs": "100",
            "debtor_kind": "person",
            "creditors": [
                {"id": "A", "amount": "600", "priority_rank": None, "seal_order": None},
                {"id": "B", "amount": "600", "priority_rank": None, "seal_order": None},
                {"id": "C", "amount": 300, "priority_rank": None, "seal_order": None},
            ],
        },
        {
            "allocations": [
                {"id": "A", "amount": "360.00"},
                {"id": "B", "amount": "360.00"},
                {"id": "C", "amount": "180.00"},
            ],
            "costs_paid": "100.00",
            "remainder": "0.00",
        },
    ),
    (
        "distribution",
        {
            "proceeds": 1000,
            "costs": "0",
            "debtor_kind": "enterprise",
            "creditors": [
                {"id": "late", "amount": "800", "priority_rank": None, "seal_order": 2},
                {"id": "none", "amount": "800", "priority_rank": None, "seal_order": None},
                {"id": "first", "amount": "700", "priority_rank": None, "seal_order": 1},
            ],
        },
        {
            "allocations": [
                {"id": "late", "amount": "300.00"},
                {"id": "none", "amount": "0.00"},
                {"id": "first", "amount": "700.00"},
            ],
            "remainder": "0.00",
        },
    ),
    (
        "bankruptcy-transfer",
        {
            "debtor_kind": "enterprise_legal_person",
            "written_consent": "applicant",
            "unable_to_pay_due_debts": True,
            "insolvent_or_clearly_unable": True,
            "domicile_court": "黔0204",
        },
        {"transferable": True, "missing": [], "receiving_court": "黔02"},
    ),
    (
        "bankruptcy-transfer",
        {
            "debtor_kind": "person",
            "written_consent": "none",
            "unable_to_pay_due_debts": False,
            "insolvent_or_clearly_unable": True,
            "domicile_court": "黔27",
        },
        {
            "transferable": False,
            "missing": ["debtor_kind", "written_consent", "unable_to_pay_due_debts"],
            "receiving_court": "黔27",
        },
    ),
    (
        "criminal-priority",
        {
            "available": "300",
            "claims": [
                {"id": "fine", "kind": "fine", "amount": "500", "secured": False},
                {"id": "loss", "kind": "victim_loss", "amount": "200", "secured": False},
                {"id": "bank", "kind": "civil", "amount": "60", "secured": True},
                {"id": "med", "kind": "medical", "amount": "30", "secured": False},
            ],
        },
        {
            "allocations": [
                {"id": "fine", "amount": "10.00"},
                {"id": "loss", "amount": "200.00"},
                {"id": "bank", "amount": "60.00"},
                {"id": "med", "amount": "30.00"},
            ],
            "remainder": "0.00",
        },
    ),
    (
        "tcp-check",
        {
            "filed_on": "2025-08-31",
            "on": "2025-11-30",
            **dict.fromkeys(TCP_FLAGS, True),
            "disposable_property_found": False,
            "leads_checked": False,
        },
        {"allowed": False, "missing": ["leads_checked", "too_early"], "earliest_on": "2025-12-01"},
    ),
    (
        "tcp-check",
        {
            "filed_on": "2025-07-01",
            "on": "2025-10-02",
            **dict.fromkeys(TCP_FLAGS, True),
            "disposable_property_found": False,
        },
        {"allowed": True, "missing": [], "earliest_on": "2025-10-02"},
    ),
]


@pytest.mark.parametrize(("rule", "facts", "expected"), CONTRACT, ids=[c[0] for c in CONTRACT])
def test_contract_over_stdin(rule: str, facts: dict, expected: dict, tmp_path: Path) -> None:
    done = run([rule, "--json"], json.dumps(facts, ensure_ascii=False), tmp_path / "none.sqlite3")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(done.stdout.splitlines()) == 1, "--json prints one line"
    result = json.loads(done.stdout)
    assert {k: result[k] for k in expected} == expected
    assert "citation" in result or rule == "casenum"


def test_flags_are_facts() -> None:
    done = run(["casenum", "--json", "--reference", "files", "--text", "（2019）黔0102执47号"])
    assert json.loads(done.stdout)["court_name"] == "贵州省贵阳市南明区人民法院"


@pytest.mark.parametrize(
    ("stdin", "args", "code"),
    [
        ("not json", ["casenum", "--json"], "invalid_json"),
        ("[1, 2]", ["fee", "--json"], "facts_not_object"),
        ('{"kind": "acceptance", "amount": "abc"}', ["fee", "--json"], "amount_invalid"),
        ('{"rule": "x", "start": "2025-01-01"}', ["deadline", "--json"], "unknown_deadline_rule"),
        ("{}", ["no-such-rule", "--json"], "unknown_rule"),
        (
            '{"proceeds": "1", "debtor_kind": "bank", "creditors": []}',
            ["distribution", "--json"],
            "debtor_kind_invalid",
        ),
        (
            '{"proceeds": "1", "debtor_kind": "person", "creditors": [{"id": "A", "amount": "0.001"}]}',
            ["distribution", "--json"],
            "amount_precision",
        ),
        ('{"filed_on": "2025-01-01", "on": "2025-06-01"}', ["tcp-check", "--json"], "missing_field"),
        (
            '{"debtor_kind": "enterprise_legal_person", "written_consent": "debtor", "unable_to_pay_due_debts": true, '
            '"insolvent_or_clearly_unable": true, "domicile_court": "沪0101"}',
            ["bankruptcy-transfer", "--json"],
            "court_unknown",
        ),
        (
            '{"debtor_kind": "enterprise_legal_person", "written_consent": "debtor", "unable_to_pay_due_debts": true, '
            '"insolvent_or_clearly_unable": true, "domicile_court": "黔"}',
            ["bankruptcy-transfer", "--json"],
            "domicile_court_not_local",
        ),
        (
            '{"available": "9", "claims": [{"id": "X", "kind": "bribe", "amount": "1"}]}',
            ["criminal-priority", "--json"],
            "kind_invalid",
        ),
    ],
)
def test_invalid_facts_exit_2_with_a_bilingual_error(stdin: str, args: list[str], code: str) -> None:
    done = run([*args, "--reference", "files"], stdin)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["code"] == code
    assert error["message_zh"]
    assert error["message_en"]


def test_batch_answers_every_line_in_order() -> None:
    lines = [
        '{"text": "（2017）京04民终367号"}',
        "garbage",
        '{"text": "x"}',
        '{"nope": 1}',
        '{"text": "（2018）黔执347号"}',
    ]
    done = run(["casenum", "--json", "--batch", "--reference", "files"], "\n".join(lines) + "\n")
    assert done.returncode == 0
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["sequence"] == 367
    assert out[1]["error"]["code"] == "invalid_json"
    assert out[2]["ok"] is False
    assert out[3]["error"]["code"] == "missing_field"
    assert out[4]["court_level"] == "high"


@given(
    st.lists(
        st.text(max_size=40).filter(lambda s: s.strip() and "\n" not in s and "\r" not in s),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=10, deadline=None)
def test_no_input_makes_a_traceback(lines: list[str]) -> None:
    """Arbitrary text, as raw lines and as the text of a case number, never crashes the process."""
    feed = [*lines, *[json.dumps({"text": s}) for s in lines]]
    done = run(["casenum", "--batch", "--reference", "files"], "\n".join(feed) + "\n")
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.split("\n") if line]  # JSON Lines: split on \n only
    assert len(out) == len(feed)
    assert all(o.get("error", {}).get("code") != "internal_error" for o in out)


def test_list_describes_every_rule() -> None:
    done = run(["list", "--json", "--reference", "files"])
    rules = {r["name"]: r for r in json.loads(done.stdout)["rules"]}
    assert set(rules) == {
        "casenum",
        "casenum-extract",
        "fee",
        "delay-interest",
        "deadline",
        "identity",
        "cause",
        "executability",
        "performance",
        "triage",
        "auction",
        "dishonesty",
        "dishonesty-deletion",
        "distribution",
        "tcp-check",
        "criminal-priority",
        "bankruptcy-transfer",
        "hearing",
        "disbursement-approval",
        "dispatch",
        "sanction-check",
        "refusal-deadlines",
    }
    for rule in rules.values():
        assert rule["inputs"]
        assert rule["citations"]
    deadline_params = {p["name"] for p in rules["deadline"]["parameters"]}
    for name in [
        "pre_litigation_mediation",
        "enforcement_time_limit",
        "enforcement_extension",
        "enforcement_notice",
        "objection_decision",
        "reconsideration_application",
        "reconsideration_decision",
        "judicial_confirmation_acceptance",
        "judicial_confirmation_decision",
        "tcp_earliest",
        "tcp_requery",
        "dishonesty_period",
        "dishonesty_deletion",
        "correction_review",
        "enforcement_application_limitation",
        "funds_disbursement",
        "bank_freeze",
        "movable_seal",
        "real_estate_seal",
    ]:
        assert f"deadlines.{name}" in deadline_params


def test_docs_rules_md_is_current() -> None:
    from zhiyuan.law.rules import RULES
    from zhiyuan.law_cli import rules_markdown
    from zhiyuan.rulebook.bundled import reference

    path = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    expected = rules_markdown([r.describe(reference()) for r in RULES.values()])
    assert path.read_text(encoding="utf-8") == expected, "docs/rules.md is stale: run `make docs`"


def test_sanction_check_and_refusal_deadlines_through_the_cli() -> None:
    done = run(
        ["sanction-check", "--json", "--reference", "files"],
        json.dumps({"kind": "detention", "subject": "individual", "days": 16, "on": "2026-12-04"}),
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["allowed"] is False
    assert out["reasons"][0]["code"] == "detention_above_max"
    assert "第一百一十八条" in out["citation"]
    done = run(
        ["refusal-deadlines", "--json", "--reference", "files"],
        json.dumps({"referred_on": "2026-12-01", "complex": False}),
    )
    assert json.loads(done.stdout)["decide_by"] == "2026-12-08"
