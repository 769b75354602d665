"""Case type codes (类型代字) of the SPC standard 《人民法院案件类型及其代字标准》, with their class.

The table itself is reference data handed in by the loader; this module knows only its structure: the
two-digit class of the four-digit category code, and the enforcement split (执行实施 / 执行审查).
"""

from __future__ import annotations

import re
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
#: Pre-2016 type words (the part between the court's abbreviation and 字), as courts wrote them: an optional
#: subject prefix (知 IP, 海 maritime, 立 filing, 审 review, 少 juvenile, 调, 环, 涉), a branch, an optional
#: chamber numeral (民三), an optional parenthesised line (民二（商）), an optional second branch (行赔, 商外),
#: then up to two stage characters (初, 终, 再, 提, 申, 监, 恢, 异 ...). Brackets are ASCII here (folded).
LEGACY_PREFIXES = "知海立审少调环涉"
LEGACY_TYPE = re.compile(
    rf"[{LEGACY_PREFIXES}]?"
    r"(?:法赔|委赔|[刑民行执赔破商经司])"
    r"[一二三四五六七八九十]?"
    r"(?:\([\u4e00-\u9fff]{1,3}\))?"
    r"[商外赔]?"
    r"[初终再提抗特督催申监他复异恢保更核辖破算救惩确审请令协清撤没]{0,2}"
)
_CHAMBER = re.compile(r"[一二三四五六七八九十]|\([\u4e00-\u9fff]{1,3}\)")


def enforcement_kind(code: str) -> str | None:
    """``action`` for 执/执恢/执保 (执行实施), ``review`` for 执异/执复/执监/执协/执他 (执行审查), else None."""
    if code in ENFORCEMENT_ACTION:
        return "action"
    if code in ENFORCEMENT_REVIEW:
        return "review"
    return None


def legacy_type_class(written: str, known: CaseTypeCatalog) -> tuple[str | None, str | None]:
    """(type class, enforcement kind) of a pre-2016 type word where the word decides them, else (None, None).

    Chamber numerals and bracketed lines are dropped (民三初 → 民初, 民二(商)初 → 民初); a word that is a type
    code of today's standard takes that code's class (执恢 → enforcement, action); otherwise the branch
    decides: 刑 criminal, 民/商/经 civil (民破/民算 bankruptcy), 行 administrative (行赔 compensation),
    执 enforcement, 赔/法赔/委赔 compensation, 破 bankruptcy, 司惩 judicial sanction. A filing, review or
    调 prefix (立民终, 审监, 调刑监) leaves the class open: those words do not name today's class.
    """
    core = _CHAMBER.sub("", written)
    if core[:1] in "立审调":
        return None, None
    if len(core) > 1 and core[0] in LEGACY_PREFIXES:
        core = core[1:]
    today = known.get(core)
    if today is not None:
        return today.type_class, today.enforcement_kind
    if core.startswith("执"):
        return "enforcement", enforcement_kind(core)
    if core.startswith(("行赔", "赔", "法赔", "委赔", "司救")):
        return "compensation", None
    if core.startswith("司惩"):
        return "judicial_sanction", None
    if core.startswith("破") or (core[:1] in "民商" and ("破" in core[1:] or "算" in core[1:])):
        return "bankruptcy", None
    branch = {"刑": "criminal", "民": "civil", "商": "civil", "经": "civil", "行": "administrative"}
    return branch.get(core[:1]), None


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
