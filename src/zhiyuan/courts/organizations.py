"""The register of mediation organizations and mediators (调解组织与调解员名册): validation, writes and reads.

Courts is layer 1: the functions here take an audit :class:`Actor` and the courts an actor may maintain;
authorization (``mediation:organizations``) and court scoping happen in the mediation app's register
services before these run. Every write is audited in the caller's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet

from zhiyuan.audit.services import Actor, record
from zhiyuan.courts.models import Court, Mediator, PartnerKind, PartnerOrganization
from zhiyuan.law.errors import LawError

#: the default focus-type ids (issue #5); the configured list is the mediation app's focus_types.yaml
DEFAULT_FOCUS_TYPES = (
    "family",
    "neighbour",
    "small_debt",
    "consumer",
    "traffic",
    "medical",
    "property_management",
    "labour",
    "finance",
    "private_lending",
    "sales",
    "other",
)
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
#: codes the register pages' addresses use (/mediation/organizations/new/, …/import/)
RESERVED_CODES = frozenset({"new", "import"})
#: a division code or a prefix of one: province (2), city (4), county (6), township (9), village (12)
REGION = re.compile(r"^(?:\d{2}|\d{4}|\d{6}(?:\d{3}){0,2})$")
#: kinds that must sit under a unit of a given kind (网格单元 → 综治中心, 法官工作站 → 人民法庭)
PARENT_REQUIRED: dict[str, frozenset[str]] = {
    PartnerKind.GRID_UNIT: frozenset({PartnerKind.GOVERNANCE_CENTER}),
    PartnerKind.WORKSTATION: frozenset({PartnerKind.TRIBUNAL}),
}
#: kinds that never have units of their own
LEAF_KINDS = frozenset({PartnerKind.GRID_UNIT, PartnerKind.WORKSTATION})
#: local units of a basic court's area (分调裁执 one-stop model): preferred for disputes in their area
LOCAL_KINDS = frozenset(
    {PartnerKind.TRIBUNAL, PartnerKind.WORKSTATION, PartnerKind.GOVERNANCE_CENTER, PartnerKind.GRID_UNIT}
)
LIST_SEPARATORS = re.compile(r"[;；、,，\s]+")


@cache
def known_focus_types() -> tuple[str, ...]:
    """The configured focus-type ids: the mediation app's ``focus_types.yaml`` when present (read by path,
    since courts sits below mediation), else :data:`DEFAULT_FOCUS_TYPES`."""
    try:
        path = Path(apps.get_app_config("mediation").path) / "focus_types.yaml"
    except LookupError:
        return DEFAULT_FOCUS_TYPES
    if not path.is_file():
        return DEFAULT_FOCUS_TYPES
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, Mapping):
        data = data.get("focus_types", data.get("types", list(data)))
    ids: list[str] = []
    for item in data if isinstance(data, Iterable) else ():
        if isinstance(item, str):
            ids.append(item)
        elif isinstance(item, Mapping) and "id" in item:
            ids.append(str(item["id"]))
    return tuple(ids) or DEFAULT_FOCUS_TYPES


def split_list(text: str) -> tuple[str, ...]:
    """``"520102;520103"`` (also ；、, and spaces) → a tuple without blanks or repeats, in order."""
    return tuple(dict.fromkeys(p for p in LIST_SEPARATORS.split(text.strip()) if p))


@dataclass(frozen=True, slots=True)
class Problem:
    """A validation failure: the field (import column) it concerns and a stable code."""

    field: str
    code: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {
            "field": self.field,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def invalid(problems: list[Problem]) -> LawError:
    """One error for a record's problems; ``details["problems"]`` lists them field by field."""
    first = problems[0]
    return LawError(
        first.code,
        "；".join(p.message_zh for p in problems),
        "; ".join(p.message_en for p in problems),
        problems=[p.as_dict() for p in problems],
    )


@dataclass(frozen=True)
class OrganizationIn:
    """An organization as entered (codes, not rows)."""

    code: str
    name: str
    kind: str
    court: str
    parent: str = ""
    regions: tuple[str, ...] = ()
    focus_types: tuple[str, ...] = ()
    capacity: int = 0
    contact: str = ""
    active: bool = True


