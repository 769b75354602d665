"""Bulk import of the register (docs/organizations-import.md): one table of organization and mediator
rows, CSV or XLSX, idempotent by code, all or nothing unless ``skip_invalid``. The export, in the same
format, is ``organizations_export``.

Rows are checked on their own first (types, codes), then against each other and the database (parents,
organizations of mediators, cycles, court scope); with ``skip_invalid`` a row that depends on an invalid
row is invalid too. The write is one transaction of bulk statements and one audit entry listing what was
created and what changed (field by field).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from zhiyuan.audit.services import Actor, record
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.courts.organizations import (
    Known,
    MediatorIn,
    OrganizationIn,
    Problem,
    UnitRef,
    mediator_problems,
    mediator_values,
    organization_problems,
    organization_values,
    split_list,
)
from zhiyuan.inputs.files import read_table
from zhiyuan.inputs.report import FileProblem, Issue
from zhiyuan.inputs.report import ImportReport as Report
from zhiyuan.inputs.text import control_character_error, first_forbidden

COLUMNS = (
    "record",
    "code",
    "name",
    "kind",
    "court",
    "parent",
    "organization",
    "regions",
    "focus_types",
    "capacity",
    "contact",
    "active",
)
REQUIRED = ("record", "code", "name")
RECORDS = {
    "organization": "organization",
    "组织": "organization",
    "mediator": "mediator",
    "调解员": "mediator",
}
#: columns a mediator row must leave empty
ORGANIZATION_ONLY = ("kind", "court", "parent", "regions", "contact")
TRUE = {"", "1", "true", "yes", "y", "是", "有效"}
FALSE = {"0", "false", "no", "n", "否", "无效"}


@dataclass
class RegisterImportReport(Report[dict[str, int]]):
    """What a register import found and did: ``created`` and ``updated`` count organizations and mediators."""

    created: dict[str, int] = field(default_factory=lambda: {"organizations": 0, "mediators": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"organizations": 0, "mediators": 0})


#: the report of a register import (the name this module has always exported)
ImportReport = RegisterImportReport


def _table(data: bytes, filename: str, report: RegisterImportReport) -> list[list[str]]:
    """The file's rows (header first), its encoding noted in ``report``."""
    table = read_table(data, filename)
    report.encoding = table.encoding
    rows: list[list[str]] = []
    try:
        rows.extend(table.rows)
    except csv.Error as exc:
        raise FileProblem(
            Issue(len(rows) + 1, None, "file_unreadable", f"CSV 格式错误：{exc}", f"Malformed CSV: {exc}")
        ) from None
    return rows


@dataclass
class _Row:
    number: int
    record: str
    data: OrganizationIn | MediatorIn
    problems: list[Problem] = field(default_factory=list)


def _header(cells: list[str]) -> dict[str, int]:
    names = [c.strip().lower() for c in cells]
    unknown = [n for n in names if n and n not in COLUMNS]
    if unknown:
        listed = ", ".join(unknown)
        raise FileProblem(
            Issue(1, None, "column_unknown", f"未知列：{listed}", f"unknown column(s): {listed}")
        )
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        listed = ", ".join(missing)
        raise FileProblem(
            Issue(1, None, "column_missing", f"缺少必需列：{listed}", f"missing required column(s): {listed}")
        )
    return {n: i for i, n in enumerate(names) if n}


def _parse(number: int, raw: Mapping[str, str]) -> _Row:
    problems: list[Problem] = []
    for column, value in raw.items():  # every column is one line of text
        bad = first_forbidden(value)
        if bad is not None:
            refused = control_character_error(column, *bad)
            problems.append(Problem(column, refused.code, refused.message_zh, refused.message_en))
    kind = RECORDS.get(raw.get("record", "").lower())
    if kind is None:
        problems.append(
            Problem(
                "record",
                "record_unknown",
                f"记录类型“{raw.get('record', '')}”无效：须为 organization 或 mediator",
                f"invalid record '{raw.get('record', '')}': use organization or mediator",
            )
        )
        kind = "organization"
    capacity_text = raw.get("capacity", "") or "0"
    capacity = int(capacity_text) if capacity_text.isdigit() else -1
    if capacity < 0:
        problems.append(
            Problem(
                "capacity",
                "capacity_invalid",
                f"同时受理上限“{capacity_text}”须为非负整数",
                f"capacity '{capacity_text}' must be a whole number ≥ 0",
            )
        )
        capacity = 0
    active_text = raw.get("active", "").lower()
    if active_text not in TRUE | FALSE:
        problems.append(
            Problem(
                "active",
                "active_invalid",
                f"有效标志“{active_text}”无效：须为 true/false（是/否）",
                f"invalid active flag '{active_text}': use true/false",
            )
        )
    active = active_text not in FALSE
    focus = split_list(raw.get("focus_types", ""))
    data: OrganizationIn | MediatorIn
    if kind == "mediator":
        for column in ORGANIZATION_ONLY:
            if raw.get(column):
                problems.append(
                    Problem(
                        column,
                        "column_not_applicable",
                        f"调解员行不填“{column}”列",
                        f"a mediator row leaves '{column}' empty",
                    )
                )
        data = MediatorIn(raw["code"], raw["name"], raw.get("organization", ""), focus, capacity, active)
    else:
        if raw.get("organization"):
            problems.append(
                Problem(
                    "organization",
                    "column_not_applicable",
                    "组织行不填“organization”列（上级组织填 parent）",
                    "an organization row leaves 'organization' empty (the parent goes in 'parent')",
                )
            )
        data = OrganizationIn(
            code=raw["code"],
            name=raw["name"],
            kind=raw.get("kind", ""),
            court=raw.get("court", ""),
            parent=raw.get("parent", ""),
            regions=split_list(raw.get("regions", "")),
            focus_types=focus,
            capacity=capacity,
            contact=raw.get("contact", ""),
            active=active,
        )
    return _Row(number, kind, data, problems)


