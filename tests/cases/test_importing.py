"""Case import: generated dispute trees in random row order, idempotent re-import, every error code,
origins (cycles, unresolved, out of order), causes, parties by identity, XLSX, updates and audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.cn import ric, uscc

from zhiyuan.audit.models import AuditEntry
from zhiyuan.audit.verification import verify
from zhiyuan.cases import numbers
from zhiyuan.cases.importing import COLUMNS, ImportReport, import_file
from zhiyuan.cases.models import Case, CaseParty, Dispute, NodeLog, NumberCounter
from zhiyuan.courts.models import Court
from zhiyuan.law.errors import Denied
from zhiyuan.parties.models import Party

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------------------- the tree generator
# Everything below is the generator's own knowledge, independent of zhiyuan.law: the expected statistics
# are computed from these trees, never from the database.

BASIC = ["黔0102", "黔0103", "黔0111", "黔0221", "黔0302", "黔0502", "黔2301"]
INTERMEDIATE = {
    "黔0102": "黔01",
    "黔0103": "黔01",
    "黔0111": "黔01",
    "黔0221": "黔02",
    "黔0302": "黔03",
    "黔0502": "黔05",
    "黔2301": "黔23",
}
NOT_LITIGATION = {"民诉前调", "诉前调确", "诉前调书", "执保", "财保"}
CAUSES = ["民间借贷纠纷", "买卖合同纠纷", "金融借款合同纠纷", "信用卡纠纷", "房屋租赁合同纠纷"]
SUIT_CAUSE = "案外人执行异议之诉"
#: parent type → [(probability, child type, derivative kind, where: basic|intermediate|high)]
CHILDREN: dict[str, list[tuple[float, str, str, str]]] = {
    "民初": [
        (0.35, "民终", "appeal", "intermediate"),
        (0.4, "执", "enforcement", "basic"),
        (0.05, "执保", "other", "basic"),
    ],
    "民终": [(0.45, "执", "enforcement", "basic"), (0.1, "民申", "retrial", "high")],
    "民申": [(0.3, "民再", "retrial", "high")],
    "执": [
        (0.15, "执异", "objection", "basic"),
        (0.15, "执恢", "resumption", "basic"),
        (0.05, "破申", "bankruptcy", "intermediate"),
        (0.05, "执监", "supervision", "intermediate"),
        (0.05, "民初", "objection_suit", "basic"),
        (0.03, "刑初", "refusal_crime", "basic"),
    ],
    "执恢": [(0.1, "执异", "objection", "basic")],
    "执异": [(0.4, "执复", "reconsideration", "intermediate")],
    "民诉前调": [
        (0.35, "诉前调确", "confirmation", "basic"),
        (0.35, "民初", "filing_after_mediation", "basic"),
        (0.1, "诉前调书", "confirmation", "basic"),
    ],
    "诉前调确": [(0.4, "执", "enforcement", "basic")],
    "诉前调书": [(0.4, "执", "enforcement", "basic")],
    "民特": [(0.5, "执", "enforcement", "basic")],
}
ROOTS = [(0.6, "民初"), (0.2, "民诉前调"), (0.1, "民特"), (0.1, "执保")]
CLOSING = {
    "民初": ["judgment", "mediation", "withdrawal"],
    "民终": ["judgment", "mediation"],
    "执": ["fully_performed", "tcp", "settlement_performed"],
    "执恢": ["fully_performed", "tcp"],
    "民诉前调": ["mediation", "transfer"],
    "诉前调确": ["confirmed"],
    "执异": ["rejected"],
}


def resident_id(rng: random.Random) -> str:
    born = dt.date(1984, 1, 1) + dt.timedelta(days=rng.randrange(7000))  # 南明区 exists from 1983
    body = f"520102{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def credit_code(rng: random.Random) -> str:
    body = "91520100" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + uscc.calc_check_digit(body)


@dataclass
class Node:
    """One generated case."""

    number: str
    type_code: str
    court: str
    filed_on: dt.date
    kind: str
    parent: Node | None
    cause: str
    plaintiffs: list[tuple[str, str]]
    defendants: list[tuple[str, str]]
    third_parties: list[tuple[str, str]] = field(default_factory=list)
    closed_on: dt.date | None = None
    closing_method: str = ""
    claim: str = ""
    recovered: str = ""


@dataclass
class Tree:
    """One generated dispute."""

    root: Node
    nodes: list[Node]


class Generator:
    """Random dispute trees with realistic numbers, dates, causes and (reused) parties."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sequences: dict[tuple[str, int, str], int] = {}
        self.people = [(f"自然人{i}", resident_id(self.rng)) for i in range(400)]
        self.people += [(f"无证件人{i}", "") for i in range(100)]
        self.companies = [(f"贵州第{i}商贸有限公司", credit_code(self.rng)) for i in range(60)]
        self.companies += [("贵阳银行股份有限公司", credit_code(self.rng))]

    def number(self, court: str, year: int, type_code: str) -> str:
        key = (court, year, type_code)
        self.sequences[key] = self.sequences.get(key, 0) + self.rng.randint(1, 3)
        return f"（{year}）{court}{type_code}{self.sequences[key]}号"

    def party(self) -> tuple[str, str]:
        return self.rng.choice(self.companies if self.rng.random() < 0.3 else self.people)

    def node(
        self,
        type_code: str,
        court: str,
        filed_on: dt.date,
        kind: str,
        parent: Node | None,
        cause: str,
        plaintiffs: list[tuple[str, str]],
        defendants: list[tuple[str, str]],
    ) -> Node:
        rng = self.rng
        n = Node(
            self.number(court, filed_on.year, type_code),
            type_code,
            court,
            filed_on,
            kind,
            parent,
            cause,
            plaintiffs,
            defendants,
        )
        if rng.random() < 0.6:
            n.closed_on = filed_on + dt.timedelta(days=rng.randint(0, 150))
            n.closing_method = rng.choice(CLOSING.get(type_code, ["other"]))
        if type_code in {"民初", "民诉前调", "执", "民特"}:
            n.claim = f"{rng.randint(1000, 5_000_000)}.{rng.randint(0, 99):02d}"
        if type_code == "执" and n.closed_on:
            n.recovered = f"{rng.randint(0, 100000)}.{rng.choice(['00', '50', '07'])}"
        return n

    def tree(self, start: dt.date, days: int) -> Tree:
        rng = self.rng
        court = rng.choice(BASIC)
        roll, root_type = rng.random(), "民初"
        for p, t in ROOTS:
            if roll < p:
                root_type = t
                break
            roll -= p
        cause = rng.choice(CAUSES) if root_type != "执保" else ""
        plaintiffs = [self.party()] + ([self.party()] if rng.random() < 0.2 else [])
        defendants = [p for p in [self.party()] if p not in plaintiffs]
        filed = start + dt.timedelta(days=rng.randrange(days))
        root = self.node(root_type, court, filed, "", None, cause, plaintiffs, defendants)
        nodes = [root]
        frontier = [root]
        while frontier:
            parent = frontier.pop()
            for p, child_type, kind, where in CHILDREN.get(parent.type_code, []):
                if rng.random() >= p or len(nodes) > 12:
                    continue
                at = {"basic": court, "intermediate": INTERMEDIATE[court], "high": "黔"}[where]
                filed_on = (parent.closed_on or parent.filed_on) + dt.timedelta(days=rng.randint(1, 90))
                child_cause = (
                    SUIT_CAUSE if kind == "objection_suit" else ("" if child_type == "刑初" else cause)
                )
                child = self.node(child_type, at, filed_on, kind, parent, child_cause, plaintiffs, defendants)
                if kind == "objection_suit":
                    child.plaintiffs, child.defendants, child.third_parties = (
                        [self.party()],
                        plaintiffs,
                        defendants,
                    )
                nodes.append(child)
                frontier.append(child)
        return Tree(root, nodes)

    def trees(self, count: int, start: dt.date = dt.date(2021, 2, 1), days: int = 1500) -> list[Tree]:
        return [self.tree(start, days) for _ in range(count)]


