"""deploy/: the systemd units and the container composition run commands that exist, the same ones; the
environment template names only settings the platform reads and fills every key the deploy check asks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _subcommand(command: str) -> str:
    match = re.search(r"/\.venv/bin/zhiyuan (\w+)", command)
    assert match, command
    return match.group(1)


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_a_zhiyuan_command_from_the_environment_file(unit: Path) -> None:
    text = unit.read_text(encoding="utf-8")
    assert "EnvironmentFile=/etc/zhiyuan/zhiyuan.env" in text
    assert "Restart=always" in text
    start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    done = subprocess.run([ZHIYUAN, "help", _subcommand(start)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_composition_runs_the_units_commands() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"db", "web", "public", "worker", "scheduler"} <= set(services)
    from_units = {_subcommand(u.read_text(encoding="utf-8")) for u in UNITS}
    from_compose = {
        _subcommand(" ".join(services[s]["command"])) for s in ("web", "public", "worker", "scheduler")
    }
    assert from_compose == from_units == {"serve", "db_worker", "scheduler"}
    assert "jit=off" in services["db"]["command"]
    public = (DEPLOY / "systemd" / "zhiyuan-public.service").read_text(encoding="utf-8")
    assert "zhiyuan serve --public" in public
    assert services["public"]["command"][-2:] == ["serve", "--public"]


def test_the_environment_template_names_real_settings() -> None:
    read = set(re.findall(r'(?:os\.environ\.get|_flag)\(\s*"(ZHIYUAN_\w+|DATABASE_URL)"', _sources()))
    template = (DEPLOY / "zhiyuan.env.example").read_text(encoding="utf-8")
    named = set(re.findall(r"^#?\s*((?:ZHIYUAN_\w+|DATABASE_URL))=", template, re.M))
    assert named <= read, f"the template names settings nobody reads: {named - read}"
    for key in (
        "ZHIYUAN_SECRET_KEY",
        "ZHIYUAN_FIELD_KEYS",
        "ZHIYUAN_BLIND_INDEX_KEY",
        "ZHIYUAN_AUDIT_SIGNING_KEY",
    ):
        assert f"\n{key}=" in template
    assert "ZHIYUAN_CACHE=database" in template


def _sources() -> str:
    src = ROOT / "src" / "zhiyuan"
    return "\n".join(
        p.read_text(encoding="utf-8") for p in [src / "settings.py", *src.glob("operations/*.py")]
    )
