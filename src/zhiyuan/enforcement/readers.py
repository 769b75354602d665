"""Who may read an enforcement case's property: the debtor's accounts, balances, registry numbers, the
measures on them and the network's answers. Viewing a case (``case:view``) is not enough — mediators,
trial judges, filing clerks and the command center see cases without handling their property — so these
pages, sections and API answer only to people holding one of :data:`READERS`: the enforcement officers
(承办), the affairs center's staff who do the routine work, the reviewers who hear objections about it, and
the division heads and presidents who assign and supervise (``case:assign``). Court scope still applies."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest

from zhiyuan.accounts.policy import authorize_any
from zhiyuan.accounts.selectors import permissions_for

READERS = frozenset(
    {
        "enforcement:handle",
        "enforcement:inquiry",
        "enforcement:measure",
        "enforcement:terminate",
        "enforcement:review",
        "affairs:batch",
        "case:assign",
    }
)


def may_read(user: Any, request: HttpRequest | None = None) -> bool:
    """Whether ``user`` may read enforcement property at all (no audit: what pages offer)."""
    return bool(READERS & permissions_for(user, request))


def authorize(user: Any, request: HttpRequest | None = None, obj: object | None = None) -> None:
    """Refuse (``Denied``, audited) a person holding none of :data:`READERS`."""
    authorize_any(user, READERS, request, obj)


#: an account, card or registry number inside a description: eight or more digits, maybe with separators
_NUMBER = re.compile(r"\d[\d\- ]{6,}\d")


def timeline_text(description: str) -> str:
    """An asset's description as the case's timeline shows it to everyone who views the case: account and
    registry numbers masked to their last four digits (the asset page, for readers, shows them whole)."""
    return _NUMBER.sub(lambda m: "****" + re.sub(r"\D", "", m.group())[-4:], description)
