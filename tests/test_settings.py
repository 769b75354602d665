"""Settings come from the environment; SQLite runs with WAL, FULL sync and foreign keys; secrets are guarded."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")


@pytest.mark.django_db
def test_sqlite_pragmas() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cur:
        cur.execute("PRAGMA foreign_keys")
        assert cur.fetchone()[0] == 1
        cur.execute("PRAGMA synchronous")
        assert cur.fetchone()[0] == 2  # FULL


def test_file_database_uses_wal(tmp_path: Path) -> None:
    db = tmp_path / "z.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "ZHIYUAN_ENV": "development"}
    code = "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    done = subprocess.run(
        [ZHIYUAN, "shell", "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "wal", done.stderr


@pytest.mark.parametrize("secret", [None, "short"])
def test_production_refuses_a_default_or_weak_secret(secret: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ZHIYUAN_SECRET_KEY"}
    env["ZHIYUAN_ENV"] = "production"
    if secret:
        env["ZHIYUAN_SECRET_KEY"] = secret
    done = subprocess.run([ZHIYUAN, "check"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "ZHIYUAN_SECRET_KEY" in done.stderr
    assert "Traceback" not in done.stderr


def test_production_starts_with_real_secrets(tmp_path: Path) -> None:
    done = subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True)
    keys = dict(line.split("=", 1) for line in done.stdout.split())
    assert set(keys) == {
        "ZHIYUAN_SECRET_KEY",
        "ZHIYUAN_FIELD_KEYS",
        "ZHIYUAN_FIELD_CIPHER",
        "ZHIYUAN_BLIND_INDEX_KEY",
        "ZHIYUAN_AUDIT_SIGNING_KEY",
    }
    env = {
        **os.environ,
        **keys,
        "ZHIYUAN_ENV": "production",
        "ZHIYUAN_PUBLIC_BASE_URL": "https://zhiyuan.court.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
    }
    done = subprocess.run([ZHIYUAN, "check"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@functools.cache
def _keys() -> list[str]:
    """One ``zhiyuan keys`` for the five cases below (a Django start, about 1 s of CPU, each)."""
    return subprocess.run([ZHIYUAN, "keys"], capture_output=True, text=True, check=True).stdout.split()


@pytest.mark.parametrize("base", [None, "", "zhiyuan.court.example", "https://", "https://a.example/?x=1"])
def test_production_refuses_a_missing_or_malformed_public_base_url(tmp_path: Path, base: str | None) -> None:
    """Notices print their verification address from ZHIYUAN_PUBLIC_BASE_URL: never a development default."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_")}
    env.update(dict(line.split("=", 1) for line in _keys()))
    env.update({"ZHIYUAN_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    if base is not None:
        env["ZHIYUAN_PUBLIC_BASE_URL"] = base
    done = subprocess.run([ZHIYUAN, "check"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 78
    assert "ZHIYUAN_PUBLIC_BASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_unreachable_database_gives_a_clear_error() -> None:
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    done = subprocess.run([ZHIYUAN, "setup"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 69
    assert "DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr


def test_production_refuses_missing_encryption_keys(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_")}
    env.update({"ZHIYUAN_ENV": "production", "ZHIYUAN_SECRET_KEY": "s" * 50})
    done = subprocess.run([ZHIYUAN, "check"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 78
    assert "ZHIYUAN_FIELD_KEYS" in done.stderr


def test_passwords_are_hashed_with_argon2id() -> None:
    """Production hashes with Argon2id (the suite swaps in a fast hasher, see tests/conftest.py)."""
    from zhiyuan import settings as module

    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