def party_text(parties: list[tuple[str, str]]) -> str:
    return ";".join(f"{name}|{number}" if number else name for name, number in parties)


def row_of(n: Node, rng: random.Random) -> dict[str, str]:
    """The CSV row of a node; some numbers and origins in half-width or spaced form."""

    def written(number: str) -> str:
        roll = rng.random()
        if roll < 0.15:
            return number.replace("（", "(").replace("）", ")")
        if roll < 0.2:
            return number.replace("）", "） ")
        return number

    return {
        "case_number": written(n.number),
        "filed_on": n.filed_on.isoformat(),
        "cause": n.cause,
        "claim_amount": n.claim,
        "closed_on": n.closed_on.isoformat() if n.closed_on else "",
        "closing_method": n.closing_method,
        "recovered_amount": n.recovered,
        "origin": written(n.parent.number) if n.parent else "",
        "plaintiffs": party_text(n.plaintiffs),
        "defendants": party_text(n.defendants),
        "third_parties": party_text(n.third_parties),
    }


def csv_bytes(
    rows: list[dict[str, str]], columns: tuple[str, ...] | list[str] = COLUMNS, bom: bool = False
) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode()


def generated_file(tmp_path: Path, seed: int = 7, trees: int = 1400) -> tuple[Path, list[Tree]]:
    """A CSV of the generated trees, rows in random order."""
    gen = Generator(seed)
    forest = gen.trees(trees)
    rows = [row_of(n, gen.rng) for t in forest for n in t.nodes]
    gen.rng.shuffle(rows)
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes(rows))
    return path, forest


