"""What the apps above ``cases`` do when a case moves along its lifecycle (a transition: notified,
suspended, closed ...).

As with :mod:`zhiyuan.cases.filing_hooks`, an app registers a hook at start-up (``AppConfig.ready``);
``services.transition`` calls every hook, in the order of registration, inside the move's transaction
after the case, its node and its audit record are written: a hook's error undoes the move, and a hook's
writes (with their own audit records) commit with it. A hook decides itself which moves concern it
(``case.status`` is already the new state, ``case.closed_on`` set when the move closed the case). Cases
never imports the apps that register (ARCHITECTURE.md §2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhiyuan.audit.services import Actor
    from zhiyuan.cases.models import Case

#: (the case after the move, the transition's name, the day of the move, who moved it)
Hook = Callable[["Case", str, dt.date, "Actor"], None]
_HOOKS: dict[str, Hook] = {}


def register(name: str, hook: Hook) -> None:
    """Declare a hook (registering a name again replaces it)."""
    _HOOKS[name] = hook


def run(case: Case, transition: str, on: dt.date, who: Actor) -> None:
    """Call every hook for a case just moved by ``who`` (inside the move's transaction)."""
    for hook in _HOOKS.values():
        hook(case, transition, on, who)
