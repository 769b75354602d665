"""The province in chunks: which disputes arise where and when, their case numbers, and the CSV rows.

A chunk holds at most ``volume.disputes_per_chunk`` disputes of one year: the disputes of consecutive
courts, or a part of one court's, with every case those disputes spawn, whatever its year or court.
Chunks come in a fixed order and each court-year part draws from a random generator seeded by (seed,
year, court, part), so a seed always gives the same province.
Case numbers are allocated chunk by chunk from counters per (court, year, type code), in filing order
inside a chunk; cases filed after ``as_of`` are numbered but not emitted (and an open case's closing is
dropped), so the numbers do not depend on the day the simulation runs. Memory holds one chunk.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from zhiyuan.inputs.cells import row
from zhiyuan.simulation.lifecycle import Spec, World, dispute, expected_enforcement_cases
from zhiyuan.simulation.people import Party

HEADER = (
    "case_number",
    "filed_on",
    "cause",
    "claim_amount",
    "closed_on",
    "closing_method",
    "recovered_amount",
    "origin",
    "plaintiffs",
    "defendants",
    "third_parties",
)
ORIGINATING_LEVELS = ("basic", "special")


@dataclass(frozen=True, slots=True)
class Segment:
    """``disputes`` disputes arising at ``court`` in the chunk's year (``part`` of that court-year)."""

    court: str
    part: int
    disputes: int


@dataclass(frozen=True, slots=True)
class ChunkPlan:
    """One transaction's worth of disputes: consecutive court-years of one year, or a part of one."""

    year: int
    index: int
    segments: tuple[Segment, ...]

    @property
    def key(self) -> str:
        return f"{self.year}/{self.index}"

    @property
    def disputes(self) -> int:
        return sum(s.disputes for s in self.segments)


def _rng(*parts: object) -> random.Random:
    return random.Random(hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest())


def plan(world: World, scale: float, years: Sequence[int]) -> list[ChunkPlan]:
    """The chunks, in the order they are generated."""
    r = world.rates
    per_year = float(r["volume.enforcement_cases_per_year"]) * scale / expected_enforcement_cases(r)
    sigma = float(r["volume.court_weight_sigma"])
    weights: dict[str, float] = {}
    for code, court in sorted(world.courts.items()):
        if court.level == "basic":
            weights[code] = _rng(world.seed, "weight", code).lognormvariate(0.0, sigma)
        elif court.level == "special":
            weights[code] = float(r["volume.special_court_weight"])
    total = sum(weights.values()) or 1.0
    size = int(r["volume.disputes_per_chunk"])
    chunks: list[ChunkPlan] = []
    for year in years:
        pending: list[Segment] = []
        for code, weight in weights.items():
            expected = per_year * weight / total
            count = math.floor(expected + _rng(world.seed, "count", year, code).random())
            parts = max(1, math.ceil(count / size))
            for part in range(parts):
                share = count // parts + (1 if part < count % parts else 0)
                if not share:
                    continue
                if pending and sum(s.disputes for s in pending) + share > size:
                    chunks.append(ChunkPlan(year, len([c for c in chunks if c.year == year]), tuple(pending)))
                    pending = []
                pending.append(Segment(code, part, share))
        if pending:
            chunks.append(ChunkPlan(year, len([c for c in chunks if c.year == year]), tuple(pending)))
    return chunks


class Numbering:
    """Case number counters per (court, year, type code), carried from chunk to chunk."""

    def __init__(self) -> None:
        self.last: dict[tuple[str, int, str], int] = {}

    def assign(self, specs: list[Spec]) -> None:
        for spec in sorted(specs, key=lambda s: s.filed_on):
            key = (spec.court, spec.filed_on.year, spec.type_code)
            self.last[key] = sequence = self.last.get(key, 0) + 1
            spec.number = f"（{key[1]}）{key[0]}{key[2]}{sequence}号"


def generate(world: World, chunk: ChunkPlan) -> list[list[Spec]]:
    """The chunk's disputes with all their cases (not yet numbered, not truncated)."""
    first = dt.date(chunk.year, 1, 1).toordinal()
    days = dt.date(chunk.year, 12, 31).toordinal() - first + 1
    out: list[list[Spec]] = []
    for segment in chunk.segments:
        rng = _rng(world.seed, "segment", chunk.year, segment.court, segment.part)
        court = world.courts[segment.court]
        out.extend(
            dispute(world, rng, court, dt.date.fromordinal(first + rng.randrange(days)))
            for _ in range(segment.disputes)
        )
    return out


def rows(disputes: list[list[Spec]], as_of: dt.date) -> Iterator[tuple[str, ...]]:
    """The import rows of the cases filed by ``as_of``; a case still open then has no closing."""
    for specs in disputes:
        for spec in specs:
            if spec.filed_on > as_of:
                continue
            closed = spec.closed_on is not None and spec.closed_on <= as_of
            yield (
                spec.number,
                spec.filed_on.isoformat(),
                spec.cause,
                "" if spec.claim is None else str(spec.claim),
                spec.closed_on.isoformat() if closed and spec.closed_on else "",
                spec.method if closed else "",
                "" if spec.recovered is None or not closed else str(spec.recovered),
                "" if spec.origin is None else specs[spec.origin].number,
                _column(spec.plaintiffs),
                _column(spec.defendants),
                _column(spec.third_parties),
            )


def _column(parties: Sequence[Party]) -> str:
    """A party column; a party drawn twice for one side appears once."""
    return ";".join(dict.fromkeys(p.entry for p in parties))


def to_csv(lines: Iterator[tuple[str, ...]]) -> tuple[bytes, int]:
    """CSV bytes in the import format and the number of data rows (cells as every export writes them:
    zhiyuan.inputs.cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for line in lines:
        writer.writerow(row(list(line)))
        count += 1
    return out.getvalue().encode(), count