def expected_stats(forest: list[Tree]) -> dict[str, Any]:
    """案-件比 and friends from the generator's own trees."""

    def ratio(a: int, b: int) -> float | None:
        return float((Decimal(a) / Decimal(b)).quantize(Decimal("0.0001"), ROUND_HALF_UP)) if b else None

    cases = sum(len(t.nodes) for t in forest)
    litigation = [[n for n in t.nodes if n.type_code not in NOT_LITIGATION] for t in forest]
    kinds: dict[str, int] = {}
    for t in forest:
        for n in t.nodes:
            if n.kind:
                kinds[n.kind] = kinds.get(n.kind, 0) + 1
    return {
        "cases": cases,
        "disputes": len(forest),
        "case_per_dispute": ratio(sum(map(len, litigation)), sum(1 for lit in litigation if lit)),
        "all_procedures_per_dispute": ratio(cases, len(forest)),
        "derivative": kinds,
    }


def load(data: bytes, name: str = "cases.csv", **kwargs: Any) -> ImportReport:
    return import_file(io.BytesIO(data), filename=name, **kwargs)


def codes(report: ImportReport, kind: str = "errors") -> set[tuple[int | None, str | None, str]]:
    return {(i["row"], i["column"], i["code"]) for i in report.as_dict()[kind]}


BASE = {
    "case_number": "（2024）黔0102民初1号",
    "filed_on": "2024-03-01",
    "cause": "民间借贷纠纷",
    "claim_amount": "10000.50",
    "plaintiffs": "张三|11010519491231002X",
    "defendants": "李四|520102199003070014",
}


def row(**changes: str) -> dict[str, str]:
    return {**BASE, **changes}


# ------------------------------------------------------------------------------------------- tests


def test_generated_trees_import_in_random_order_and_reimport_changes_nothing(
    reference_data, tmp_path
) -> None:
    path, forest = generated_file(tmp_path)
    nodes = [n for t in forest for n in t.nodes]
    first = import_file(path, filename=path.name)
    assert first.ok, first.errors[:3]
    assert (first.rows, first.created, first.updated, first.unchanged, first.written) == (
        len(nodes),
        len(nodes),
        0,
        0,
        True,
    )
    assert Case.objects.count() == len(nodes)
    assert Case.objects.values("dispute").distinct().count() == len(forest)
    assert NodeLog.objects.filter(node="import").count() == len(nodes)
    cases = {c.case_number: c for c in Case.objects.select_related("origin")}
    for t in forest:
        root = cases[t.root.number]
        for n in t.nodes:
            case = cases[n.number]
            assert case.dispute_id == root.dispute_id
            assert (case.origin.case_number if case.origin else None) == (
                n.parent.number if n.parent else None
            )
            assert case.derivative_kind == n.kind, n
            assert case.flags == []
            assert (case.status == "closed") == bool(n.closed_on)
    # parties: one record per identity number, reused across cases and disputes
    identities = {p[1] for n in nodes for p in n.plaintiffs + n.defendants + n.third_parties if p[1]}
    assert Party.objects.exclude(id_number_hash="").count() == len(identities)
    # the counters continue after the imported numbers
    counter = NumberCounter.objects.get(
        court__code="黔0102", year=2023, specialized_code="", type_code="民初"
    )
    top = max(int(n.number.split("民初")[1][:-1]) for n in nodes if n.number.startswith("（2023）黔0102民初"))
    assert counter.last == top
    audit = AuditEntry.objects.count()
    assert AuditEntry.objects.filter(action="cases.import").count() == 1

    again = import_file(path, filename=path.name)
    assert again.ok
    assert not again.written
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(nodes))
    assert AuditEntry.objects.count() == audit
    assert NodeLog.objects.count() == len(nodes)
    assert verify().ok


def test_a_bad_row_writes_nothing_and_names_row_and_column(reference_data) -> None:
    data = csv_bytes(
        [
            row(),
            row(case_number="（2024）黔0102民初2号", filed_on="2024-02-30"),
            row(case_number="（2024）黔0102民初3号"),
        ]
    )
    report = load(data)
    assert not report.ok
    assert not report.written
    assert report.as_dict()["errors"] == [
        {
            "row": 3,
            "column": "filed_on",
            "code": "date_invalid",
            "message_zh": "日期“2024-02-30”无效，须为 YYYY-MM-DD。",
            "message_en": "Invalid date '2024-02-30': use YYYY-MM-DD.",
        }
    ]
    assert (report.rows, report.invalid, report.created) == (3, 1, 0)
    assert Case.objects.count() == 0
    assert Party.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_skip_invalid_writes_the_valid_rows(reference_data) -> None:
    rows = [
        row(),
        row(case_number="（2024）黔0102民初2号", claim_amount="-5"),
        row(case_number="（2024）黔0102执9号", origin="（2024）黔0102民初2号", cause=""),
    ]
    report = load(csv_bytes(rows), skip_invalid=True)
    assert not report.ok
    assert report.written
    assert (report.created, report.invalid) == (2, 1)
    assert codes(report) == {(3, "claim_amount", "amount_negative")}
    assert (4, "origin", "origin_unresolved") in codes(report, "warnings")
    enforcement = Case.objects.get(case_number="（2024）黔0102执9号")
    assert enforcement.origin is None
    assert enforcement.origin_text == "（2024）黔0102民初2号"
    assert enforcement.flags == ["origin_unresolved"]
    assert enforcement.dispute_id != Case.objects.get(case_number="（2024）黔0102民初1号").dispute_id
    again = load(csv_bytes(rows), skip_invalid=True)  # the valid rows are there: nothing left to write
    assert (again.written, again.unchanged, again.invalid) == (False, 2, 1)