@dataclass(frozen=True)
class MediatorIn:
    """A mediator as entered."""

    code: str
    name: str
    organization: str
    focus_types: tuple[str, ...] = ()
    capacity: int = 0
    active: bool = True


@dataclass(frozen=True)
class UnitRef:
    """What validation needs to know about a (possibly not yet written) organization."""

    code: str
    kind: str
    court: str
    parent: str = ""


@dataclass
class Known:
    """Organizations and courts validation resolves codes against: the database plus, during an import,
    the file's own rows (which win)."""

    units: dict[str, UnitRef] = field(default_factory=dict)
    courts: set[str] = field(default_factory=set)

    @classmethod
    def from_database(cls, codes: Collection[str] | None = None) -> Known:
        """Active courts, and the organizations named by ``codes`` (all when None) with their parents."""
        qs = PartnerOrganization.objects.all()
        if codes is not None:
            qs = qs.filter(code__in=list(codes))
        units: dict[str, UnitRef] = {}
        pending = list(qs.values_list("code", "kind", "court__code", "parent__code"))
        while pending:
            for code, kind, court, parent in pending:
                units[code] = UnitRef(code, kind, court, parent or "")
            missing = {u.parent for u in units.values() if u.parent and u.parent not in units}
            pending = (
                list(
                    PartnerOrganization.objects.filter(code__in=missing).values_list(
                        "code", "kind", "court__code", "parent__code"
                    )
                )
                if missing
                else []
            )
        return cls(units, set(Court.objects.filter(active=True).values_list("code", flat=True)))


def _focus_problems(column: str, focus: Iterable[str]) -> list[Problem]:
    known = known_focus_types()
    bad = [f for f in focus if f not in known]
    if not bad:
        return []
    listed = ", ".join(bad)
    return [
        Problem(
            column,
            "focus_type_unknown",
            f"未知纠纷类型：{listed}（可用：{'、'.join(known)}）",
            f"unknown focus type(s): {listed} (known: {', '.join(known)})",
        )
    ]


def _common_problems(code: str, name: str, capacity: int) -> list[Problem]:
    problems = []
    if not CODE.match(code):
        problems.append(
            Problem(
                "code",
                "code_invalid",
                f"编码“{code}”无效：须为 1–40 位字母、数字、点、连字符或下划线，以字母或数字开头",
                f"invalid code '{code}': 1–40 letters, digits, '.', '-' or '_', starting with a letter or digit",
            )
        )
    if code.lower() in RESERVED_CODES:
        problems.append(
            Problem(
                "code",
                "code_reserved",
                f"编码“{code}”为页面地址保留",
                f"code '{code}' is reserved for the pages' addresses",
            )
        )
    if not name.strip():
        problems.append(Problem("name", "name_missing", "名称不能为空", "the name is missing"))
    elif len(name) > 200:
        problems.append(
            Problem("name", "name_too_long", "名称超过 200 字", "the name exceeds 200 characters")
        )
    if capacity < 0:
        problems.append(
            Problem(
                "capacity",
                "capacity_invalid",
                "同时受理上限须为非负整数",
                "capacity must be a whole number ≥ 0",
            )
        )
    return problems


def organization_problems(data: OrganizationIn, known: Known) -> list[Problem]:
    """Everything wrong with ``data`` given the organizations and courts in ``known``."""
    problems = _common_problems(data.code, data.name, data.capacity)
    if data.kind not in PartnerKind.values:
        problems.append(
            Problem(
                "kind",
                "kind_unknown",
                f"未知组织类型“{data.kind}”（可用：{'、'.join(PartnerKind.values)}）",
                f"unknown kind '{data.kind}' (known: {', '.join(PartnerKind.values)})",
            )
        )
    if data.court not in known.courts:
        problems.append(
            Problem(
                "court", "court_unknown", f"未知法院代字“{data.court}”", f"unknown court code '{data.court}'"
            )
        )
    problems += _parent_problems(data, known)
    bad_regions = [r for r in data.regions if not REGION.match(r)]
    if bad_regions:
        listed = ", ".join(bad_regions)
        problems.append(
            Problem(
                "regions",
                "region_invalid",
                f"行政区划代码无效：{listed}（须为 2、4、6、9 或 12 位数字）",
                f"invalid division code(s): {listed} (2, 4, 6, 9 or 12 digits)",
            )
        )
    problems += _focus_problems("focus_types", data.focus_types)
    if len(data.contact) > 100:
        problems.append(
            Problem(
                "contact", "contact_too_long", "联系方式超过 100 字", "the contact exceeds 100 characters"
            )
        )
    return problems


