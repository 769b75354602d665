"""``law/`` reads no clock: for ``law identity`` the CLI and the API fill the date of the check (``on``)
with today's date (Asia/Shanghai) when the caller gives none, so a birth date after today is invalid."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from stdnum.cn import ric

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


def born_on(day: dt.date) -> str:
    body = f"520102{day:%Y%m%d}001"
    return body + ric.calc_check_digit(body + "0")  # stdnum's check digit, independent of law.identity


def test_the_cli_checks_on_today() -> None:
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    lines = [
        json.dumps({"number": born_on(today + dt.timedelta(days=2))}),
        json.dumps({"number": born_on(today - dt.timedelta(days=2))}),
        json.dumps(
            {
                "number": born_on(today + dt.timedelta(days=2)),
                "on": (today + dt.timedelta(days=3)).isoformat(),
            }
        ),
    ]
    env = {"PATH": str(Path(sys.executable).parent), "ZHIYUAN_ENV": "test", "HOME": "/tmp"}
    out = subprocess.run(
        [ZHIYUAN, "law", "identity", "--batch", "--reference", "files"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    future, past, given = (json.loads(line) for line in out.stdout.splitlines())
    assert (future["valid"], future["reason"]) == (False, "birth_date_future")
    assert future["on"] in {today.isoformat(), (today + dt.timedelta(days=1)).isoformat()}  # midnight
    assert past["valid"] is True
    assert given["valid"] is True  # a date the caller gives is kept


@pytest.mark.django_db
def test_the_api_checks_on_today(client) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    today = timezone.localdate()
    r = client.post(
        "/api/law/identity",
        {"number": born_on(today + dt.timedelta(days=2))},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert (r.json()["valid"], r.json()["reason"], r.json()["on"]) == (
        False,
        "birth_date_future",
        today.isoformat(),
    )