def test_every_row_error_code(reference_data) -> None:
    rows = [
        row(case_number="黔0102民初5号"),
        row(case_number="（2024）黔9999民初5号"),
        row(case_number="（2024）黔0102民初6号", filed_on="24-3-1"),
        row(case_number="（2024）黔0102民初7号", closed_on="2024-02-01"),
        row(case_number="（2024）黔0102民初8号", closed_on="2024-05-01", closing_method="won"),
        row(case_number="（2024）黔0102民初9号", claim_amount="1,000"),
        row(case_number="（2024）黔0102民初10号", recovered_amount="-1"),
        row(case_number="（2024）黔0102民初11号", plaintiffs="张三|110105194912310021"),
        row(case_number="（2024）黔0102民初12号", defendants="|520102199003070014"),
        row(case_number="", filed_on=""),
        row(case_number="（2024）黔0102民初13号", claim_amount="12.345"),
        row(
            case_number="（2024）黔0102民初14号", plaintiffs="张三|11010519491231002X;张三|11010519491231002X"
        ),
    ]
    report = load(csv_bytes(rows))
    assert codes(report) == {
        (2, "case_number", "case_number_invalid"),
        (3, "case_number", "unknown_court"),
        (4, "filed_on", "date_invalid"),
        (5, "closed_on", "closed_before_filed"),
        (6, "closing_method", "closing_method_invalid"),
        (7, "claim_amount", "amount_invalid"),
        (8, "recovered_amount", "amount_negative"),
        (9, "plaintiffs", "party_invalid"),
        (10, "defendants", "party_invalid"),
        (11, "case_number", "required_missing"),
        (11, "filed_on", "required_missing"),
        (12, "claim_amount", "amount_invalid"),
        (13, "plaintiffs", "party_invalid"),
    }
    assert report.invalid == 12
    assert not report.written
    assert all(i["message_zh"] and i["message_en"] for i in report.as_dict()["errors"])


def test_origin_cycle_is_an_error_on_every_row_of_the_cycle(reference_data) -> None:
    rows = [
        row(case_number="（2024）黔0102执1号", origin="（2024）黔0102执异1号"),
        row(case_number="（2024）黔0102执异1号", origin="（2024）黔0102执复1号"),
        row(case_number="（2024）黔0102执复1号", origin="（2024）黔0102执1号"),
        row(case_number="（2024）黔0102执恢1号", origin="（2024）黔0102执1号"),  # derives from the cycle
        row(case_number="（2024）黔0102执2号", origin="（2024）黔0102执2号"),  # its own origin
        row(),
    ]
    report = load(csv_bytes(rows))
    assert codes(report) == {(r, "origin", "origin_cycle") for r in (2, 3, 4, 6)}
    assert not report.written
    report = load(csv_bytes(rows), skip_invalid=True)
    assert report.created == 2
    assert Case.objects.get(case_number="（2024）黔0102执恢1号").flags == ["origin_unresolved"]


def test_a_cycle_through_the_database_is_found(reference_data) -> None:
    assert load(
        csv_bytes([row(), row(case_number="（2024）黔0102民终1号", origin=BASE["case_number"])])
    ).written
    # the file makes the first instance derive from its own appeal, which the database derives from it
    report = load(csv_bytes([row(origin="（2024）黔0102民终1号")]))
    assert codes(report) == {(2, "origin", "origin_cycle")}


def test_unresolved_origin_is_kept_as_text_and_starts_a_dispute(reference_data) -> None:
    award = "贵阳仲裁委员会（2023）筑仲裁字第12号裁决"
    report = load(
        csv_bytes(
            [
                row(case_number="（2024）黔0102执1号", origin="（2023）黔0103民初77号", cause=""),
                row(case_number="（2024）黔0102执2号", origin=award, cause=""),
            ]
        )
    )
    assert report.ok
    assert report.created == 2
    assert codes(report, "warnings") == {
        (2, "origin", "origin_unresolved"),
        (3, "origin", "origin_unresolved"),
    }
    first, second = Case.objects.order_by("case_number")
    assert (first.origin_text, first.flags, first.origin) == (
        "（2023）黔0103民初77号",
        ["origin_unresolved"],
        None,
    )
    assert second.origin_text == award
    assert second.derivative_kind == "enforcement"
    assert first.dispute_id != second.dispute_id
    assert Dispute.objects.count() == 2
    # the origin arrives later: re-importing links it and moves the case into the origin's dispute
    later = load(
        csv_bytes(
            [
                row(case_number="（2023）黔0103民初77号", filed_on="2023-05-01"),
                row(case_number="（2024）黔0102执1号", origin="（2023）黔0103民初77号", cause=""),
            ]
        )
    )
    assert (later.created, later.updated) == (1, 1)
    first.refresh_from_db()
    assert first.origin.case_number == "（2023）黔0103民初77号"
    assert first.flags == []
    assert first.dispute_id == first.origin.dispute_id
    assert first.derivative_kind == "enforcement"


