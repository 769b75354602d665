"""Causes of action (案由), versioned by edition and looked up by filing date.

The 2020 edition (法〔2020〕346号) is in force from 2021-01-01; the 2025 edition (法〔2025〕226号) from
2026-01-01. The catalogue itself is reference data handed in by the loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields

LEVELS = {1: "part", 2: "group", 3: "cause", 4: "sub_cause"}


@dataclass(frozen=True, slots=True)
class Cause:
    """One node of an edition's tree."""

    edition: str
    level: int
    number: int | None
    name: str
    path: tuple[tuple[int, int | None, str], ...]  # (level, number, name) from the part down to this node
    verified: bool

    @property
    def code(self) -> str:
        """Dotted numbers from the part down, ``_`` where a level's number is unknown: ``4.10.103.3``."""
        return ".".join("_" if n is None else str(n) for _, n, _ in self.path)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "edition": self.edition,
            "code": self.code,
            "level": LEVELS[self.level],
            "number": self.number,
            "name": self.name,
            "path": [{"level": LEVELS[lv], "number": n, "name": nm} for lv, n, nm in self.path],
            "verified": self.verified,
        }


@dataclass(frozen=True, slots=True)
class Edition:
    """An edition of the 案由规定 and its causes."""

    id: str
    title: str
    citation: Citation
    in_force_from: dt.date
    causes: tuple[Cause, ...]


def _walk(
    edition: str,
    nodes: Iterable[Mapping[str, Any]],
    level: int,
    parent: tuple[tuple[int, int | None, str], ...],
    verified: bool,
) -> Iterable[Cause]:
    for node in nodes:
        number = node.get("number")
        path = (*parent, (level, number, str(node["name"])))
        ok = verified and bool(node.get("verified", True))
        yield Cause(edition, level, number, str(node["name"]), path, ok)
        yield from _walk(edition, node.get("children", ()), level + 1, path, ok)


class CauseCatalog:
    """All editions; ``edition_on(date)`` picks the one in force."""

    def __init__(self, editions: Iterable[Mapping[str, Any]]) -> None:
        built = []
        for e in editions:
            causes = tuple(_walk(str(e["id"]), e["parts"], 1, (), bool(e.get("verified", True))))
            built.append(
                Edition(
                    str(e["id"]),
                    str(e["title"]),
                    Citation.from_mapping(e["citation"]),
                    dt.date.fromisoformat(str(e["in_force_from"])),
                    causes,
                )
            )
        self.editions = tuple(sorted(built, key=lambda e: e.in_force_from))

    def edition_on(self, on: dt.date) -> Edition:
        """The edition in force on ``on``."""
        current = None
        for e in self.editions:
            if e.in_force_from <= on:
                current = e
        if current is None:
            first = self.editions[0].in_force_from.isoformat() if self.editions else "-"
            raise LawError(
                "no_cause_edition",
                f"{on.isoformat()} 适用的案由规定版本未收录（最早收录版本自 {first} 起施行）。",
                f"No cause-of-action edition is loaded for {on.isoformat()} (the earliest starts {first}).",
            )
        return current

    def search(self, query: str, on: dt.date) -> tuple[Edition, list[Cause]]:
        """Causes whose name contains ``query`` (exact names first); the parts when ``query`` is empty."""
        edition = self.edition_on(on)
        q = query.strip()
        if not q:
            return edition, [c for c in edition.causes if c.level == 1]
        hits = [c for c in edition.causes if q in c.name]
        hits.sort(key=lambda c: (c.name != q, c.level, len(c.name)))
        return edition, hits


def lookup(facts: object, catalog: CauseCatalog) -> dict[str, Any]:
    """``zhiyuan law cause``: ``{"query", "on"}`` → matching causes with edition, code path and name."""
    data = require_fields(facts, "on")
    query = data.get("query") or ""
    if not isinstance(query, str):
        raise LawError("query_not_string", "query 必须是字符串。", "'query' must be a string.")
    on = parse_date(data["on"], "on")
    edition, hits = catalog.search(query, on)
    return {
        "query": query,
        "on": on.isoformat(),
        "edition": {
            "id": edition.id,
            "title": edition.title,
            "in_force_from": edition.in_force_from.isoformat(),
        },
        "count": len(hits),
        "matches": [c.as_dict() for c in hits],
        **cite([edition.citation]),
    }
