"""Case workflows owned by a higher app.

Some cases are driven by a dedicated workflow rather than by bare lifecycle moves: a delegated mediation
(its 民诉前调 case and the 诉前调确/诉前调书 case it leads to) is moved by the mediation app, which keeps its
own records (sessions, agreements, performance titles) in step. The owning app registers a
:class:`Workflow` at start-up; the case services then refuse a move on a managed case unless the caller
names the workflow, and the case page links to the workflow's page instead of offering the move.
Registration keeps the layering: cases never imports the apps above it."""

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