def read_rows(data: bytes, filename: str, report: RegisterImportReport | None = None) -> list[_Row]:
    """Parse the file into rows with their own problems (no database look-ups); the CSV's encoding is
    noted in ``report``."""
    table = _table(data, filename, report if report is not None else RegisterImportReport())
    while table and not any(table[-1]):
        table.pop()
    if not table:
        raise FileProblem(Issue(None, None, "file_empty", "文件为空", "the file is empty"))
    header = _header(table[0])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        raw = {c: (cells[i].strip() if i < len(cells) else "") for c, i in header.items()}
        rows.append(_parse(number, raw))
    return rows


def _check(rows: list[_Row], court_scope: set[str] | None, skip_invalid: bool) -> None:
    """Cross-row and database checks; with ``skip_invalid``, invalidity spreads to dependent rows."""
    seen: dict[str, int] = {}
    for row in rows:
        key = f"{row.record}:{row.data.code}"
        if key in seen:
            row.problems.append(
                Problem(
                    "code",
                    "code_duplicate",
                    f"编码“{row.data.code}”与第 {seen[key]} 行重复",
                    f"code '{row.data.code}' repeats row {seen[key]}",
                )
            )
        else:
            seen[key] = row.number
    orgs = [r for r in rows if r.record == "organization"]
    mediators = [r for r in rows if r.record == "mediator"]
    codes = {r.data.code for r in rows} | {getattr(r.data, "parent", "") for r in orgs}
    codes |= {getattr(r.data, "organization", "") for r in mediators}
    known = Known.from_database(codes - {""})
    existing_courts = dict(known.units)
    existing_mediators = dict(
        Mediator.objects.filter(code__in=[r.data.code for r in mediators]).values_list(
            "code", "organization__court__code"
        )
    )
    for row in orgs:
        d = row.data
        assert isinstance(d, OrganizationIn)
        known.units[d.code] = UnitRef(d.code, d.kind, d.court, d.parent)
    for row in orgs:
        assert isinstance(row.data, OrganizationIn)
        row.problems += organization_problems(row.data, known)
    for row in mediators:
        row.problems += mediator_problems(row.data, known.units)  # type: ignore[arg-type]
    if court_scope is not None:
        for row in rows:
            if isinstance(row.data, OrganizationIn):
                courts = {row.data.court, existing_courts.get(row.data.code, UnitRef("", "", "")).court}
            else:
                unit = known.units.get(row.data.organization)
                courts = {unit.court if unit else "", existing_mediators.get(row.data.code, "")}
            outside = sorted(c for c in courts - {""} if c not in court_scope)
            if outside:
                row.problems.append(
                    Problem(
                        "court",
                        "court_out_of_scope",
                        f"无权维护法院 {'、'.join(outside)} 的调解组织",
                        f"you do not maintain the organizations of court {', '.join(outside)}",
                    )
                )
    if not skip_invalid:
        return
    changed = True
    while changed:  # an organization row whose parent row is invalid is invalid, and so are its mediators
        bad = {r.data.code for r in orgs if r.problems}
        changed = False
        for row in rows:
            if row.problems:
                continue
            ref = row.data.parent if isinstance(row.data, OrganizationIn) else row.data.organization
            if ref in bad:
                column = "parent" if isinstance(row.data, OrganizationIn) else "organization"
                row.problems.append(
                    Problem(
                        column,
                        "depends_on_invalid_row",
                        f"所依赖的组织“{ref}”所在行无效",
                        f"the row of organization '{ref}' it depends on is invalid",
                    )
                )
                changed = True


def import_file(
    source: Path | bytes,
    *,
    filename: str = "",
    who: Actor | None = None,
    court_scope: set[str] | None = None,
    skip_invalid: bool = False,
) -> RegisterImportReport:
    """Import a register file. ``court_scope`` limits the courts whose organizations may be written (None:
    any, the operator's command line). Nothing is written when a row is invalid, unless ``skip_invalid``."""
    if isinstance(source, Path):
        filename = filename or source.name
        source = source.read_bytes()
    report = RegisterImportReport()
    try:
        rows = read_rows(source, filename, report)
    except FileProblem as exc:
        report.errors.append(exc.issue)
        return report
    report.rows = len(rows)
    _check(rows, court_scope, skip_invalid)
    for row in rows:
        report.errors += [
            Issue(row.number, p.field, p.code, p.message_zh, p.message_en) for p in row.problems
        ]
    bad = [r for r in rows if r.problems]
    report.invalid = len(bad)
    if bad and not skip_invalid:
        return report
    good = [r for r in rows if not r.problems]
    apply(
        who or Actor.system("zhiyuan organizations import"),
        [r.data for r in good if isinstance(r.data, OrganizationIn)],
        [r.data for r in good if isinstance(r.data, MediatorIn)],
        report,
        action="courts.organizations.import",
        note={"file": filename},
    )
    return report


