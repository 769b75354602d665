"""Due dates of tasks: a kind's service level counted from the day the task is spawned.

A :class:`~zhiyuan.affairs.registry.Legal` level is a deadline rule of the law core (``law.deadline``
on the platform's parameters and legal calendar); a
:class:`~zhiyuan.affairs.registry.ServiceLevel` is a dated parameter of ``service_levels.yaml``, counted
by the same rule. Both answer the due date and whether its source is verified."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zhiyuan.affairs.registry import SLA, Legal
from zhiyuan.courts import selectors as courts
from zhiyuan.law.deadlines import compute
from zhiyuan.law.parameters import ParameterBook

SERVICE_LEVELS = Path(__file__).with_name("service_levels.yaml")


@cache
def service_levels() -> ParameterBook:
    """The service levels of ``service_levels.yaml`` as deadline rules (read once per process)."""
    entries: dict[str, Any] = yaml.safe_load(SERVICE_LEVELS.read_text(encoding="utf-8"))
    return ParameterBook({"deadlines": entries})


@dataclass(frozen=True, slots=True)
class Due:
    """A due date and where it comes from."""

    due: dt.date
    rule: str
    citation: str
    verified: bool


def due_for(sla: SLA, start: dt.date) -> Due:
    """The due date of a task spawned on ``start`` under ``sla``."""
    ref = courts.reference()
    params = ref.params if isinstance(sla, Legal) else service_levels()
    out = compute({"rule": sla.rule, "start": start.isoformat()}, params, ref.calendar)
    verified = all(c.get("verified", True) for c in out["citations"])
    return Due(dt.date.fromisoformat(out["due"]), sla.rule, out["citation"], verified)