def test_unrecognized_cause_is_kept_and_flagged(reference_data) -> None:
    rows = [
        row(cause="欠钱不还纠纷"),
        row(case_number="（2024）黔0102民初2号"),
        row(case_number="（2019）黔0102民初2号", filed_on="2019-05-01"),
        row(case_number="（2010）黔0102民初2号", filed_on="2010-05-01"),
        row(case_number="（2022）黔0102民初3号", filed_on="2022-05-01", cause="申请宣告公民失踪"),
    ]  # 2019: the 2011 edition (first level only) resolves through 2020; 2010: no edition loaded
    report = load(csv_bytes(rows))
    assert report.ok
    assert codes(report, "warnings") == {
        (2, "cause", "cause_unrecognized"),
        (4, "cause", "cause_other_edition"),
        (5, "cause", "cause_unrecognized"),
        (6, "cause", "cause_other_name"),
    }
    odd, fine, old = (
        Case.objects.get(case_number=n)
        for n in ("（2024）黔0102民初1号", "（2024）黔0102民初2号", "（2019）黔0102民初2号")
    )
    assert (odd.cause_text, odd.cause, odd.flags) == ("欠钱不还纠纷", None, ["cause_unrecognized"])
    assert fine.cause is not None
    assert fine.cause.name == "民间借贷纠纷"
    assert fine.flags == []
    assert old.cause is not None
    assert old.cause.edition.key == "2020"
    assert old.flags == []
    older = Case.objects.get(case_number="（2010）黔0102民初2号")
    assert (older.cause, older.flags) == (None, ["cause_unrecognized"])
    renamed = Case.objects.get(case_number="（2022）黔0102民初3号")
    assert renamed.cause is not None
    assert renamed.cause.name == "申请宣告自然人失踪"
    assert renamed.cause_text == "申请宣告公民失踪"


def test_duplicate_number_in_one_file(reference_data) -> None:
    report = load(csv_bytes([row(), row(case_number="(2024)黔0102民初1号", filed_on="2024-04-01")]))
    assert codes(report) == {(3, "case_number", "duplicate_case_number")}
    assert "row 2" in report.errors[0].message_en


def test_party_reused_across_cases_and_the_database_by_identity(reference_data) -> None:
    from zhiyuan.parties.services import resolve

    existing = resolve("张三（旧名）", "11010519491231002X")
    rows = [
        row(),
        row(case_number="（2024）黔0102民初2号", plaintiffs="张三|110105 19491231002x;王五"),
        row(
            case_number="（2024）黔0102执3号",
            origin="（2024）黔0102民初2号",
            plaintiffs="张三|11010519491231002X;王五",
        ),
    ]
    report = load(csv_bytes(rows))
    assert report.created == 3
    assert Party.objects.filter(id_number_hash=existing.id_number_hash).count() == 1
    assert CaseParty.objects.filter(party=existing).count() == 3
    # the file's name is never replaced by the recorded one: the cases keep “张三”, which becomes another
    # name of the same party, and the report says so once
    existing.refresh_from_db()
    assert existing.name == "张三（旧名）"
    assert list(existing.other_names.values_list("name", flat=True)) == ["张三"]
    assert {cp.display_name for cp in CaseParty.objects.filter(party=existing)} == {"张三"}
    assert [(w.code, w.column) for w in report.warnings if w.code == "identity_other_name"] == [
        ("identity_other_name", "parties")
    ]
    assert Party.objects.filter(name="李四").count() == 1  # one identity, three cases
    assert Party.objects.filter(name="王五").count() == 2  # no number: one record per case
    again = load(csv_bytes(rows))  # the unnumbered 王五 is matched by name within each case
    assert (again.updated, again.unchanged, again.written) == (0, 3, False)


