"""kill -9 in the middle of posting: a child process posts receipts in a loop, printing each posting after
its commit, and is SIGKILLed. Afterwards every acknowledged posting exists with both its entries, no
posting is half-applied (each has two entries summing to zero), and the balance is the sum of the
postings that exist. On the test's own database (a file SQLite copy, or PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Sum

from tests.sqlite_lock import on_a_file
from zhiyuan.funds import selectors
from zhiyuan.funds.models import Posting

pytestmark = pytest.mark.django_db(transaction=True)
CHILD = str(Path(__file__).with_name("crash_poster.py"))
ACKNOWLEDGED = 12


@contextmanager
def _database_url(tmp_path: Path) -> Iterator[str]:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        yield f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
        return
    with on_a_file(tmp_path, timeout=30) as path:
        yield f"sqlite:///{path}"


def test_kill_9_loses_no_acknowledged_posting_and_leaves_none_half_applied(
    tmp_path: Path, people: dict[str, Any], file_enforcement: Any
) -> None:
    case = file_enforcement()
    with _database_url(tmp_path) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_") and k != "DATABASE_URL"}
        env.update(DATABASE_URL=url, ZHIYUAN_ENV="test", ZHIYUAN_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
        child = subprocess.Popen(
            [sys.executable, CHILD, case.case_number, people["officer"].username],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        acknowledged: dict[int, int] = {}
        deadline = time.monotonic() + 60
        assert child.stdout is not None
        while len(acknowledged) < ACKNOWLEDGED:
            line = child.stdout.readline()
            assert line, f"the child stopped: {child.stderr.read() if child.stderr else ''}"
            n, pk = line.split()
            acknowledged[int(n)] = int(pk)
            assert time.monotonic() < deadline
        os.kill(child.pid, signal.SIGKILL)  # in the middle of its next posting
        rest, _ = child.communicate(timeout=30)
        for line in rest.splitlines():  # printed before the kill: acknowledged too
            n, pk = line.split()
            acknowledged[int(n)] = int(pk)
        assert child.returncode == -signal.SIGKILL
        postings = {
            p.key: p
            for p in Posting.objects.filter(account__case=case).annotate(
                n=Count("entries"), s=Sum("entries__amount")
            )
        }
        for n, pk in acknowledged.items():
            found = postings.get(f"crash-{n}")
            assert found is not None, f"acknowledged posting {n} lost"
            assert found.pk == pk
            assert found.amount == Decimal(f"{n}.01")
        for p in postings.values():  # none half-applied, acknowledged or not
            assert (p.n, p.s) == (2, Decimal(0)), f"posting {p.key} half-applied"
        assert len(postings) in (
            len(acknowledged),
            len(acknowledged) + 1,
        )  # the last may have committed unprinted
        assert selectors.balance(case) == sum((p.amount for p in postings.values()), Decimal(0))
        assert selectors.invariants() == []
