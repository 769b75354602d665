"""Effective-dated parameters (rates, periods, thresholds) with their citations.

A parameter file maps names to entries::

    name:
      description_zh: ...
      description_en: ...
      citation: {instrument: ..., article: ..., verified: true}
      values:
        - {from: 2014-08-01, value: ...}

Parsing is pure; reading the files is the loader's job (``zhiyuan.rulebook``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zhiyuan.law.citations import Citation
from zhiyuan.law.errors import LawError


@dataclass(frozen=True, slots=True)
class Parameter:
    """One named parameter and its dated values (ascending by start date)."""

    name: str
    citation: Citation
    values: tuple[tuple[dt.date, Any], ...]
    description_zh: str = ""
    description_en: str = ""

    def at(self, on: dt.date | None) -> Any:
        """Value in force on ``on``; the latest value when ``on`` is None."""
        if on is None:
            return self.values[-1][1]
        current = None
        for start, value in self.values:
            if start <= on:
                current = value
        if current is None:
            first = self.values[0][0].isoformat()
            raise LawError(
                "parameter_not_in_force",
                f"参数“{self.name}”在 {on.isoformat()} 尚未生效（最早 {first}）。",
                f"Parameter '{self.name}' is not in force on {on.isoformat()} (earliest {first}).",
            )
        return current

    def changes_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Start dates of values that take effect strictly after ``start`` and on or before ``end``."""
        return [d for d, _ in self.values if start < d <= end]


class ParameterBook:
    """All parameters by name, parsed from one or more mappings (one per params file)."""

    def __init__(self, files: Mapping[str, Mapping[str, Any]]) -> None:
        self._params: dict[str, Parameter] = {}
        for file_name, entries in files.items():
            for name, entry in entries.items():
                key = f"{file_name}.{name}"
                values = sorted((_as_date(v["from"]), v["value"]) for v in entry["values"])
                self._params[key] = Parameter(
                    name=key,
                    citation=Citation.from_mapping(entry["citation"]),
                    values=tuple(values),
                    description_zh=str(entry.get("description_zh", "")),
                    description_en=str(entry.get("description_en", "")),
                )

    def __getitem__(self, key: str) -> Parameter:
        return self._params[key]

    def __contains__(self, key: object) -> bool:
        return key in self._params

    def names(self, prefix: str = "") -> list[str]:
        """Parameter names, optionally those under ``prefix`` (e.g. ``"deadlines."``)."""
        return sorted(k for k in self._params if k.startswith(prefix))


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
