"""Build a :class:`Reference` from the shipped files (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache

from zhiyuan.law.calendar import LegalCalendar
from zhiyuan.law.case_numbers import CaseNumberRef
from zhiyuan.law.case_types import CaseTypeCatalog
from zhiyuan.law.causes import CauseCatalog
from zhiyuan.law.courts import CourtNode, CourtTree
from zhiyuan.law.parameters import ParameterBook
from zhiyuan.law.reference import Reference
from zhiyuan.rulebook import files


def package_calendar() -> tuple[dict[dt.date, str], dict[dt.date, str], frozenset[int]]:
    """Holidays and make-up working days from ``chinese-calendar``, and the years it covers."""
    from chinese_calendar import constants

    holidays = dict(constants.holidays)
    workdays = dict(constants.workdays)
    years = {d.year for d in holidays}
    return holidays, workdays, frozenset(range(min(years), max(years) + 1))


@cache
def _region_db() -> object:
    from stdnum import numdb

    return numdb.get("cn/loc")


def region_lookup(code: str) -> Mapping[str, str]:
    """stdnum's region table (GB/T 2260 codes with validity years), merged into one mapping."""
    results = _region_db().info(code)  # type: ignore[attr-defined]
    return {k: v for _part, props in results for k, v in props.items()}


def build_reference(
    *,
    holidays: Iterable[dt.date],
    workdays: Iterable[dt.date],
    published_years: Iterable[int],
    court_names: Mapping[str, str],
    case_type_rows: Iterable[tuple[str, str, str]],
    cause_editions: Iterable[Mapping[str, object]],
    courts: Iterable[CourtNode],
    court_aliases: Mapping[str, str],
) -> Reference:
    """Assemble a :class:`Reference`; shared by the file and database loaders."""
    params = ParameterBook(files.read_params())
    specialized = frozenset(params["case_numbers.specialized_codes"].at(None))
    legacy = params["case_numbers.legacy_court_abbreviations"]
    return Reference(
        params=params,
        calendar=LegalCalendar(frozenset(holidays), frozenset(workdays), frozenset(published_years)),
        case_numbers=CaseNumberRef(
            CaseTypeCatalog(case_type_rows),
            dict(court_names),
            specialized,
            {str(k): str(v) for k, v in legacy.at(None).items()},
            legacy.citation,
        ),
        causes=CauseCatalog(cause_editions),
        regions=region_lookup,
        courts=CourtTree(courts, court_aliases),
    )


def court_names_from_files() -> dict[str, str]:
    """Court code (and alias code) → name, from the shipped table."""
    courts, _ = files.read_courts()
    names: dict[str, str] = {}
    for c in courts:
        names[c.code] = c.name
        for alias in c.alias_codes:
            names.setdefault(alias, c.name)
    return names


def court_tree_from_files() -> tuple[list[CourtNode], dict[str, str]]:
    """The courts of the shipped table with the court above each, and alias code → court code."""
    rows, _ = files.read_courts()
    nodes = [CourtNode(c.code, c.name, c.level, c.parent_code) for c in rows]
    aliases = {alias: c.code for c in rows for alias in c.alias_codes}
    return nodes, aliases


@cache
def reference() -> Reference:
    """The reference built from the shipped files only."""
    holidays, workdays, years = package_calendar()
    courts, aliases = court_tree_from_files()
    return build_reference(
        holidays=holidays,
        workdays=workdays,
        published_years=years,
        court_names=court_names_from_files(),
        case_type_rows=list(files.read_case_type_rows()),
        cause_editions=files.read_cause_editions(),
        courts=courts,
        court_aliases=aliases,
    )
