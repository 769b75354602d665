"""Property (物) on the command center: assets under control by class and court, measures expiring within
30 days, assets in disposal — per court rolled up the tree — and the hook through which other apps add
property figures (:func:`register_property_figure`).

**Other apps' figures.** "Funds received and not paid out after 30 days" belongs to ``funds`` (layer 4),
which may not import the command center (layer 5); the command center reads it from
``zhiyuan.funds.selectors.overdue_receipts(court_ids, today)`` and shows the figure ``funds_unpaid_30``. Apps of the command center's layer, or the shell, add figures with
:func:`register_property_figure`: ``per_court(court_ids, today)`` gives ``{court_id: value}`` (an int count
or a Decimal amount; one GROUP BY), ``cases(court_ids, today)`` the cases behind it (a Case queryset, for
the drill-down). The property page, its workbook and the drill-down show every figure like the built-in
ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from zhiyuan.cases.models import Case
from zhiyuan.command.selectors import subtree, within
from zhiyuan.courts.models import Court
from zhiyuan.enforcement.measures import selectors as measures
from zhiyuan.enforcement.models import AssetClass
from zhiyuan.funds.selectors import overdue_receipts

#: the key of funds' figure (received and not paid out after 30 days)
FUNDS_KEY = "funds_unpaid_30"
#: measures whose last day is at most this many days away count as expiring
EXPIRING_DAYS = 30


@dataclass(frozen=True)
class PropertyFigure:
    """A property figure another app adds to the command center (see the module's docstring)."""

    key: str
    zh: str
    en: str
    kind: str  # "count" or "amount"
    per_court: Callable[[list[int], dt.date], dict[int, Any]]
    cases: Callable[[list[int], dt.date], QuerySet[Case]]
    definition_zh: str = ""
    definition_en: str = ""


_EXTRA: dict[str, PropertyFigure] = {}


def register_property_figure(figure: PropertyFigure) -> PropertyFigure:
    """Add a property figure (from an app's ``AppConfig.ready``); registering a key again replaces it."""
    _EXTRA[figure.key] = figure
    return figure


def _funds_per_court(court_ids: list[int], today: dt.date) -> dict[int, Any]:
    counted: dict[int, int] = {}
    for row in overdue_receipts(court_ids, today):
        counted[row.court_id] = counted.get(row.court_id, 0) + 1
    return counted


def _funds_cases(court_ids: list[int], today: dt.date) -> QuerySet[Case]:
    return Case.objects.filter(pk__in=[row.case_id for row in overdue_receipts(court_ids, today)])


FUNDS_FIGURE = PropertyFigure(
    FUNDS_KEY,
    "到账超30日未发放案款（件）",
    "Cases with funds unpaid over 30 days",
    "count",
    _funds_per_court,
    _funds_cases,
    "案款到账后30日内未发放完毕的案件件数（先到先付：付出的款项按到账顺序冲抵），按案件所属法院计。",
    "Cases holding money received more than 30 days ago and not yet paid out (first in, first out), "
    "by the case's court.",
)


def extra_figures() -> list[PropertyFigure]:
    """Funds' figure, then the registered ones in registration order."""
    return [FUNDS_FIGURE, *_EXTRA.values()]


@dataclass
class CourtProperty:
    """A court's district in the property figures."""

    code: str
    name: str
    level: str
    held: int = 0
    held_value: Decimal = Decimal(0)
    by_class: dict[str, int] = field(default_factory=dict)
    expiring: int = 0
    disposal: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, other: CourtProperty) -> None:
        """Add a court's counts (rolling a district up)."""
        self.held += other.held
        self.held_value += other.held_value
        self.expiring += other.expiring
        self.disposal += other.disposal
        for k, n in other.by_class.items():
            self.by_class[k] = self.by_class.get(k, 0) + n
        for k, v in other.extra.items():
            self.extra[k] = self.extra.get(k, 0) + v


@dataclass
class Board:
    """The property figures of a court's district."""

    court: Court
    classes: list[str]
    total: CourtProperty
    courts: list[CourtProperty]
    extra: list[PropertyFigure]


def board(court: Court, today: dt.date) -> Board:
    """The property figures of ``court``'s district, per court rolled up its tree."""
    courts, children = subtree(court)
    ids = list(courts)
    own = {pk: CourtProperty(c.code, c.name, c.level) for pk, c in courts.items()}
    for r in measures.held_counts(ids):
        row = own[r["case__court_id"]]
        row.held += r["n"]
        row.held_value += r["value"] or Decimal(0)
        row.by_class[r["asset_class"]] = row.by_class.get(r["asset_class"], 0) + r["n"]
    for pk, n in measures.per_court(measures.expiring(ids, today, EXPIRING_DAYS)).items():
        own[pk].expiring = n
    for pk, n in measures.per_court(measures.in_disposal(ids)).items():
        own[pk].disposal = n
    extra = extra_figures()
    for figure in extra:
        for pk, value in figure.per_court(ids, today).items():
            if pk in own:
                own[pk].extra[figure.key] = value

    def rolled(pk: int) -> CourtProperty:
        c = courts[pk]
        total = CourtProperty(c.code, c.name, c.level)
        for k in within(pk, children):
            total.add(own[k])
        return total

    top = rolled(court.pk)
    return Board(
        court=court,
        classes=[c for c in AssetClass.values if top.by_class.get(c)],
        total=top,
        courts=[rolled(k) for k in children.get(court.pk, [])],
        extra=extra,
    )
