"""Loading and checking the YAML scenarios of ``tests/scenarios/``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so a field named ``on`` stays the string "on"."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass(frozen=True)
class Scenario:
    """One case of a scenario file."""

    rule: str
    source: str
    name: str
    facts: Any
    expect: dict[str, Any]
    warnings: list[str] | None
    error: str | None

    @property
    def id(self) -> str:
        return f"{self.rule}: {self.name}"


def load_all() -> list[Scenario]:
    """Every case of every scenario file."""
    out = []
    for path in sorted(SCENARIO_DIR.glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        for case in doc["cases"]:
            out.append(
                Scenario(
                    doc["rule"],
                    doc["source"],
                    case["name"],
                    case.get("facts", {}),
                    case.get("expect", {}),
                    case.get("warnings"),
                    case.get("error"),
                )
            )
    return out


def dig(result: Any, path: str) -> Any:
    """``a.0.b`` → result["a"][0]["b"]."""
    node = result
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node
