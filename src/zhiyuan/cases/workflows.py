"""Case workflows owned by a higher app.

Some cases are driven by a dedicated workflow rather than by bare lifecycle moves: a delegated mediation
(its 民诉前调 case and the 诉前调确/诉前调书 case it leads to) is moved by the mediation app, which keeps its
own records (sessions, agreements, performance titles) in step. The owning app registers a
:class:`Workflow` at start-up; the case services then refuse a move on a managed case unless the caller
names the workflow, and the case page links to the workflow's page instead of offering the move.

A workflow may also own single *moves* of cases it does not manage whole (``owns_move``): the 终本
workflow owns ``terminate_current`` of an enforcement case, whose other moves stay free. Such a move is
refused unless the caller names the workflow, and the case page does not offer it (the workflow links to
its own page). Registration keeps the layering: cases never imports the apps above it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhiyuan.cases.models import Case


@dataclass(frozen=True)
class Workflow:
    """An app that owns the moves of some cases."""

    name: str
    zh: str
    en: str
    manages: Callable[[Case], bool]
    url: Callable[[Case], str]
    #: Chinese names of the nodes the workflow writes to a case's node log (translated for display)
    nodes: Mapping[str, str] = field(default_factory=dict)
    #: (case, move name) → does this workflow own that move of the case (when it does not manage it)?
    owns_move: Callable[[Case, str], bool] = field(default=lambda case, name: False)


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> None:
    """Declare a workflow (from the owning app's ``AppConfig.ready``); registering again replaces it."""
    _REGISTRY[workflow.name] = workflow


def node_zh(node: str) -> str | None:
    """The Chinese name a registered workflow gives one of its log nodes."""
    return next((w.nodes[node] for w in _REGISTRY.values() if node in w.nodes), None)


def owner_of(case: Case) -> Workflow | None:
    """The workflow that manages ``case``, if any."""
    return next((w for w in _REGISTRY.values() if w.manages(case)), None)


def owner_of_move(case: Case, name: str) -> Workflow | None:
    """The workflow that owns the move ``name`` of ``case``: the one managing the whole case, else one
    that owns this single move."""
    return owner_of(case) or next((w for w in _REGISTRY.values() if w.owns_move(case, name)), None)
