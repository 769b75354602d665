"""Citations: which instrument and article a result rests on, and whether that was verified."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Citation:
    """One legal source. ``verified`` is False for facts marked UNVERIFIED in the research notes."""

    instrument: str
    article: str = ""
    note: str = ""
    verified: bool = True

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Citation:
        """Build from a parameter file's ``citation`` entry."""
        return cls(
            instrument=str(data["instrument"]),
            article=str(data.get("article", "")),
            note=str(data.get("note", "")),
            verified=bool(data.get("verified", True)),
        )

    def text(self) -> str:
        """Human-readable form, e.g. ``《诉讼费用交纳办法》第十三条`` (with a marker when unverified)."""
        body = f"{self.instrument}{self.article}"
        return body if self.verified else f"{body}（未核实 UNVERIFIED）"

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {
            "instrument": self.instrument,
            "article": self.article,
            "verified": self.verified,
        }
        if self.note:
            out["note"] = self.note
        return out


def cite(citations: Iterable[Citation]) -> dict[str, Any]:
    """The ``citation`` (one line) and ``citations`` (structured) fields of a rule result."""
    unique: list[Citation] = []
    for c in citations:
        if c not in unique:
            unique.append(c)
    return {"citation": "；".join(c.text() for c in unique), "citations": [c.as_dict() for c in unique]}


CIVIL_CODE_PERIODS = Citation("《中华人民共和国民法典》", "第二百零一条至第二百零三条")