def _parent_problems(data: OrganizationIn, known: Known) -> list[Problem]:
    needed = PARENT_REQUIRED.get(data.kind)
    if not data.parent:
        if needed:
            names = "、".join(str(PartnerKind(k).label) for k in sorted(needed))
            return [
                Problem(
                    "parent",
                    "parent_required",
                    f"{PartnerKind(data.kind).label}须隶属于{names}",
                    f"a {data.kind} must belong to a {' or '.join(sorted(needed))}",
                )
            ]
        return []
    parent = known.units.get(data.parent)
    if parent is None:
        return [
            Problem(
                "parent", "parent_unknown", f"未知上级组织“{data.parent}”", f"unknown parent '{data.parent}'"
            )
        ]
    seen = {data.code}
    at: UnitRef | None = parent
    while at is not None:
        if at.code in seen:
            return [
                Problem(
                    "parent",
                    "parent_cycle",
                    f"上级组织“{data.parent}”构成循环",
                    f"parent '{data.parent}' makes a cycle",
                )
            ]
        seen.add(at.code)
        at = known.units.get(at.parent) if at.parent else None
    problems = []
    if (needed and parent.kind not in needed) or parent.kind in LEAF_KINDS:
        problems.append(
            Problem(
                "parent",
                "parent_kind_mismatch",
                f"{PartnerKind(data.kind).label if data.kind in PartnerKind.values else data.kind}"
                f"不能隶属于{PartnerKind(parent.kind).label}",
                f"a {data.kind} cannot belong to a {parent.kind}",
            )
        )
    if parent.court != data.court:
        problems.append(
            Problem(
                "parent",
                "parent_court_mismatch",
                f"上级组织对接法院（{parent.court}）与本组织（{data.court}）不同",
                f"the parent works with court {parent.court}, this unit with {data.court}",
            )
        )
    return problems


def mediator_problems(data: MediatorIn, organizations: Collection[str]) -> list[Problem]:
    """Everything wrong with ``data``; ``organizations`` are the codes it may belong to."""
    problems = _common_problems(data.code, data.name, data.capacity)
    if len(data.name) > 60:
        problems.append(Problem("name", "name_too_long", "姓名超过 60 字", "the name exceeds 60 characters"))
    if data.organization not in organizations:
        problems.append(
            Problem(
                "organization",
                "organization_unknown",
                f"未知调解组织“{data.organization}”",
                f"unknown organization '{data.organization}'",
            )
        )
    return problems + _focus_problems("focus_types", data.focus_types)


# ------------------------------------------------------------------------------------------------ writes


def organization_values(org: PartnerOrganization) -> dict[str, Any]:
    """The register fields of ``org`` as entered (codes for court and parent): audit and export form."""
    return {
        "code": org.code,
        "name": org.name,
        "kind": org.kind,
        "court": org.court.code,
        "parent": org.parent.code if org.parent_id and org.parent else "",
        "regions": list(org.regions),
        "focus_types": list(org.focus_types),
        "capacity": org.capacity,
        "contact": org.contact,
        "active": org.active,
    }


def mediator_values(m: Mediator) -> dict[str, Any]:
    """The register fields of ``m`` as entered."""
    return {
        "code": m.code,
        "name": m.name,
        "organization": m.organization.code,
        "focus_types": list(m.focus_types),
        "capacity": m.capacity,
        "active": m.active,
    }


