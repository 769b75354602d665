"""The one declaration of workbench panels and menu entries (ARCHITECTURE.md §2: the generic part offers a
registry, the specific apps register into it). An app declares them in its ``workbench`` module::

    from zhiyuan.workbench.registry import Link, Listing, MenuEntry, Panel, from_query, register

    def _my_cases(user) -> Listing:
        return from_query(selectors.my_open_cases(user), lambda c: Item(c.case_number, url=...))

    register(Panel("cases.mine", "我承办的案件", "My cases", roles={"enforcement_officer"},
                   items=_my_cases, more=Link("全部我承办的案件", "All my cases", "/cases/?mine=1")))
    register(MenuEntry("cases", "案件", "Cases", "cases:search", permissions={"case:view"}))

The workbench page (``/`` for a signed-in user) shows every panel declared for one of the user's roles,
each with its count, its first :data:`SHOWN` items and a link to the full list; the top menu shows every
entry whose permissions the user holds. This module imports no app: the apps import it, and the shell
finds the declarations by importing every installed app's ``workbench`` module."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language

#: how many items a panel lists; its count says how many there are in all
SHOWN = 5
KEY = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")
#: the badge colours an item's state may take: overdue (red), soon (amber), ok (green), muted (grey)
TONES = frozenset({"", "overdue", "soon", "ok", "muted"})


def in_language(zh: str, en: str) -> str:
    """``en`` when the interface speaks English, else ``zh``."""
    return en if (get_language() or "").startswith("en") else zh


def resolve(url: str) -> str:
    """A path (``/cases/?mine=1``) as it is, or a URL name (``cases:search``) reversed."""
    return url if url.startswith("/") else reverse(url)


@dataclass(frozen=True, slots=True)
class Item:
    """One thing waiting for the user: what it is (in the current language), where to open it, by when,
    and where it stands (a badge whose colour is ``tone``); ``note`` is a second, quieter line."""

    label: str
    url: str = ""
    due: dt.date | None = None
    state: str = ""
    tone: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.tone not in TONES:
            raise ValueError(f"item tone {self.tone!r}: use one of {sorted(TONES)}")


@dataclass(frozen=True, slots=True)
class Listing:
    """What a panel shows a user: the first items and how many there are in all; ``more`` (a path)
    replaces the panel's link to the full list for this user."""

    items: tuple[Item, ...]
    count: int
    more: str = ""


def from_query(query: QuerySet[Any], shape: Callable[[Any], Item], *, more: str = "") -> Listing:
    """The first :data:`SHOWN` rows of ``query`` shaped into items, and its count."""
    rows = list(query[:SHOWN])
    count = len(rows) if len(rows) < SHOWN else query.count()
    return Listing(tuple(shape(r) for r in rows), count, more)


def from_rows(rows: Iterable[Item], *, more: str = "") -> Listing:
    """Items already built (all of them): the first :data:`SHOWN` and their number."""
    every = tuple(rows)
    return Listing(every[:SHOWN], len(every), more)


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled link: a path or a URL name (see :func:`resolve`)."""

    zh: str
    en: str
    url: str

    @property
    def label(self) -> str:
        """The label in the current language."""
        return in_language(self.zh, self.en)

    @property
    def href(self) -> str:
        """The resolved address."""
        return resolve(self.url)


@dataclass(frozen=True)
class Panel:
    """A card of the workbench: a stable ``key`` (``app.name``), its title, the role codes
    (``accounts/roles.yaml``) whose holders see it, the function giving a user's :class:`Listing`, the
    link to the full list, optional action links (e.g. 登记纠纷), the unit its count is in (``件`` /
    ``case``: shown as "3 件" / "3 cases"), what an empty panel says, and its place (lower first)."""

    key: str
    zh: str
    en: str
    roles: frozenset[str]
    items: Callable[[Any], Listing]
    more: Link | None = None
    actions: tuple[Link, ...] = ()
    unit_zh: str = "件"
    unit_en: str = "item"
    empty_zh: str = "暂无待办"
    empty_en: str = "Nothing waiting"
    order: int = 100

    def __post_init__(self) -> None:
        if not KEY.match(self.key) or len(self.key) > 80:
            raise ValueError(f"panel key {self.key!r}: use app.name in lower case")
        if not self.roles:
            raise ValueError(f"panel {self.key!r} names no role")
        object.__setattr__(self, "roles", frozenset(self.roles))
        object.__setattr__(self, "actions", tuple(self.actions))

    @property
    def title(self) -> str:
        """The title in the current language."""
        return in_language(self.zh, self.en)

    @property
    def empty(self) -> str:
        """What the panel says when nothing waits."""
        return in_language(self.empty_zh, self.empty_en)

    def counted(self, n: int) -> str:
        """``n`` with the unit: "3 件" / "3 cases"."""
        if in_language("zh", "en") == "en":
            return f"{n} {self.unit_en}{'' if n == 1 else 's'}"
        return f"{n} {self.unit_zh}"


@dataclass(frozen=True)
class MenuEntry:
    """An entry of the top menu: shown to a user holding any one of ``permissions`` (none: every
    signed-in user). It must name the page whose view checks those permissions, so that a user who sees
    it may open it."""

    key: str
    zh: str
    en: str
    url: str
    permissions: Collection[str] = field(default_factory=frozenset)
    order: int = 100

    def __post_init__(self) -> None:
        object.__setattr__(self, "permissions", frozenset(self.permissions))

    @property
    def label(self) -> str:
        """The label in the current language."""
        return in_language(self.zh, self.en)

    @property
    def href(self) -> str:
        """The resolved address."""
        return resolve(self.url)

    def open_to(self, permissions: Collection[str]) -> bool:
        """Does a holder of ``permissions`` see this entry?"""
        return not self.permissions or not frozenset(self.permissions).isdisjoint(permissions)


_PANELS: dict[str, Panel] = {}
_MENU: dict[str, MenuEntry] = {}
_discovered = False


def _origin(function: Callable[..., Any]) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"


def register(declaration: Panel | MenuEntry) -> Panel | MenuEntry:
    """Declare a panel or a menu entry. Declaring the same key again replaces it when it comes from the
    same place (a module imported twice); a panel key taken by another function is an error."""
    if isinstance(declaration, Panel):
        existing = _PANELS.get(declaration.key)
        if existing is not None and _origin(existing.items) != _origin(declaration.items):
            raise ValueError(
                f"workbench panel {declaration.key!r} is already declared by {_origin(existing.items)}"
            )
        _PANELS[declaration.key] = declaration
    else:
        _MENU[declaration.key] = declaration
    return declaration


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("workbench")
        _discovered = True


def panels() -> list[Panel]:
    """Every declared panel, in order (importing each installed app's ``workbench`` module the first
    time)."""
    _discover()
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def panels_for(role_codes: Collection[str]) -> list[Panel]:
    """The panels a holder of these roles sees, in order."""
    held = frozenset(role_codes)
    return [p for p in panels() if p.roles & held]


def menu() -> list[MenuEntry]:
    """Every declared menu entry, in order."""
    _discover()
    return sorted(_MENU.values(), key=lambda e: (e.order, e.key))


def menu_for(permissions: Collection[str]) -> list[MenuEntry]:
    """The menu entries a holder of ``permissions`` sees, in order."""
    return [e for e in menu() if e.open_to(permissions)]
