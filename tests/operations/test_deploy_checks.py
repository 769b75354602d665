"""``zhiyuan check --deploy`` lists what a production instance lacks and exits non-zero when anything is."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


@functools.cache
def _generated_keys() -> str:
    """One ``zhiyuan keys`` per test process (a Django start, about 1 s of CPU); each check gets a copy."""
    return subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True).stdout


def _keys() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _generated_keys().split())


def _check(tmp_path: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    # a server's environment: not the test process's (pytest-playwright sets DJANGO_ALLOW_ASYNC_UNSAFE)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHIYUAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    env.update(env_extra)
    return subprocess.run(
        [ZHIYUAN, "check", "--deploy"], env=env, capture_output=True, text=True, check=False
    )


PRODUCTION = {
    "ZHIYUAN_ENV": "production",
    "ZHIYUAN_ALLOWED_HOSTS": "zhiyuan.court.example",
    "ZHIYUAN_PUBLIC_BASE_URL": "https://zhiyuan.court.example",
    "ZHIYUAN_CACHE": "database",
}


def test_a_complete_production_configuration_passes_with_the_sqlite_warning(tmp_path: Path) -> None:
    done = _check(tmp_path, **_keys(), **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "zhiyuan.W001" in done.stderr + done.stdout  # PostgreSQL is the production database


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"ZHIYUAN_CACHE": "local"}, "zhiyuan.E006"),
        ({"ZHIYUAN_ALLOWED_HOSTS": "127.0.0.1,localhost"}, "zhiyuan.E003"),
        ({"ZHIYUAN_PUBLIC_BASE_URL": "http://zhiyuan.court.example"}, "zhiyuan.E004"),
        ({"ZHIYUAN_HSTS_SECONDS": "0"}, "zhiyuan.E005"),
    ],
)
def test_each_missing_piece_is_named_and_fails_the_check(
    tmp_path: Path, change: dict[str, str], code: str
) -> None:
    done = _check(tmp_path, **_keys(), **{**PRODUCTION, **change})
    assert done.returncode != 0
    assert code in done.stderr
    assert "Traceback" not in done.stderr


def test_a_development_configuration_lists_environment_and_keys(tmp_path: Path) -> None:
    done = _check(tmp_path)
    assert done.returncode != 0
    for code in ("zhiyuan.E001", "zhiyuan.E002", "zhiyuan.E003", "zhiyuan.E004", "zhiyuan.E006"):
        assert code in done.stderr
    assert "ZHIYUAN_AUDIT_SIGNING_KEY" in done.stderr


def test_a_missing_key_stops_a_production_start(tmp_path: Path) -> None:
    keys = _keys()
    del keys["ZHIYUAN_FIELD_KEYS"]
    done = _check(tmp_path, **keys, **PRODUCTION)
    assert done.returncode == 78
    assert "ZHIYUAN_FIELD_KEYS" in done.stderr


def test_postgresql_with_jit_on_is_named(tmp_path: Path) -> None:
    url = os.environ.get("ZHIYUAN_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432") + "/postgres"
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import psycopg; c = psycopg.connect({url!r}, connect_timeout=3); "
            "print(c.execute('SHOW jit').fetchone()[0])",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip("PostgreSQL does not answer")
    done = _check(tmp_path, **_keys(), **PRODUCTION, DATABASE_URL=url)
    if probe.stdout.strip() == "on":
        assert done.returncode != 0
        assert "zhiyuan.E008" in done.stderr
    else:
        assert "zhiyuan.E008" not in done.stderr
