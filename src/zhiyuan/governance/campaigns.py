"""Campaigns (专项行动): named filters over closed E cases; each campaign's figures are ``cases_closed`` and
``amount_recovered``. The pure matching lives here; the SQL form of the same filters is in
:mod:`zhiyuan.governance.selectors`.

Where the definitions come from is a registry: ``campaigns.yaml`` is the initial data (:func:`seeded`); the
command center, which keeps the definitions an authorised user manages in the platform, registers itself as
the source (:func:`use_source`), and from then on every reader — rollups, overview, CLI, API — reads the
saved definitions through :func:`campaigns` (one definition of a campaign everywhere)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zhiyuan.governance.definitions import CaseRecord, Window, amount
from zhiyuan.law.errors import LawError

CONFIG = Path(__file__).with_name("campaigns.yaml")
_KEYS = {"id", "name_zh", "name_en", "source", "causes", "dispute_causes", "claim_max", "claim_min"}
_KEYS |= {"origin_types", "derived_kinds", "type_codes", "courts"}
Source = Callable[[], "tuple[Campaign, ...]"]
_SOURCE: list[Source] = []


@dataclass(frozen=True)
class Campaign:
    """A named filter; every condition given must hold."""

    id: str
    name_zh: str
    name_en: str
    source: str = ""
    causes: frozenset[str] = frozenset()
    dispute_causes: bool = False
    claim_max: Decimal | None = None
    claim_min: Decimal | None = None
    origin_types: frozenset[str] = frozenset()
    derived_kinds: frozenset[str] = frozenset()
    #: the case's type code (执, 执恢) is one of these; empty: any E case
    type_codes: frozenset[str] = frozenset()
    #: the case's court code is one of these (a district, expanded by the source); empty: every court
    courts: frozenset[str] = frozenset()

    def matches(self, r: CaseRecord, w: Window) -> bool:
        """Does the (closed E) case ``r`` belong to the campaign over window ``w``?"""
        if self.type_codes and r.type_code not in self.type_codes:
            return False
        if self.courts and r.court_code not in self.courts:
            return False
        if self.causes and r.cause not in self.causes:
            root = w.cases.root_of(r) if self.dispute_causes else None
            if root is None or root.cause not in self.causes:
                return False
        if self.claim_max is not None and (r.claim_amount is None or r.claim_amount > self.claim_max):
            return False
        if self.claim_min is not None and (r.claim_amount is None or r.claim_amount < self.claim_min):
            return False
        if self.origin_types:
            origin = w.cases.by_number.get(r.origin) if r.origin else None
            if origin is None or origin.type_code not in self.origin_types:
                return False
        return not self.derived_kinds or any(
            d.derivative_kind in self.derived_kinds and d.filed_on <= w.date_to
            for d in w.cases.derived.get(r.case_number, ())
        )

    def figures(self, w: Window) -> dict[str, Any]:
        """``cases_closed`` and ``amount_recovered`` over the window."""
        matched = [r for r in w.closed_e if self.matches(r, w)]
        total = sum((r.recovered_amount or Decimal(0) for r in matched), Decimal(0))
        return {"cases_closed": len(matched), "amount_recovered": amount(total)}


def _invalid(detail: str) -> LawError:
    return LawError(
        "campaign_config_invalid",
        f"专项行动配置 campaigns.yaml 有误：{detail}",
        f"The campaign configuration campaigns.yaml is invalid: {detail}",
    )


def _decimal(value: Any, key: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise _invalid(f"{key}={value!r}") from None


def parse(entries: list[dict[str, Any]]) -> tuple[Campaign, ...]:
    """Campaigns from their configuration entries (validated: known keys, unique ids)."""
    out: list[Campaign] = []
    for entry in entries:
        unknown = set(entry) - _KEYS
        if unknown or "id" not in entry:
            raise _invalid(f"{entry.get('id', '?')}: {sorted(unknown) or 'id missing'}")
        out.append(
            Campaign(
                id=str(entry["id"]),
                name_zh=str(entry.get("name_zh", entry["id"])),
                name_en=str(entry.get("name_en", entry["id"])),
                source=str(entry.get("source", "")),
                causes=frozenset(entry.get("causes") or ()),
                dispute_causes=bool(entry.get("dispute_causes", False)),
                claim_max=_decimal(entry.get("claim_max"), "claim_max"),
                claim_min=_decimal(entry.get("claim_min"), "claim_min"),
                origin_types=frozenset(entry.get("origin_types") or ()),
                derived_kinds=frozenset(entry.get("derived_kinds") or ()),
                type_codes=frozenset(entry.get("type_codes") or ()),
                courts=frozenset(entry.get("courts") or ()),
            )
        )
    if len({c.id for c in out}) != len(out):
        raise _invalid("duplicate id")
    return tuple(out)


@cache
def seeded() -> tuple[Campaign, ...]:
    """The campaigns of ``campaigns.yaml``: the initial data (read once per process)."""
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8")) or {}
    return parse(list(data.get("campaigns") or ()))


def seeded_entries() -> list[dict[str, Any]]:
    """The raw entries of ``campaigns.yaml`` (what a data migration copies into the saved definitions)."""
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8")) or {}
    return [dict(e) for e in data.get("campaigns") or ()]


def use_source(source: Source | None) -> None:
    """Read the campaigns from ``source`` from now on (None: back to ``campaigns.yaml``)."""
    _SOURCE.clear()
    if source is not None:
        _SOURCE.append(source)


def campaigns() -> tuple[Campaign, ...]:
    """The campaigns in force: the registered source's (the saved definitions), else ``campaigns.yaml``."""
    return _SOURCE[0]() if _SOURCE else seeded()


def compute_campaigns(w: Window, configured: tuple[Campaign, ...] | None = None) -> dict[str, dict[str, Any]]:
    """Every campaign's figures over the window."""
    return {c.id: c.figures(w) for c in (configured if configured is not None else campaigns())}
