"""Case type codes (类型代字) of the SPC standard 《人民法院案件类型及其代字标准》, with their class.

The table itself is reference data handed in by the loader; this module knows only its structure: the
two-digit class of the four-digit category code, and the enforcement split (执行实施 / 执行审查).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: first two digits of the category code → type_class
CLASSES: dict[str, str] = {
    "01": "jurisdiction",
    "02": "criminal",
    "03": "civil",
    "04": "administrative",
    "05": "compensation",
    "06": "interregional_assistance",
    "07": "international_assistance",
    "08": "judicial_sanction",
    "09": "preservation",
    "10": "enforcement",
    "11": "bankruptcy",
    "12": "mediation",  # pre-litigation mediation codes: not in the 2015 standard (see reference data README)
}
ENFORCEMENT_ACTION = frozenset({"执", "执恢", "执保"})
ENFORCEMENT_REVIEW = frozenset({"执异", "执复", "执监", "执协", "执他"})
#: legacy (pre-2016) codes carry the class in their first character
LEGACY_PREFIX_CLASS = {
    "刑": "criminal",
    "民": "civil",
    "行": "administrative",
    "执": "enforcement",
    "赔": "compensation",
    "破": "bankruptcy",
}


def enforcement_kind(code: str) -> str | None:
    """``action`` for 执/执恢/执保 (执行实施), ``review`` for 执异/执复/执监/执协/执他 (执行审查), else None."""
    if code in ENFORCEMENT_ACTION:
        return "action"
    if code in ENFORCEMENT_REVIEW:
        return "review"
    return None


@dataclass(frozen=True, slots=True)
class CaseType:
    """One type code (代字) with the names of the category rows that use it."""

    code: str
    type_class: str
    category_codes: tuple[str, ...]
    names: tuple[str, ...]

    @property
    def enforcement_kind(self) -> str | None:
        """``action`` (执行实施), ``review`` (执行审查) or None."""
        return enforcement_kind(self.code)


class CaseTypeCatalog:
    """Type codes by 代字; built from ``(category_code, name, code)`` rows (category rows have no code)."""

    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        grouped: dict[str, tuple[list[str], list[str]]] = {}
        for category, name, code in rows:
            if not code:
                continue
            cats, names = grouped.setdefault(code, ([], []))
            cats.append(category)
            names.append(name)
        self._types = {
            code: CaseType(code, CLASSES.get(cats[0][:2], "other"), tuple(cats), tuple(names))
            for code, (cats, names) in grouped.items()
        }

    def get(self, code: str) -> CaseType | None:
        """The type for ``code`` or None."""
        return self._types.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._types

    def __iter__(self) -> Iterator[CaseType]:
        return iter(self._types.values())

    def __len__(self) -> int:
        return len(self._types)
