"""Administrative divisions (GB/T 2260 行政区划代码) as a tree: province → prefecture → county, with the
names in use now and the names a code carried before.

The source is python-stdnum's ``cn/loc`` table (the platform's dependency that already checks the region
code of identity numbers, ``zhiyuan.rulebook.bundled.region_lookup``): every code since 1980 with the years
each name was in use, e.g. ``522522 [2011-2021]黔西县`` and ``522581 [2021-]黔西市``; it is compiled from
the published code lists and is as current as the installed python-stdnum release. A code whose last name
has an end year is abolished: it is not offered in a picker, but a stored code keeps its name.

The platform stores the code (six digits); pages show the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

#: where the table comes from (shown with the picker and in the docs)
SOURCE = "GB/T 2260 (python-stdnum cn/loc)"
#: the table writes Hong Kong and Macao in traditional characters; GB/T 2260 names them so
NAME_FIXES = {"香港特別行政區": "香港特别行政区", "澳門特別行政區": "澳门特别行政区"}
#: county-level placeholders of the code lists (a prefecture's own districts as a group), never a place
PLACEHOLDERS = frozenset({"市辖区"})
_SPAN = re.compile(r"\[(\d{4})?-(\d{4})?\]([^,\[]+)")


@dataclass(frozen=True)
class Division:
    """One code with its current (or, once abolished, last) name and the names it had before."""

    code: str  # six digits
    name: str
    current: bool
    former_names: tuple[str, ...] = ()
    since: int | None = None  # year the current name took effect, where the table says
    until: int | None = None  # year the code was abolished

    @property
    def level(self) -> str:
        """``province``, ``prefecture`` or ``county``."""
        if self.code[2:] == "0000":
            return "province"
        return "prefecture" if self.code[4:] == "00" else "county"

    @property
    def parent(self) -> str:
        """The code of the division above ("" for a province)."""
        if self.level == "province":
            return ""
        if self.level == "prefecture":
            return self.code[:2] + "0000"
        return self.code[:4] + "00"


def _names(text: str) -> list[tuple[int | None, int | None, str]]:
    """``[-1986]水城特区,[1987-]钟山区`` → [(None, 1986, 水城特区), (1987, None, 钟山区)]."""
    found = [
        (int(a) if a else None, int(b) if b else None, name.strip()) for a, b, name in _SPAN.findall(text)
    ]
    return found or [(None, None, text.strip())]


def _division(code: str, text: str) -> Division:
    spans = [(a, b, NAME_FIXES.get(n, n)) for a, b, n in _names(text)]
    since, until, name = spans[-1]
    former = tuple(dict.fromkeys(n for _, _, n in spans[:-1] if n != name))
    return Division(code, name, until is None, former, since, until)


@cache
def _table() -> dict[str, Division]:
    from stdnum import numdb

    table: dict[str, Division] = {}
    for _, low, _high, props, children in numdb.get("cn/loc").prefixes:
        province = NAME_FIXES.get(props.get("province", ""), props.get("province", ""))
        table[low + "0000"] = Division(low + "0000", province, True)
        for _, sub, _h, sub_props, _c in children:
            if sub == "0000" or "county" not in sub_props:
                continue
            table[low + sub] = _division(low + sub, sub_props["county"])
    return table


def division(code: str) -> Division | None:
    """The division of a six-digit code (current or abolished), or None when the table does not know it."""
    return _table().get(code) if len(code) == 6 and code.isdigit() else None


def _offered(d: Division) -> bool:
    return d.current and not (d.level == "county" and d.name in PLACEHOLDERS)


def children(parent: str = "") -> list[Division]:
    """The current divisions directly under ``parent`` ("" → the provinces; a province's code or its two
    digits → its prefectures; a prefecture's code → its counties), in code order."""
    table = _table()
    if not parent:
        return [d for d in table.values() if d.level == "province"]
    if len(parent) == 2:
        parent += "0000"
    above = division(parent)
    if above is None or above.level == "county":
        return []
    return sorted(
        (d for d in table.values() if d.parent == parent and d.code != parent and _offered(d)),
        key=lambda d: d.code,
    )


def path(code: str) -> list[Division]:
    """The divisions from the province down to ``code`` (those the table knows)."""
    d = division(code)
    if d is None:
        return []
    out = [d]
    while out[0].parent:
        above = division(out[0].parent)
        if above is None:
            break
        out.insert(0, above)
    return out


def full_name(code: str) -> str:
    """``520102`` → 贵州省贵阳市南明区 (an abolished code by its last name); "" when unknown."""
    return "".join(d.name for d in path(code) if d.name not in PLACEHOLDERS)
