"""``zhiyuan performance tick`` and ``template``: JSON output, idempotence, exit status 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.performance.conftest import days, payment
from zhiyuan.performance import documents

pytestmark = pytest.mark.django_db


def test_tick_reports_and_is_idempotent(open_title, capsys) -> None:
    open_title([payment("100", days(-3))])
    call_command("performance", "tick", "--today", days(0).isoformat(), "--json")
    first = json.loads(capsys.readouterr().out)
    call_command("performance", "tick", "--today", days(0).isoformat(), "--json")
    second = json.loads(capsys.readouterr().out)
    assert (len(first["warnings"]), first["status_changes"]) == (1, 1)
    assert (second["warnings"], second["status_changes"]) == ([], 0)


def test_enqueue_runs_the_task(open_title, capsys) -> None:
    title = open_title([payment("100", days(-3))])
    call_command("performance", "tick", "--enqueue", "--today", days(0).isoformat())
    assert "enqueued" in capsys.readouterr().out
    assert title.notices.filter(kind="sanction_warning").count() == 1, "the test backend runs it at once"


def test_bad_input_exits_2(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "zhiyuan.cli", "performance"]
    env = {"ZHIYUAN_ENV": "test", "PATH": "/usr/bin:/bin"}
    bad_date = subprocess.run(
        [*cli, "tick", "--today", "2025-13-01"], capture_output=True, text=True, env=env
    )
    assert bad_date.returncode == 2
    assert "--today" in bad_date.stderr
    bad_kind = subprocess.run(
        [*cli, "template", "summons", str(tmp_path / "x.docx")], capture_output=True, text=True, env=env
    )
    assert bad_kind.returncode == 2
    assert "summons" in bad_kind.stderr


def test_template_writes_the_default(tmp_path: Path, capsys) -> None:
    target = tmp_path / "certificate.docx"
    call_command("performance", "template", "certificate", str(target))
    assert documents.validate_template("certificate", target.read_bytes())
    assert "{verification_code}" in capsys.readouterr().out
