"""Causes of action (案由), versioned by edition and looked up by filing date.

Editions: 2011 (法〔2011〕41号, in force 2011-04-01; first level only, its text was not found), 2020
(法〔2020〕346号, from 2021-01-01) and 2025 (法〔2025〕226号, from 2026-01-01). The catalogue itself is
reference data handed in by the loader. A name is resolved in the edition in force on the date, by its
name or by a former name (``formerly``); where that edition's list is incomplete, through its successor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields

LEVELS = {1: "part", 2: "group", 3: "cause", 4: "sub_cause"}

#: how a match was found: by its name, by a former name, or in the successor of an incomplete edition
MATCHED = ("name", "alias", "successor")


@dataclass(frozen=True, slots=True)
class Cause:
    """One node of an edition's tree."""

    edition: str
    level: int
    number: int | None
    name: str
    path: tuple[tuple[int, int | None, str], ...]  # (level, number, name) from the part down to this node
    verified: bool
    aliases: tuple[str, ...] = ()  # former names (the previous edition's)
    ref: int | None = None  # the database row, when the catalogue was built from the database

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
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True, slots=True)
class Edition:
    """An edition of the 案由规定 and its causes."""

    id: str
    title: str
    citation: Citation
    in_force_from: dt.date
    causes: tuple[Cause, ...]
    verified: bool = False
    complete: bool = True
    successor: str | None = None
    counts: Mapping[str, int | None] | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form (without the causes)."""
        return {
            "id": self.id,
            "title": self.title,
            "in_force_from": self.in_force_from.isoformat(),
            "verified": self.verified,
            "complete": self.complete,
            "successor": self.successor,
            "counts": dict(self.counts or {}),
            "loaded": {LEVELS[lv]: sum(1 for c in self.causes if c.level == lv) for lv in LEVELS},
        }


@dataclass(frozen=True, slots=True)
class Match:
    """A cause found for a name, and how."""

    cause: Cause
    matched: str  # one of MATCHED
    via: str  # the name or former name that matched


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
        ok = bool(node.get("verified", verified))
        aliases = tuple(str(a) for a in node.get("formerly") or ())
        ref = node.get("ref")
        yield Cause(edition, level, number, str(node["name"]), path, ok, aliases, ref)
        yield from _walk(edition, node.get("children", ()), level + 1, path, verified)


class CauseCatalog:
    """All editions; ``edition_on(date)`` picks the one in force, ``resolve`` finds a name."""

    def __init__(self, editions: Iterable[Mapping[str, Any]]) -> None:
        built = []
        for e in editions:
            verified = bool(e.get("verified", False))
            causes = tuple(_walk(str(e["id"]), e["parts"], 1, (), verified))
            citation = Citation.from_mapping(e["citation"])
            if not verified:
                citation = replace(citation, verified=False)
            built.append(
                Edition(
                    str(e["id"]),
                    str(e["title"]),
                    citation,
                    dt.date.fromisoformat(str(e["in_force_from"])),
                    causes,
                    verified,
                    bool(e.get("complete", True)),
                    str(e["successor"]) if e.get("successor") else None,
                    e.get("counts"),
                )
            )
        self.editions = tuple(sorted(built, key=lambda e: e.in_force_from))
        self._by_id = {e.id: e for e in self.editions}
        self._names: dict[str, dict[str, list[Cause]]] = {}
        self._former: dict[str, dict[str, list[Cause]]] = {}
        for ed in self.editions:
            names: dict[str, list[Cause]] = {}
            former: dict[str, list[Cause]] = {}
            for c in ed.causes:
                names.setdefault(c.name, []).append(c)
                for a in c.aliases:
                    former.setdefault(a, []).append(c)
            self._names[ed.id], self._former[ed.id] = names, former

    def edition(self, edition_id: str) -> Edition | None:
        """The edition of that id."""
        return self._by_id.get(edition_id)

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

    def _chain(self, edition: Edition) -> list[Edition]:
        """The edition, then its successors while the previous one is incomplete."""
        chain = [edition]
        while not chain[-1].complete and chain[-1].successor:
            nxt = self._by_id.get(chain[-1].successor or "")
            if nxt is None or nxt in chain:
                break
            chain.append(nxt)
        return chain

    def _exact(self, edition: Edition, name: str) -> list[Match]:
        hits = [Match(c, "name", name) for c in self._names[edition.id].get(name, ())]
        if not hits:
            hits = [Match(c, "alias", name) for c in self._former[edition.id].get(name, ())]
        return hits

    def resolve(self, name: str, on: dt.date) -> tuple[Edition, list[Match]]:
        """Causes of exactly this name (or former name) in the edition in force on ``on``; through the
        successor when that edition's list is incomplete. Text order: the first is the one to link."""
        edition = self.edition_on(on)
        q = name.strip()
        chain = self._chain(edition)
        for at, e in enumerate(chain):
            hits = self._exact(e, q)
            if hits:
                if at:
                    hits = [Match(m.cause, "successor", m.via) for m in hits]
                return edition, hits
        return edition, []

    def successors(self, cause: Cause) -> list[Cause]:
        """The same cause in the later editions (same name, or a cause naming it as a former name)."""
        out: list[Cause] = []
        current = cause
        for e in self.editions:
            if e.in_force_from <= self._by_id[current.edition].in_force_from:
                continue
            nxt = self._names[e.id].get(current.name) or self._former[e.id].get(current.name)
            if not nxt:
                break
            current = nxt[0]
            out.append(current)
        return out

    def search(self, query: str, on: dt.date) -> tuple[Edition, list[Match]]:
        """Causes whose name (or former name) contains ``query``, exact names first; the parts when
        ``query`` is empty. An incomplete edition is searched through its successor for what it lacks."""
        edition = self.edition_on(on)
        q = query.strip()
        if not q:
            return edition, [Match(c, "name", c.name) for c in edition.causes if c.level == 1]
        for at, e in enumerate(self._chain(edition)):
            hits: list[Match] = []
            for c in e.causes:
                if q in c.name:
                    hits.append(Match(c, "successor" if at else "name", c.name))
                else:
                    former = next((a for a in c.aliases if q in a), None)
                    if former is not None:
                        hits.append(Match(c, "successor" if at else "alias", former))
            if hits:
                hits.sort(key=lambda m: (m.via != q, m.matched != "name", m.cause.level, len(m.cause.name)))
                return edition, hits
        return edition, []


def _match_dict(catalog: CauseCatalog, m: Match) -> dict[str, Any]:
    out = m.cause.as_dict()
    out["matched"] = m.matched
    out["matched_name"] = m.via
    out["successors"] = [
        {"edition": s.edition, "code": s.code, "name": s.name} for s in catalog.successors(m.cause)
    ]
    return out


def lookup(facts: object, catalog: CauseCatalog) -> dict[str, Any]:
    """``zhiyuan law cause``: ``{"query", "on"}`` → matching causes with edition, code path and name."""
    data = require_fields(facts, "on")
    query = data.get("query") or ""
    if not isinstance(query, str):
        raise LawError("query_not_string", "query 必须是字符串。", "'query' must be a string.")
    on = parse_date(data["on"], "on")
    edition, hits = catalog.search(query, on)
    citations = [edition.citation]
    for m in hits:
        cited = catalog.edition(m.cause.edition)
        if cited is not None and cited.citation not in citations:
            citations.append(cited.citation)
    return {
        "query": query,
        "on": on.isoformat(),
        "edition": edition.as_dict(),
        "count": len(hits),
        "matches": [_match_dict(catalog, m) for m in hits],
        **cite(citations),
    }