def _entered(data: OrganizationIn | MediatorIn) -> dict[str, Any]:
    values = {k: getattr(data, k) for k in data.__dataclass_fields__}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def save_organization(who: Actor, data: OrganizationIn) -> tuple[PartnerOrganization, bool]:
    """Create or update the organization ``data.code`` (audited); returns it and whether it was created.
    An unchanged organization writes nothing."""
    with transaction.atomic():
        org = PartnerOrganization.objects.select_related("court", "parent").filter(code=data.code).first()
        known = Known.from_database({data.code, data.parent} - {""})
        problems = organization_problems(data, known)
        if problems:
            raise invalid(problems)
        after = _entered(data)
        before = organization_values(org) if org is not None else None
        if before == after:
            assert org is not None
            return org, False
        target = org or PartnerOrganization(code=data.code)
        target.name, target.kind, target.contact = data.name.strip(), data.kind, data.contact.strip()
        target.court = Court.objects.get(code=data.court)
        target.parent = PartnerOrganization.objects.get(code=data.parent) if data.parent else None
        target.regions, target.focus_types = list(data.regions), list(data.focus_types)
        target.capacity, target.active = data.capacity, data.active
        target.save()
        action = "courts.organization.create" if org is None else "courts.organization.update"
        record(who, action, obj=target, before=before, after=organization_values(target))
        return target, org is None


def save_mediator(who: Actor, data: MediatorIn) -> tuple[Mediator, bool]:
    """Create or update the mediator ``data.code`` (audited); returns it and whether it was created."""
    with transaction.atomic():
        m = Mediator.objects.select_related("organization").filter(code=data.code).first()
        exists = PartnerOrganization.objects.filter(code=data.organization).exists()
        problems = mediator_problems(data, {data.organization} if exists else set())
        if problems:
            raise invalid(problems)
        after = _entered(data)
        before = mediator_values(m) if m is not None else None
        if before == after:
            assert m is not None
            return m, False
        target = m or Mediator(code=data.code)
        target.organization = PartnerOrganization.objects.get(code=data.organization)
        target.name, target.focus_types = data.name.strip(), list(data.focus_types)
        target.capacity, target.active = data.capacity, data.active
        target.save()
        action = "courts.mediator.create" if m is None else "courts.mediator.update"
        record(who, action, obj=target, before=before, after=mediator_values(target))
        return target, m is None


# ------------------------------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class Filters:
    """Register filters; empty values do not filter."""

    q: str = ""
    kind: str = ""
    court: str = ""
    subtree: bool = True
    region: str = ""
    focus_type: str = ""
    active: bool | None = None


def court_ids_under(code: str, subtree: bool = True) -> set[int]:
    """The court ``code`` and (with ``subtree``) every court below it; empty when unknown."""
    court = Court.objects.filter(code=code).first()
    if court is None:
        return set()
    found = {court.pk}
    frontier = {court.pk} if subtree else set()
    while frontier:
        frontier = set(Court.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def court_ids_above(court_ids: Iterable[int]) -> set[int]:
    """The ancestors of the given courts (their partners at higher courts serve them too)."""
    found: set[int] = set()
    frontier = set(Court.objects.filter(pk__in=list(court_ids)).values_list("parent_id", flat=True)) - {None}
    while frontier:
        found |= frontier
        frontier = (
            set(Court.objects.filter(pk__in=frontier).values_list("parent_id", flat=True)) - {None} - found
        )
    return found


def search(qs: QuerySet[PartnerOrganization], filters: Filters) -> QuerySet[PartnerOrganization]:
    """Narrow ``qs`` by ``filters``. A region matches an organization whose regions contain it or a prefix
    of it, or — with no regions of its own — whose court's division does; a focus type matches an
    organization that lists it or lists none."""
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.court:
        qs = qs.filter(court_id__in=court_ids_under(filters.court, filters.subtree))
    if filters.region:
        prefixes = [filters.region[:n] for n in (2, 4, 6, 9, 12) if n <= len(filters.region)]
        own = Q()
        for p in prefixes:  # JSON text holds each code quoted: '"5201' finds codes starting with 5201
            own |= Q(regions__icontains=f'"{p}"')
        own |= Q(regions__icontains=f'"{filters.region}')
        inherited = Q(regions=[]) & Q(court__division_code__startswith=filters.region[:6])
        qs = qs.filter(own | inherited)
    if filters.focus_type:
        qs = qs.filter(Q(focus_types__icontains=f'"{filters.focus_type}"') | Q(focus_types=[]))
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return qs.select_related("court", "parent").order_by("court__code", "kind", "code")


def units_of(org: PartnerOrganization) -> QuerySet[PartnerOrganization]:
    """The organization's sub-units (grid units of a center, workstations of a tribunal)."""
    return org.units.select_related("court").order_by("code")