def test_xlsx_import_with_typed_cells(reference_data, tmp_path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["origin", "filed_on", "case_number", "claim_amount", "note", "defendants"])
    sheet.append(
        ["（2024）黔0102民初1号", dt.datetime(2024, 6, 1), "（2024）黔0102执1号", 1234.5, "x", "李四"]
    )
    sheet.append(
        [None, dt.date(2024, 3, 1), "（2024）黔0102民初1号", 100000, None, "李四|520102199003070014"]
    )
    sheet.append([None, None, None, None, None, None])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    report = import_file(path, filename=path.name)
    assert report.ok, report.errors
    assert (report.created, report.rows) == (2, 2)
    assert codes(report, "warnings") == {(1, "note", "unknown_column")}
    enforcement = Case.objects.get(case_number="（2024）黔0102执1号")
    assert enforcement.claim_amount == Decimal("1234.50")
    assert enforcement.filed_on == dt.date(2024, 6, 1)
    assert enforcement.origin.claim_amount == Decimal("100000")
    assert import_file(path, filename=path.name).unchanged == 2


def test_header_rules_bom_and_unreadable_files(reference_data) -> None:
    columns = ["defendants", "filed_on", "extra", "case_number"]
    report = load(csv_bytes([row()], columns=columns, bom=True))
    assert report.ok
    assert report.created == 1
    assert codes(report, "warnings") == {(1, "extra", "unknown_column")}
    missing = load(csv_bytes([row()], columns=["case_number", "cause"]))
    assert codes(missing) == {(1, "filed_on", "required_missing")}
    assert not missing.written
    assert codes(load(b"\xff\xfecase_number")) == {(None, None, "file_unreadable")}
    assert codes(load(b"case_number,filed_on\n", name="cases.txt")) == {
        (None, None, "file_format_unsupported")
    }
    assert codes(load(b"not a zip", name="cases.xlsx")) == {(None, None, "file_unreadable")}
    empty = load(b"case_number,filed_on\n")
    assert empty.ok
    assert empty.rows == 0
    assert not empty.written


def test_a_changed_row_updates_the_case_and_audits_before_and_after(reference_data) -> None:
    rows = [row(), row(case_number="（2024）黔0102执1号", origin=BASE["case_number"], cause="")]
    load(csv_bytes(rows))
    audit = AuditEntry.objects.count()
    rows[0] = row(
        closed_on="2024-06-30", closing_method="judgment", defendants="李四|520102199003070014;赵六"
    )
    report = load(csv_bytes(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    case = Case.objects.get(case_number=BASE["case_number"])
    assert (case.status, case.closed_on, case.closing_method) == ("closed", dt.date(2024, 6, 30), "judgment")
    assert [cp.party.name for cp in case.parties.filter(side="defendant").order_by("position")] == [
        "李四",
        "赵六",
    ]
    entries = list(AuditEntry.objects.filter(seq__gt=audit).order_by("seq"))
    assert [e.action for e in entries] == ["cases.import", "cases.case.import_update"]
    assert entries[1].before["closed_on"] is None
    assert entries[1].after["closed_on"] == "2024-06-30"
    assert entries[1].object_id == str(case.pk)
    assert "parties" in entries[1].after
    assert NodeLog.objects.filter(case=case).count() == 2
    assert verify().ok


def test_changing_an_origin_moves_the_case_and_its_descendants(reference_data) -> None:
    a, b, c, d = (
        "（2024）黔0102民初1号",
        "（2024）黔0102执1号",
        "（2024）黔0102执异1号",
        "（2024）黔0102民初2号",
    )
    load(
        csv_bytes(
            [
                row(),
                row(case_number=b, origin=a, cause=""),
                row(case_number=c, origin=b, cause=""),
                row(case_number=d),
            ]
        )
    )
    old = Case.objects.get(case_number=a).dispute_id
    report = load(csv_bytes([row(case_number=b, origin=d, cause="")]))  # the file names only the moved case
    assert report.updated == 1
    target = Case.objects.get(case_number=d).dispute_id
    assert {n: Case.objects.get(case_number=n).dispute_id for n in (a, b, c)} == {
        a: old,
        b: target,
        c: target,
    }
    assert AuditEntry.objects.filter(action="cases.case.import_move").count() == 1
    load(
        csv_bytes([row(case_number=b, cause="")])
    )  # no origin any more: b and c start a dispute of their own
    fresh = Case.objects.get(case_number=b).dispute_id
    assert fresh not in (old, target)
    assert Case.objects.get(case_number=c).dispute_id == fresh


def test_allocation_continues_after_imported_numbers(reference_data) -> None:
    load(csv_bytes([row(case_number="（2024）黔0102民初41号"), row(case_number="（2024）黔0102民初7号")]))
    court = Court.objects.get(code="黔0102")
    assert numbers.allocate(court, 2024, "民初") == ("（2024）黔0102民初42号", 42)
    load(csv_bytes([row(case_number="（2024）黔0102民初50号")]))
    assert numbers.allocate(court, 2024, "民初")[1] == 51


def test_alias_court_code(reference_data) -> None:
    assert load(csv_bytes([row(case_number="（2024）黔0204民初3号")])).created == 1
    assert Case.objects.get().court.code == "黔0221"


def test_users_need_the_permission_and_the_court(make_user) -> None:
    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    judge = make_user("judge", roles=("trial_judge",), court="黔0102")
    with pytest.raises(Denied):
        load(csv_bytes([row()]), user=judge)
    report = load(csv_bytes([row(), row(case_number="（2024）黔0302民初1号")]), user=clerk)
    assert codes(report) == {(3, "case_number", "court_out_of_scope")}
    assert load(csv_bytes([row()]), user=clerk).created == 1
    assert AuditEntry.objects.filter(action="cases.import", actor_name="clerk").count() == 1


def test_cli_import_exit_status_and_summary(reference_data, tmp_path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row()]))
    out = io.StringIO()
    call_command("cases", "import", str(good), stdout=out)
    assert "新建 created 1" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(filed_on="soon")]))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("cases", "import", str(bad), "--json", stdout=out)
    assert caught.value.returncode == 2
    import json

    assert json.loads(out.getvalue())["errors"][0]["code"] == "date_invalid"
    with pytest.raises(CommandError) as caught:
        call_command("cases", "import", str(tmp_path / "missing.csv"))
    assert caught.value.returncode == 2


