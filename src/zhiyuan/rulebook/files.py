"""Reading the shipped files: ``law/params/*.yaml`` and ``reference_data/``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

LEVELS = {"高院": "high", "中院": "intermediate", "基层": "basic"}


def read_params() -> dict[str, dict[str, Any]]:
    """Every ``law/params/*.yaml`` keyed by file stem."""
    folder = resources.files("zhiyuan.law") / "params"
    out: dict[str, dict[str, Any]] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            out[entry.name.removesuffix(".yaml")] = yaml.safe_load(entry.read_text(encoding="utf-8"))
    return out


def _data(name: str) -> str:
    return (resources.files("zhiyuan") / "reference_data" / name).read_text(encoding="utf-8")


def read_case_type_rows() -> Iterator[tuple[str, str, str]]:
    """``(category_code, name, type_code)`` rows of the standard table and the pre-litigation codes."""
    for name in ("spc_case_type_codes.tsv", "pre_litigation_case_types.tsv"):
        for line in _data(name).splitlines():
            if not line or line.startswith("#") or line.startswith("type_code"):
                continue
            cells = line.split("\t")
            yield cells[0], cells[1], cells[2] if len(cells) > 2 else ""


def read_cause_editions() -> list[dict[str, Any]]:
    """The editions of ``causes.yaml``."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the catalogue is ~2,000 nodes
    editions: list[dict[str, Any]] = yaml.load(_data("causes.yaml"), Loader=loader)["editions"]
    return editions


@dataclass(frozen=True, slots=True)
class CourtRow:
    """One court of the derived Guizhou table."""

    code: str
    name: str
    level: str
    parent_code: str | None
    division_code: str
    division_name: str
    alias_codes: tuple[str, ...]
    note: str


def read_courts() -> tuple[list[CourtRow], list[str]]:
    """Courts with a code, and the names of rows skipped because the table gives them none."""
    rows: list[CourtRow] = []
    skipped: list[str] = []
    reader = csv.reader(io.StringIO(_data("guizhou_courts.csv")))
    next(reader)
    for level, name, division, division_name, code, name_now, division_now, code_after, evidence in reader:
        if not code.startswith("黔"):
            skipped.append(name)
            continue
        lvl = LEVELS[level]
        parent = None if lvl == "high" else ("黔" if lvl == "intermediate" else code[:3])
        note = evidence
        if name_now and name_now != division_name:
            note = "; ".join(
                filter(None, [f"renamed {division_name} → {name_now} ({division_now})", evidence])
            )
        rows.append(
            CourtRow(
                code, name, lvl, parent, division, division_name, (code_after,) if code_after else (), note
            )
        )
    return rows, skipped
