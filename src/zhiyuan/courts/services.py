"""Writes to reference data. ``load_reference_data`` is idempotent and never undoes an admin's correction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zhiyuan.courts.models import (
    CalendarDay,
    CalendarDayKind,
    CalendarYear,
    CaseType,
    Cause,
    CauseEdition,
    Court,
    CourtAlias,
    CourtNameAlias,
    Provenance,
)
from zhiyuan.law.case_types import CLASSES
from zhiyuan.rulebook import bundled, files

PROTECTED = {Provenance.CORRECTED, Provenance.ADMIN}


@dataclass
class LoadReport:
    """What a load created, updated, kept (admin-corrected) or skipped."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, bucket: dict[str, int], table: str) -> None:
        """Add one to ``bucket[table]``."""
        bucket[table] = bucket.get(table, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"created": self.created, "updated": self.updated, "kept": self.kept, "skipped": self.skipped}


def _upsert(report: LoadReport, table: str, obj: Any, created: bool, values: Mapping[str, Any]) -> None:
    if created:
        report.count(report.created, table)
        return
    if getattr(obj, "provenance", None) in PROTECTED:
        report.count(report.kept, table)
        return
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
        report.count(report.updated, table)


def _load_courts(report: LoadReport) -> None:
    rows, skipped = files.read_courts()
    report.skipped.extend(f"court without a code: {name}" for name in skipped)
    by_code: dict[str, Court] = {}
    for row in rows:  # parents precede children in the table
        values = {
            "name": row.name,
            "level": row.level,
            "parent": by_code.get(row.parent_code or ""),
            "division_code": row.division_code,
            "division_name": row.division_name,
            "note": row.note,
            "provenance": Provenance.DERIVED,
        }
        court, created = Court.objects.get_or_create(code=row.code, defaults=values)
        _upsert(report, "court", court, created, values)
        by_code[row.code] = court
        if court.provenance not in PROTECTED:  # an administrator's court keeps the names they left it
            _load_court_names(report, court, row.other_names)
        for alias in row.alias_codes:
            _, made = CourtAlias.objects.get_or_create(
                code=alias,
                defaults={"court": court, "reason": "code the renamed division would give (Art 13)"},
            )
            if made:
                report.count(report.created, "court_alias")


def _load_court_names(report: LoadReport, court: Court, names: Iterable[files.CourtName]) -> None:
    """A court's other names (former names with the day they ended, short forms): added when missing,
    never changed or removed by a reload; a name another court already holds is reported, not moved."""
    for other in names:
        if other.name == court.name:
            continue
        until = dt.date.fromisoformat(other.until) if other.until else None
        alias, made = CourtNameAlias.objects.get_or_create(
            name=other.name, defaults={"court": court, "until": until, "reason": other.reason}
        )
        if made:
            report.count(report.created, "court_name_alias")
        elif alias.court_id != court.pk:
            report.skipped.append(f"court name {other.name} belongs to another court")


def _load_case_types(report: LoadReport) -> None:
    for category, name, code in files.read_case_type_rows():
        values = {
            "name": name,
            "type_code": code,
            "type_class": CLASSES.get(category[:2], "other"),
            "provenance": Provenance.TRANSCRIBED,
        }
        obj, created = CaseType.objects.get_or_create(category_code=category, defaults=values)
        _upsert(report, "case_type", obj, created, values)


def _flatten_causes(
    nodes: Iterable[Mapping[str, Any]], parent: tuple[str, ...], verified: bool
) -> Iterable[tuple[tuple[str, ...], Mapping[str, Any], bool]]:
    """(path of names, node, verified) in text order, parents before children."""
    for node in nodes:
        path = (*parent, str(node["name"]))
        yield path, node, bool(node.get("verified", verified))
        yield from _flatten_causes(node.get("children", ()), path, verified)