def test_a_party_error_alone_undoes_the_speculative_write(reference_data) -> None:
    """Without other errors the cases are written while the parties are checked; a bad identity number
    rolls everything back and the report is the same as if nothing had been attempted."""
    rows = [
        row(),
        row(
            case_number="（2024）黔0102执1号",
            origin=BASE["case_number"],
            cause="",
            defendants="李四|520102199003070015",
        ),
    ]
    report = load(csv_bytes(rows))
    assert not report.ok
    assert not report.written
    assert codes(report) == {(3, "defendants", "party_invalid")}
    assert codes(report, "warnings") == set()
    assert (report.created, report.unchanged, report.invalid) == (0, 0, 1)
    assert Case.objects.count() == 0
    assert Party.objects.count() == 0
    assert Dispute.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    # the origin of a valid row is the invalid row: reported like the non-speculative path does
    flipped = [rows[1] | {"defendants": "李四|520102199003070014"}, rows[0] | {"plaintiffs": "张三|123"}]
    report = load(csv_bytes(flipped))
    assert codes(report) == {(3, "plaintiffs", "party_invalid")}
    assert codes(report, "warnings") == {(2, "origin", "origin_unresolved")}
    skipped = load(csv_bytes(flipped), skip_invalid=True)
    assert skipped.written
    assert skipped.as_dict()["errors"] == report.as_dict()["errors"]
    assert Case.objects.get().flags == ["origin_unresolved"]


def test_identity_numbers_checked_by_a_worker_process(reference_data, tmp_path, monkeypatch) -> None:
    from zhiyuan.cases import importing

    monkeypatch.setattr(importing, "PARALLEL_IDENTITIES", 1)
    path, forest = generated_file(tmp_path, seed=5, trees=120)
    report = import_file(path, filename=path.name)
    nodes = [n for t in forest for n in t.nodes]
    assert report.ok
    assert report.created == len(nodes)
    identities = {p[1] for n in nodes for p in n.plaintiffs + n.defendants + n.third_parties if p[1]}
    assert Party.objects.exclude(id_number_hash="").count() == len(identities)
    bad = path.read_text(encoding="utf-8").replace(
        nodes[0].plaintiffs[0][1], nodes[0].plaintiffs[0][1][:-1] + "0", 1
    )
    path.write_text(bad, encoding="utf-8")
    broken = import_file(path, filename=path.name)
    assert {e["code"] for e in broken.as_dict()["errors"]} == {"party_invalid"}
    assert not broken.written


def test_a_write_conflict_writes_nothing_and_says_so(reference_data, monkeypatch) -> None:
    from zhiyuan.cases import importing

    assert load(csv_bytes([row()])).created == 1

    class Blind(importing._Known):  # as if another import had written the case after we looked
        def __init__(self, numbers: set[str]) -> None:
            super().__init__(set())

    monkeypatch.setattr(importing, "_Known", Blind)
    audit = AuditEntry.objects.count()
    report = load(csv_bytes([row(case_number="（2024）黔0102民初2号"), row()]))
    assert codes(report) == {(None, None, "write_failed")}
    assert not report.written
    assert Case.objects.count() == 1
    assert AuditEntry.objects.count() == audit


# ------------------------------------------------------------------- identity documents (issue 10)
# 红花岗区 (520302) was created in 1997: a holder born in 1980 carries it (check digit 6, GB 11643).
LATER_REGION = "520302198001011236"


def test_a_real_style_number_with_a_later_region_code_imports(reference_data) -> None:
    report = load(csv_bytes([row(defendants=f"王五|{LATER_REGION}")]))
    assert report.ok, report.as_dict()["errors"]
    assert report.created == 1
    party = Party.objects.get(name="王五")
    assert (party.id_type, party.id_number) == ("resident_id", LATER_REGION)
    assert Party.objects.get(name="张三").id_type == "resident_id"


