"""What the apps above ``cases`` do when a case is filed.

An app that keeps its own record of a case from its filing (``enforcement`` triages every 执/执恢/执保 case,
for instance) registers a hook at start-up (``AppConfig.ready``). ``services.file_case`` calls every hook,
in the order of registration, inside the filing's transaction after the case, its parties and its audit
record are written: a hook's error undoes the filing, and a hook's writes (with their own audit records)
commit with it. A hook decides itself which cases concern it. Cases never imports the apps that register
(ARCHITECTURE.md §2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhiyuan.audit.services import Actor
    from zhiyuan.cases.models import Case

Hook = Callable[["Case", "Actor"], None]
_HOOKS: dict[str, Hook] = {}


def register(name: str, hook: Hook) -> None:
    """Declare a hook (registering a name again replaces it)."""
    _HOOKS[name] = hook


def run(case: Case, who: Actor) -> None:
    """Call every hook for a case just filed by ``who`` (inside the filing's transaction)."""
    for hook in _HOOKS.values():
        hook(case, who)