def depth(code: str, parents: Mapping[str, str]) -> int:
    """How many ancestors ``code`` has in ``parents`` (code → parent code)."""
    depth, at = 0, parents.get(code, "")
    while at and depth < 64:
        depth, at = depth + 1, parents.get(at, "")
    return depth


def apply(
    who: Actor,
    organizations: list[OrganizationIn],
    mediators: list[MediatorIn],
    report: RegisterImportReport,
    *,
    action: str,
    note: Mapping[str, Any] | None = None,
) -> None:
    """Write validated rows in one transaction: create the new, update the changed, leave the unchanged
    (no write, no audit); one audit entry lists the created codes and each changed field."""
    changes: dict[str, dict[str, Any]] = {}
    created: list[str] = []
    with transaction.atomic():
        courts = dict(Court.objects.values_list("code", "pk"))
        by_code = {
            o.code: o
            for o in PartnerOrganization.objects.select_related("court", "parent").filter(
                code__in=[d.code for d in organizations] + [d.parent for d in organizations if d.parent]
            )
        }
        new = [  # created without parents first, so that parents need no order; parents set below
            PartnerOrganization(code=d.code, name=d.name.strip(), kind=d.kind, court_id=courts[d.court])
            for d in organizations
            if d.code not in by_code
        ]
        PartnerOrganization.objects.bulk_create(new)
        by_code.update({o.code: o for o in new})
        new_codes = {o.code for o in new}
        parents = {d.code: d.parent for d in organizations}
        dirty: list[PartnerOrganization] = []
        for d in sorted(organizations, key=lambda d: (depth(d.code, parents), d.code)):
            org = by_code[d.code]
            is_new = d.code in new_codes
            before = None if is_new else organization_values(org)
            org.name, org.kind, org.contact = d.name.strip(), d.kind, d.contact.strip()
            org.parent = by_code.get(d.parent) if d.parent else None
            if d.parent and org.parent is None:
                org.parent = PartnerOrganization.objects.get(code=d.parent)
            org.regions, org.focus_types = list(d.regions), list(d.focus_types)
            org.capacity, org.active = d.capacity, d.active
            org.court = Court(pk=courts[d.court], code=d.court)
            after = organization_values(org)
            _count(report, "organizations", is_new, before, after, changes, created, org.code, dirty, org)
        PartnerOrganization.objects.bulk_update(
            dirty,
            ["name", "kind", "court", "parent", "regions", "focus_types", "capacity", "contact", "active"],
            batch_size=500,
        )
        orgs = dict(
            PartnerOrganization.objects.filter(code__in=[m.organization for m in mediators]).values_list(
                "code", "pk"
            )
        )
        existing = {
            m.code: m
            for m in Mediator.objects.select_related("organization").filter(
                code__in=[d.code for d in mediators]
            )
        }
        fresh: list[Mediator] = []
        changed_mediators: list[Mediator] = []
        for md in mediators:
            m = existing.get(md.code) or Mediator(code=md.code)
            before = mediator_values(m) if md.code in existing else None
            m.organization = PartnerOrganization(pk=orgs[md.organization], code=md.organization)
            m.name, m.focus_types, m.capacity, m.active = (
                md.name.strip(),
                list(md.focus_types),
                md.capacity,
                md.active,
            )
            bucket = changed_mediators if md.code in existing else fresh
            _count(
                report,
                "mediators",
                md.code not in existing,
                before,
                mediator_values(m),
                changes,
                created,
                f"mediator:{md.code}",
                bucket,
                m,
            )
        Mediator.objects.bulk_create(fresh, batch_size=500)
        Mediator.objects.bulk_update(
            changed_mediators, ["organization", "name", "focus_types", "capacity", "active"], batch_size=500
        )
        if created or changes:
            record(
                who,
                action,
                object_type="courts.partnerorganization",
                after={
                    **(note or {}),
                    "created": report.created,
                    "updated": report.updated,
                    "created_codes": created,
                    "changes": changes,
                },
            )
        report.written = True


def _count(
    report: RegisterImportReport,
    table: str,
    is_new: bool,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    changes: dict[str, dict[str, Any]],
    created: list[str],
    key: str,
    bucket: list[Any],
    obj: Any,
) -> None:
    if is_new:
        report.created[table] += 1
        created.append(key)
        bucket.append(obj)
        return
    assert before is not None
    diff = {k: [before[k], v] for k, v in after.items() if before.get(k) != v}
    if not diff:
        report.unchanged += 1
        return
    report.updated[table] += 1
    changes[key] = diff
    bucket.append(obj)
