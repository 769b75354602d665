"""One rule of the registry (``zhiyuan law RULE``, ``/api/law/RULE``): what it reads, what it answers, what
it cites; and the small helpers the registry's entries share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zhiyuan.law.citations import Citation
from zhiyuan.law.errors import LawError
from zhiyuan.law.reference import Reference


@dataclass(frozen=True)
class Rule:
    """One rule: what it reads, what it answers, what it cites."""

    name: str
    summary_zh: str
    summary_en: str
    inputs: dict[str, str]
    outputs: list[str]
    run: Callable[[object, Reference], dict[str, Any]]
    citations: Callable[[Reference], list[Citation]]
    parameters: Callable[[Reference], list[str]] = field(default=lambda ref: [])
    #: an optional date input that the CLI and the API fill with today's date when it is absent
    #: (``law/`` reads no clock; the edge does)
    today_input: str = ""

    def with_today(self, facts: object, today: dt.date) -> object:
        """``facts`` with :attr:`today_input` set to ``today`` unless the caller gave it."""
        if self.today_input and isinstance(facts, dict) and facts.get(self.today_input) is None:
            return {**facts, self.today_input: today.isoformat()}
        return facts

    def describe(self, ref: Reference) -> dict[str, Any]:
        """The ``zhiyuan law list`` entry."""
        return {
            "name": self.name,
            "summary_zh": self.summary_zh,
            "summary_en": self.summary_en,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "citations": [c.as_dict() | {"text": c.text()} for c in self.citations(ref)],
            "parameters": [param_entry(ref, name) for name in self.parameters(ref)],
        }


def param_entry(ref: Reference, name: str) -> dict[str, Any]:
    p = ref.params[name]
    return {
        "name": name,
        "description_zh": p.description_zh,
        "description_en": p.description_en,
        "values": [{"from": start.isoformat(), "value": value} for start, value in p.values],
        "citation": p.citation.text(),
        "verified": p.citation.verified,
    }


def text_field(facts: object) -> object:
    if not isinstance(facts, dict) or "text" not in facts:
        raise LawError("missing_field", "缺少字段：text。", "Missing field(s): text.", fields=["text"])
    return facts["text"]


def param_citations(ref: Reference, prefix: str) -> list[Citation]:
    return [ref.params[n].citation for n in ref.params.names(prefix)]
