"""The house never grows cycles: an app imports only from layers below it (ARCHITECTURE.md §2)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "zhiyuan"
LAYERS = {
    "law": 0,
    "rulebook": 0,  # rulebook is law's file loader: it may read files, and imports only law
    "privacy": 0,  # field encryption and masking: infrastructure every app may use
    "busy": 0,  # a busy database as a 503 (problem+json or page): any layer answering a request may use it
    "problems": 0,  # the one mapping from domain errors to HTTP problem+json and CLI exit statuses
    "inputs": 0,  # the checks every boundary (form, API, import) applies to amounts, dates and text
    "operations": 5,  # backups and their verified restore (reads every table, checks the audit chain)
    "scheduling": 0,  # the one declaration of periodic jobs every app may add to, and the scheduler
    "workbench": 0,  # the one declaration of workbench panels and menu entries every app may add to
    "documents": 0,  # court documents as DOCX: templates with {fields}, built-in ones, rendering
    "gateway": 0,  # the inquiry network's protocol, the platform's client and its simulator (no models)
    "audit": 1,
    "courts": 1,
    "accounts": 2,
    "parties": 2,
    "cases": 3,
    "mediation": 4,
    "performance": 4,
    "enforcement": 4,
    "funds": 4,
    "credit": 4,
    "affairs": 4,
    "command": 5,
    "dispatch": 5,  # dispatch between courts and orders; command reads its selectors
    "governance": 5,
    "simulation": 5,
}
PEER_MODULES = {"services", "selectors"}  # apps of one layer talk only through these


def _package(path: Path) -> str | None:
    rel = path.relative_to(SRC).parts
    return rel[0] if len(rel) > 1 and rel[0] in LAYERS else None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return [n for n in names if n.startswith("zhiyuan.")]


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    shell = {"management", "templates", "static", "locale", "reference_data"}
    assert packages - shell <= set(LAYERS), f"add new apps to LAYERS: {packages - shell - set(LAYERS)}"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down(path: Path) -> None:
    own = _package(path)
    if own is None:
        return  # the shell may import any app
    for name in _imports(path):
        parts = name.split(".")
        target = parts[1]
        if target == own or target == "law":
            continue
        assert target in LAYERS, f"{path.relative_to(SRC)} imports the shell module {name}"
        assert LAYERS[target] <= LAYERS[own], f"{path.relative_to(SRC)} imports {name} from a higher layer"
        if LAYERS[target] == LAYERS[own] > 0:  # layer 0 is infrastructure (law, its loader, privacy)
            peer_module = parts[2] if len(parts) > 2 else ""
            assert peer_module in PEER_MODULES, f"{name}: same-layer apps use services/selectors"
