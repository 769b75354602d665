"""``simulate province``: generate the province chunk by chunk and import each through the case import.

Each chunk is one transaction: the import (all or nothing, idempotent by case number, audited as an
import), the chunk's delegated-mediation records and performance titles (``simulation.titles``), the chunk's marker and its audit record. An interrupted run leaves whole chunks only; the
same command again regenerates every chunk (cheap, and needed for the case number counters) and skips
those already marked, so it resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.importing import import_file
from zhiyuan.courts import selectors as courts
from zhiyuan.law.errors import LawError
from zhiyuan.law.termination import earliest_on
from zhiyuan.simulation.lifecycle import SimCourt, World
from zhiyuan.simulation.models import SimulatedChunk
from zhiyuan.simulation.parameters import Rates, rates
from zhiyuan.simulation.province import ChunkPlan, Numbering, generate, plan, rows, to_csv
from zhiyuan.simulation.registers import record_mediations
from zhiyuan.simulation.titles import record_titles

MAX_SCALE = 20.0
MAX_YEARS = 30

Progress = Callable[[ChunkPlan, int, bool], None]  # chunk, cases, skipped


@dataclass
class Summary:
    """What a run did."""

    signature: str
    chunks: int = 0
    imported: int = 0
    skipped: int = 0
    cases: int = 0
    mediations: int = 0
    titles: int = 0
    years: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "signature": self.signature,
            "chunks": self.chunks,
            "imported": self.imported,
            "skipped": self.skipped,
            "cases": self.cases,
            "mediations": self.mediations,
            "titles": self.titles,
            "years": self.years,
        }


def _bad(code: str, zh: str, en: str) -> LawError:
    return LawError(code, zh, en)


def check_arguments(seed: int, scale: float, years: int, start: int | None, as_of: dt.date) -> list[int]:
    """The simulated years (the last ending in ``as_of``'s year unless ``start`` says otherwise)."""
    if seed < 0:
        raise _bad(
            "simulation_seed_invalid", "随机种子须为非负整数。", "The seed must be a non-negative integer."
        )
    if not 0 < scale <= MAX_SCALE:
        raise _bad(
            "simulation_scale_invalid",
            f"规模须大于 0 且不超过 {MAX_SCALE:g}（1 = 一个省一年的全部执行案件）。",
            f"The scale must be above 0 and at most {MAX_SCALE:g} (1 = one province-year).",
        )
    if not 1 <= years <= MAX_YEARS:
        raise _bad(
            "simulation_years_invalid",
            f"年数须在 1 至 {MAX_YEARS} 之间。",
            f"The number of years must be between 1 and {MAX_YEARS}.",
        )
    first = as_of.year - years + 1 if start is None else start
    if not first >= 2000 or first > as_of.year:
        raise _bad(
            "simulation_start_invalid",
            f"起始年份 {first} 须在 2000 年至 {as_of.year} 年之间（不模拟未来）。",
            f"The start year {first} must lie between 2000 and {as_of.year} (no future is simulated).",
        )
    return [y for y in range(first, first + years) if y <= as_of.year]


def world(seed: int, scale: float, table: Rates | None = None) -> World:
    """The courts of the reference data (database), the lawful 终本 date and the cause catalogue."""
    table = table or rates()
    ref = courts.reference()
    found = list(courts.courts())
    if not found:
        raise _bad(
            "simulation_no_courts",
            "数据库中没有法院参考数据，请先运行 zhiyuan setup。",
            "No courts in the database: run `zhiyuan setup` first.",
        )
    divisions = {c.code: (c.division_code, c.division_name) for c in found}
    sim: dict[str, SimCourt] = {}
    for c in found:
        parent = c.parent.code if c.parent else ""
        code, name = divisions[c.code]
        if not code and parent:  # a special court: its parent's division
            code, name = divisions[parent]
        sim[c.code] = SimCourt(c.code, c.level, parent, code or "520000", name or "贵州")
    memo: dict[dt.date, dt.date] = {}

    def tcp_earliest(filed: dt.date) -> dt.date:
        due = memo.get(filed)
        if due is None:
            due = memo[filed] = earliest_on(filed, ref.params, ref.calendar)
        return due

    editions = [(e.in_force_from, frozenset(c.name for c in e.causes)) for e in ref.causes.editions]
    pool = max(50, round(float(table["claims.repeat_debtor_pool_per_scale"]) * scale))
    return World(seed, table, sim, tcp_earliest, pool, editions=editions)


def signature(seed: int, scale: float, years: Sequence[int], as_of: dt.date, table: Rates) -> str:
    """Names a run: the same arguments, date and rates give the same chunks."""
    text = json.dumps([seed, repr(float(scale)), list(years), as_of.isoformat(), table.fingerprint])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def has_simulated_data() -> bool:
    """Whether any simulation chunk was imported into this database."""
    return SimulatedChunk.objects.exists()


def simulate_province(
    *,
    seed: int,
    scale: float,
    years: int,
    start: int | None = None,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    on_plan: Callable[[int], object] | None = None,
    table: Rates | None = None,
) -> Summary:
    """Generate and import the province; resumable (chunks already imported by this run are skipped).

    ``table`` replaces the shipped rates (tests, what-if runs); it is part of the run's signature."""
    as_of = as_of or timezone.localdate()
    span = check_arguments(seed, scale, years, start, as_of)
    table = table or rates()
    sim = world(seed, scale, table)
    chunks = plan(sim, scale, span)
    summary = Summary(signature(seed, scale, span, as_of, table), chunks=len(chunks), years=span)
    if on_plan:
        on_plan(len(chunks))
    done = set(SimulatedChunk.objects.filter(signature=summary.signature).values_list("key", flat=True))
    numbering = Numbering()
    for chunk in chunks:
        disputes = generate(sim, chunk)
        numbering.assign([spec for specs in disputes for spec in specs])
        if chunk.key in done:
            summary.skipped += 1
            if progress:
                progress(chunk, 0, True)
            continue
        data, count = to_csv(rows(disputes, as_of))
        with transaction.atomic():
            report = import_file(io.BytesIO(data), filename=f"simulate-{chunk.key.replace('/', '-')}.csv")
            if report.errors:
                first = report.errors[0]
                raise _bad(
                    "simulation_import_failed",
                    f"模拟数据块 {chunk.key} 导入失败：{first.code} {first.message_zh}",
                    f"Simulated chunk {chunk.key} was refused by the import: {first.code} {first.message_en}",
                )
            mediations = record_mediations(disputes, as_of, seed)
            titles = record_titles(disputes, as_of, seed, table)
            marker = SimulatedChunk.objects.create(
                signature=summary.signature, key=chunk.key, seed=seed, cases=count
            )
            record(
                Actor.system("zhiyuan simulate province"),
                "simulation.chunk",
                obj=marker,
                after={
                    "signature": summary.signature,
                    "chunk": chunk.key,
                    "seed": seed,
                    "scale": scale,
                    "cases": count,
                    "mediations": mediations,
                    "titles": titles,
                },
            )
        summary.mediations += mediations
        summary.titles += titles
        summary.imported += 1
        summary.cases += count
        if progress:
            progress(chunk, count, False)
    return summary
