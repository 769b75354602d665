"""Columns the apps above ``cases`` add to the case list, each with its filter.

An app that keeps a fact of a case worth listing (``enforcement``: the triage track, 繁简分流) registers a
:class:`ListColumn` at start-up (``AppConfig.ready``). The search form then offers a choice per column
(its query parameter is the column's ``name``), the search narrows the cases with the column's
``filter``, and the results show the column's ``values``. Cases never imports the apps that register
(ARCHITECTURE.md §2)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from zhiyuan.cases.models import Case


@dataclass(frozen=True)
class ListColumn:
    """One column of the case list: its query parameter, its heading (translated when shown), the filter's
    choices (value, label), how a choice narrows the cases, and each shown case's text by case id (a case
    absent from the mapping shows a dash)."""

    name: str
    label: Any
    choices: Callable[[], list[tuple[str, Any]]]
    filter: Callable[[QuerySet[Case], str], QuerySet[Case]]
    values: Callable[[Iterable[int]], dict[int, str]]


_COLUMNS: dict[str, ListColumn] = {}


def register(column: ListColumn) -> None:
    """Declare a column (registering a name again replaces it)."""
    _COLUMNS[column.name] = column


def columns() -> list[ListColumn]:
    """The registered columns, in their order of registration."""
    return list(_COLUMNS.values())
