"""Random dispute trees for the indicator tests, as rows of the import format: every type the indicators
look at (执, 执恢, 执保, 执异, 民初, 民终, 民诉前调, 诉前调确, 刑初 …), every closing method, claims of 0, none,
at and around the small-claims threshold, wage causes, and dates crowding the edges of 2025."""

from __future__ import annotations

import datetime as dt
import random

from tests.governance.conftest import Row, row

BASIC = ["黔0102", "黔0103", "黔0111", "黔0302"]
PARENT = {"黔0102": "黔01", "黔0103": "黔01", "黔0111": "黔01", "黔0302": "黔03"}
CAUSES = ["民间借贷纠纷", "买卖合同纠纷", "追索劳动报酬纠纷", "金融借款合同纠纷", "信用卡纠纷"]
EDGES = [dt.date(2024, 12, 31), dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1)]
CLAIMS = ["", "0", "0.00", "9999.99", "10000.00", "10000.01"]
#: parent type → [(probability, child type, where)]
CHILDREN: dict[str, list[tuple[float, str, str]]] = {
    "民初": [(0.35, "民终", "mid"), (0.45, "执", "basic"), (0.05, "执保", "basic")],
    "民终": [(0.5, "执", "basic")],
    "执": [(0.2, "执恢", "basic"), (0.15, "执异", "basic"), (0.05, "刑初", "basic"), (0.03, "破申", "mid")],
    "执恢": [(0.1, "执异", "basic")],
    "执异": [(0.3, "执复", "mid")],
    "民诉前调": [(0.4, "诉前调确", "basic"), (0.3, "民初", "basic")],
    "诉前调确": [(0.5, "执", "basic")],
    "刑初": [(0.3, "执", "basic")],
}
ROOTS = [(0.5, "民初"), (0.25, "民诉前调"), (0.1, "执"), (0.05, "执保"), (0.1, "刑初")]
CLOSING = {
    "民初": ["judgment", "mediation", "withdrawal", "dismissal"],
    "民终": ["judgment", "mediation", "withdrawal"],
    "执": ["fully_performed", "settlement_performed", "tcp", "terminated", "not_enforced", "other"],
    "执恢": ["fully_performed", "tcp", "settlement_performed"],
    "民诉前调": ["mediation", "confirmed", "transfer", "other"],
    "诉前调确": ["confirmed", "rejected"],
    "执异": ["rejected", "other"],
    "执保": ["other"],
    "刑初": ["judgment"],
}


class Generator:
    """Seeded random trees; ``rows()`` gives their import rows."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sequences: dict[tuple[str, int, str], int] = {}

    def number(self, court: str, year: int, type_code: str) -> str:
        key = (court, year, type_code)
        self.sequences[key] = self.sequences.get(key, 0) + 1
        return f"（{year}）{court}{type_code}{self.sequences[key]}号"

    def date(self, after: dt.date | None = None) -> dt.date:
        rng = self.rng
        if after is None:
            if rng.random() < 0.1:
                return rng.choice(EDGES)
            return dt.date(2023, 6, 1) + dt.timedelta(days=rng.randrange(1000))
        if rng.random() < 0.1:
            later = [d for d in EDGES if d >= after]
            if later:
                return rng.choice(later)
        return after + dt.timedelta(days=rng.choice([0, 1, rng.randint(1, 200)]))

    def case(
        self, type_code: str, court: str, filed: dt.date, cause: str, origin: str
    ) -> tuple[Row, dt.date]:
        rng = self.rng
        number = self.number(court, filed.year, type_code)
        fields: dict[str, str] = {"cause": cause, "origin": origin}
        last = filed
        if rng.random() < 0.7:
            closed = self.date(filed)
            fields |= {"closed": closed.isoformat(), "method": rng.choice(CLOSING.get(type_code, ["other"]))}
            last = closed
        if type_code in {"执", "执恢", "执保", "民初"}:
            roll = rng.random()
            fields["claim"] = (
                rng.choice(CLAIMS) if roll < 0.3 else f"{rng.randint(100, 900_000)}.{rng.randint(0, 99):02d}"
            )
            if type_code != "民初" and "closed" in fields and rng.random() < 0.8:
                fields["recovered"] = f"{rng.randint(0, 50_000)}.{rng.choice(['00', '07', '50', '99'])}"
        return row(number, filed.isoformat(), **fields), last

    def tree(self) -> list[Row]:
        rng = self.rng
        court = rng.choice(BASIC)
        roll, root_type = rng.random(), "民初"
        for p, t in ROOTS:
            if roll < p:
                root_type = t
                break
            roll -= p
        cause = "" if root_type in {"执保", "刑初"} else rng.choice(CAUSES)
        root, last = self.case(root_type, court, self.date(), cause, "")
        rows, frontier = [root], [(root, root_type, last)]
        while frontier and len(rows) < 12:
            parent, parent_type, parent_last = frontier.pop()
            for p, child_type, where in CHILDREN.get(parent_type, []):
                if rng.random() >= p:
                    continue
                at = court if where == "basic" else PARENT[court]
                child_cause = "" if child_type in {"刑初", "执", "执恢"} and rng.random() < 0.5 else cause
                child, last = self.case(
                    child_type, at, self.date(parent_last), child_cause, parent["case_number"]
                )
                rows.append(child)
                frontier.append((child, child_type, last))
        return rows

    def rows(self, trees: int) -> list[Row]:
        out = [r for _ in range(trees) for r in self.tree()]
        self.rng.shuffle(out)
        return out
