"""What the apps above ``cases`` add to a case's page.

A case's page is drawn here, but some of what can be done with a case belongs to a higher app — the
judge registers the enforceable title of a judgment (``performance``), for instance. Such an app
registers an *offer* at start-up (``AppConfig.ready``): given the request and the case, it returns the
link to show, or None. The page lists what the offers return, in their order of registration; cases never
imports the apps that offer (ARCHITECTURE.md §2)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhiyuan.cases.models import Case


@dataclass(frozen=True)
class PageLink:
    """One link on a case's page: a stable name (``data-link`` in the page), its text in the current
    language, where it goes, and whether it is an action to take (shown as a button) or a place to see."""

    name: str
    label: str
    url: str
    action: bool = False
    note: str = ""


Offer = Callable[[Any, "Case"], "PageLink | None"]
_OFFERS: dict[str, Offer] = {}


def register(name: str, offer: Offer) -> None:
    """Declare an offer (registering a name again replaces it)."""
    _OFFERS[name] = offer


def links_for(request: Any, case: Case) -> list[PageLink]:
    """The links the registered offers make for ``request``'s user on ``case``."""
    return [link for offer in _OFFERS.values() if (link := offer(request, case)) is not None]