def _load_cause_tree(report: LoadReport, edition: CauseEdition, parts: Iterable[Mapping[str, Any]]) -> None:
    """Create missing nodes and update changed ones in bulk, level by level (a few queries per edition).
    Rows are matched by their path of names; rows an administrator added are left alone."""
    existing = list(Cause.objects.filter(edition=edition))
    by_pk = {c.pk: c for c in existing}
    path_of: dict[int, tuple[str, ...]] = {}

    def path(c: Cause) -> tuple[str, ...]:
        if c.pk not in path_of:
            up = path(by_pk[c.parent_id]) if c.parent_id in by_pk else ()
            path_of[c.pk] = (*up, c.name)
        return path_of[c.pk]

    by_path = {path(c): c for c in existing}
    fields = ("level", "number", "position", "verified", "aliases")
    changed: list[Cause] = []
    pending: dict[int, list[tuple[tuple[str, ...], dict[str, Any]]]] = {}
    for position, (names, node, ok) in enumerate(_flatten_causes(parts, (), bool(edition.verified)), start=1):
        values = {
            "level": len(names),
            "number": node.get("number"),
            "position": position,
            "verified": ok,
            "aliases": [str(a) for a in node.get("formerly") or ()],
        }
        obj = by_path.get(names)
        if obj is None:
            pending.setdefault(len(names), []).append((names, values))
        elif any(getattr(obj, k) != values[k] for k in fields):
            for k in fields:
                setattr(obj, k, values[k])
            changed.append(obj)
    for level in sorted(pending):
        rows = pending[level]
        made = Cause.objects.bulk_create(
            [
                Cause(edition=edition, parent=by_path.get(names[:-1]), name=names[-1], **v)
                for names, v in rows
            ],
            batch_size=500,
        )
        for (names, _), obj in zip(rows, made, strict=True):
            by_path[names] = obj
        if made:
            report.created["cause"] = report.created.get("cause", 0) + len(made)
    if changed:
        Cause.objects.bulk_update(changed, list(fields), batch_size=500)
        report.updated["cause"] = report.updated.get("cause", 0) + len(changed)


def _load_causes(report: LoadReport) -> None:
    for e in files.read_cause_editions():
        values = {
            "title": e["title"],
            "instrument": e["citation"]["instrument"],
            "in_force_from": dt.date.fromisoformat(str(e["in_force_from"])),
            "verified": bool(e.get("verified", True)),
            "complete": bool(e.get("complete", True)),
            "successor": str(e.get("successor") or ""),
            "counts": dict(e.get("counts") or {}),
            "note": str(e.get("note") or ""),
        }
        edition, created = CauseEdition.objects.update_or_create(key=str(e["id"]), defaults=values)
        if created:
            report.count(report.created, "cause_edition")
        _load_cause_tree(report, edition, e["parts"])


def _load_calendar(report: LoadReport) -> None:
    holidays, workdays, years = bundled.package_calendar()
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    new_days = [
        CalendarDay(date=d, kind=kind, name=name, provenance=Provenance.PACKAGE)
        for table, kind in ((holidays, CalendarDayKind.HOLIDAY), (workdays, CalendarDayKind.WORKDAY))
        for d, name in table.items()
        if d not in existing
    ]
    CalendarDay.objects.bulk_create(new_days)
    if new_days:
        report.created["calendar_day"] = len(new_days)
    known_years = set(CalendarYear.objects.values_list("year", flat=True))
    new_years = [
        CalendarYear(year=y, notice="chinese-calendar", provenance=Provenance.PACKAGE)
        for y in sorted(years)
        if y not in known_years
    ]
    CalendarYear.objects.bulk_create(new_years)
    if new_years:
        report.created["calendar_year"] = len(new_years)


@transaction.atomic
def load_reference_data() -> LoadReport:
    """Load every shipped reference table; rows an administrator corrected or entered are kept."""
    report = LoadReport()
    _load_courts(report)
    _load_case_types(report)
    _load_causes(report)
    _load_calendar(report)
    from zhiyuan.courts.selectors import forget_reference

    transaction.on_commit(forget_reference)
    return report
