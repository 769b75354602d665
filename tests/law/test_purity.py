"""``law/`` is pure: no Django, no I/O, no clock — checked statically and at run time."""

from __future__ import annotations

import ast
import builtins
import contextlib
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.law.scenarios import load_all
from zhiyuan.law.errors import LawError
from zhiyuan.law.reference import Reference
from zhiyuan.law.rules import RULES

LAW_DIR = Path(__file__).resolve().parents[2] / "src" / "zhiyuan" / "law"
ALLOWED_IMPORTS = {
    "__future__",
    "calendar",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "itertools",
    "math",
    "re",
    "typing",
    "stdnum",
}
FORBIDDEN_CALLS = {"open", "input", "print", "exec", "eval", "__import__"}
CLOCK_ATTRS = {"now", "today", "utcnow", "time", "monotonic", "perf_counter"}


def _modules() -> list[Path]:
    return sorted(LAW_DIR.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_imports_only_pure_modules(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in ALLOWED_IMPORTS or name.startswith("zhiyuan.law"), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_no_io_or_clock_calls(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {func.id}()"
            if isinstance(func, ast.Attribute):
                assert func.attr not in CLOCK_ATTRS, (
                    f"{path.name}:{node.lineno} reads the clock ({func.attr})"
                )


def test_importing_law_loads_no_django() -> None:
    code = (
        "import sys, zhiyuan.law.rules, zhiyuan.law.reference; "
        "bad = [m for m in sys.modules if m.split('.')[0] in {'django', 'sqlite3', 'psycopg', 'requests', 'httpx', 'yaml'}]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_rules_do_no_io_at_run_time(ref: Reference, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scenario again, with file and network access made to fail."""
    cases = load_all()
    for case in cases:  # warm the loader's caches (the region table is read lazily, outside law/)
        with contextlib.suppress(LawError):
            RULES[case.rule].run(case.facts, ref)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("I/O attempted inside the law core")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(socket, "socket", refuse)
    for case in cases:
        with contextlib.suppress(LawError):
            RULES[case.rule].run(case.facts, ref)