def test_a_passport_identified_party_imports_and_exports_its_type(reference_data) -> None:
    from zhiyuan.cases.exporting import rows as exported

    data = csv_bytes(
        [
            row(defendants="John Smith|123456789|passport;陈大文|H12345678"),
            row(case_number="（2024）黔0102民初2号", defendants="约翰|123456789|护照;林美|12345678|台胞证"),
        ]
    )
    report = load(data)
    assert report.ok, report.as_dict()["errors"]
    passport = Party.objects.get(name="John Smith")
    assert (passport.id_type, passport.kind, passport.id_number) == (
        "passport",
        "natural_person",
        "123456789",
    )
    assert CaseParty.objects.filter(party=passport).count() == 2  # one record per identity, either name
    assert Party.objects.get(name="陈大文").id_type == "hk_macao_permit"  # the shape names the document
    assert Party.objects.get(name="林美").id_type == "taiwan_permit"
    assert load(data).unchanged == 2  # idempotent
    lines = {r[0]: r for r in exported()}
    first = lines["（2024）黔0102民初1号"]
    assert first[COLUMNS.index("defendants")] == "John Smith|123456789|passport;陈大文|H12345678"
    assert first[COLUMNS.index("plaintiffs")] == "张三|11010519491231002X"  # no type where the shape says it


def test_document_types_and_future_birth_dates_are_checked(reference_data) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=2)  # two days: whatever the time zone of the test run
    body = f"520102{tomorrow:%Y%m%d}001"
    unborn = body + ric.calc_check_digit(body + "0")
    rows = [
        row(defendants="John Smith|123456789"),  # a passport number names no document by its shape
        row(case_number="（2024）黔0102民初2号", defendants="某人|123456789|驾驶证"),
        row(case_number="（2024）黔0102民初3号", defendants=f"新生|{unborn}"),
        row(case_number="（2024）黔0102民初4号", defendants="某人||passport"),
        row(case_number="（2024）黔0102民初5号", defendants="陈大文|H1234567|hk_macao_permit"),
        row(case_number="（2024）黔0102民初6号", defendants="某人|11010519491231002A"),
    ]
    report = load(csv_bytes(rows))
    assert codes(report) == {(line, "defendants", "party_invalid") for line in range(2, 8)}
    messages = {i["row"]: i["message_en"] for i in report.as_dict()["errors"]}
    assert "document type" in messages[3]
    assert "birth date" in messages[4]
    assert "format" in messages[7]
    assert not report.written


# ------------------------------------------------------------------- pre-2016 case numbers (issue 10)
# Before 2016 each court wrote its own abbreviation (法〔2015〕137号 applies from 2016-01-01): the number
# parses as legacy and, where its abbreviation names no court, the court column says which court it was.


def test_a_pre_2016_number_imports_with_its_court_from_the_court_column(reference_data) -> None:
    from zhiyuan.cases.exporting import rows as exported

    old, judgment = "（2014）云民初字第88号", "(2014)筑民一初字第19号"  # 云: an abbreviation naming no court
    rows = [
        row(case_number=old, filed_on="2014-05-06", cause="", court="黔0103"),
        row(case_number=judgment, filed_on="2014-03-03", cause="", court="贵阳市中级人民法院"),  # 筑 → 黔01
        row(
            case_number="（2016）黔0103执5号",
            filed_on="2016-03-01",
            cause="",
            origin="（2014）云民初字第0088号",
        ),
    ]
    report = load(csv_bytes(rows))
    assert report.ok, report.as_dict()["errors"]
    assert (2, "case_number", "legacy_court_unknown") in codes(report, "warnings")
    case = Case.objects.get(case_number=old)
    assert (case.court.code, case.court_code, case.year, case.type_code, case.type_class, case.sequence) == (
        "黔0103",
        "黔0103",
        2014,
        "民初",
        "civil",
        88,
    )
    assert Case.objects.get(case_number="（2014）筑民一初字第19号").court.code == "黔01"
    enforcement = Case.objects.get(case_number="（2016）黔0103执5号")
    assert (enforcement.origin, enforcement.derivative_kind) == (case, "enforcement")
    assert {r[0]: r[COLUMNS.index("court")] for r in exported()}[old] == "黔0103"  # the export says it too
    assert load(csv_bytes(rows)).unchanged == 3
    bad = [
        row(case_number="（2014）云民初字第89号", filed_on="2014-05-06"),  # no court at all
        row(case_number=judgment, filed_on="2014-03-03", court="黔0102"),  # 筑 is not 南明区
        row(case_number="（2014）云民初字第90号", filed_on="2014-05-06", court="黔9999"),
    ]
    assert codes(load(csv_bytes(bad))) == {
        (2, "court", "court_required"),
        (3, "court", "court_mismatch"),
        (4, "court", "unknown_court"),
    }
