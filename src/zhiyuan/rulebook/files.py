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
class CourtName:
    """Another name of a court: a former official name (``until`` the day its division was changed) or a
    form of the current name without the province (``until`` None), so that files and older documents
    naming the court either way find it."""

    name: str
    until: str  # ISO date or ""
    reason: str


@dataclass(frozen=True, slots=True)
class CourtRow:
    """One court of the Guizhou table."""

    code: str
    name: str
    level: str
    parent_code: str | None
    division_code: str
    division_name: str
    alias_codes: tuple[str, ...]
    note: str
    other_names: tuple[CourtName, ...] = ()


PROVINCE = "贵州省"


def _forms(full: str, prefecture: str) -> list[str]:
    """A court's name, without the province, and (a county's court: ``prefecture`` given) with its
    prefecture instead (六盘水市盘州市人民法院)."""
    short = full.removeprefix(PROVINCE)
    found = [full, short]
    if prefecture and not short.startswith(prefecture):
        found.append(prefecture + short)
    return found


def read_courts() -> tuple[list[CourtRow], list[str]]:
    """Courts with a code, and the names of rows skipped because the table gives them none."""
    rows: list[CourtRow] = []
    skipped: list[str] = []
    parents: dict[str, str] = {}
    for cell in csv.DictReader(io.StringIO(_data("guizhou_courts.csv"))):
        code, name = cell["code"], cell["name"]
        if not code.startswith("黔"):
            skipped.append(name)
            continue
        lvl = LEVELS[cell["level"]]
        parent = None if lvl == "high" else ("黔" if lvl == "intermediate" else code[:3])
        if lvl == "intermediate":
            parents[code] = cell["division_name"]
        before, now, when = cell["division_name"], cell["division_name_now"], cell["renamed_on"]
        note = cell["evidence"]
        if now:
            moved = (
                f"renamed {before} → {now} ({cell['division_code_now']}) on {when}: {cell['rename_source']}"
            )
            note = "; ".join(filter(None, [moved, note]))
        elif when:
            formerly = f"formerly {cell['former_names']} (until {when}): {cell['rename_source']}"
            note = "; ".join(filter(None, [formerly, note]))
        prefecture = parents.get(code[:3], "") if lvl == "basic" else ""

        others: dict[str, CourtName] = {}
        for former in filter(None, cell["former_names"].split(";")):
            reason = f"former name, until {when} ({cell['rename_source']})"
            for form in _forms(former, prefecture):
                others.setdefault(form, CourtName(form, when, reason))
        for form in _forms(name, prefecture)[1:]:
            others.setdefault(
                form, CourtName(form, "", "the current name without the province or with the prefecture")
            )
        rows.append(
            CourtRow(
                code,
                name,
                lvl,
                parent,
                cell["division_code"],
                before,
                tuple(filter(None, cell["alias_codes"].split(";"))),
                note,
                tuple(others.values()),
            )
        )
    return rows, skipped
