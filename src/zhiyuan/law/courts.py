"""The court tree as data: each court's code, name, level and the court above it.

The law core reads no tables; the loaders (``zhiyuan.rulebook``: the shipped file, or the database once
``zhiyuan setup`` ran) hand the tree in through :class:`~zhiyuan.law.reference.Reference`. A court's other
codes (e.g. the code a renamed county's division would give, 案号规定 Art 13) find the same court.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LEVELS = ("supreme", "high", "intermediate", "basic", "special")


@dataclass(frozen=True, slots=True)
class CourtNode:
    """One court: ``parent`` is the code of the court directly above it (None for the top)."""

    code: str
    name: str
    level: str
    parent: str | None = None


class CourtTree:
    """Courts by code (and alias code), with the way up the hierarchy."""

    def __init__(self, courts: Iterable[CourtNode] = (), aliases: Mapping[str, str] | None = None) -> None:
        self._courts = {c.code: c for c in courts}
        self._aliases = {a: code for a, code in (aliases or {}).items() if code in self._courts}

    def __len__(self) -> int:
        return len(self._courts)

    def find(self, code: str) -> CourtNode | None:
        """The court with this code or alias code, or None."""
        key = code.strip()
        return self._courts.get(key) or self._courts.get(self._aliases.get(key, ""))

    def above(self, court: CourtNode, level: str) -> CourtNode | None:
        """The first court of ``level`` on the way up from ``court`` (``court`` itself included)."""
        seen: set[str] = set()
        node: CourtNode | None = court
        while node is not None and node.code not in seen:
            if node.level == level:
                return node
            seen.add(node.code)
            node = self._courts.get(node.parent) if node.parent else None
        return None
