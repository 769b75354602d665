"""``zhiyuan backup`` and ``zhiyuan restore`` as an administrator runs them, on SQLite and PostgreSQL: data
in, backup, restore into a new database, the same rows and case figures, the audit chain intact; a corrupt
backup, a non-empty target and an existing file are refused with nothing written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")
PG = os.environ.get("ZHIYUAN_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
#: a figure of the case data computed independently of the manifest, in each database
FIGURES = (
    "import json; from django.db import connection; from django.db.models import Count, Sum; "
    "from zhiyuan.cases.models import Case; "
    "rows = list(Case.objects.values('type_code').annotate(n=Count('pk'), claim=Sum('claim_amount'))"
    ".order_by('type_code')); "
    "tables = sorted(connection.introspection.table_names()); "
    "print(json.dumps({'cases': [[r['type_code'], r['n'], str(r['claim'])] for r in rows], 'tables': tables}))"
)


def _pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means: no server to test against
        return False


def _run(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_") and k != "DATABASE_URL"}
    env["DATABASE_URL"] = url
    done = subprocess.run([ZHIYUAN, *args], env=env, capture_output=True, text=True, check=False)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """A source and an empty target database of one engine (created for the test, dropped after)."""
    if request.param == "sqlite":
        yield "sqlite", f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    if not _pg_reachable():
        if os.environ.get("CI", "false") not in ("", "false"):
            pytest.fail(f"PostgreSQL does not answer at {PG}: in CI the backup test must run on it")
        pytest.skip(f"PostgreSQL does not answer at {PG}")
    import psycopg

    names = [f"zh_backup_{uuid.uuid4().hex[:10]}_{n}" for n in ("source", "target")]
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield "postgresql", f"{PG}/{names[0]}", f"{PG}/{names[1]}"
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_to_the_same_data_with_the_audit_chain_intact(
    databases: tuple[str, str, str], tmp_path: Path
) -> None:
    engine, source, target = databases
    _run(source, "setup", "--demo-users")
    _run(source, "simulate", "province", "--seed", "3", "--scale", "0.0005", "--years", "1")
    _run(source, "audit", "checkpoint")  # a signed checkpoint the restored chain must still agree with
    file = tmp_path / "zhiyuan.tar.gz"
    manifest = json.loads(_run(source, "backup", str(file), "--json").stdout)
    assert manifest["engine"] == engine
    assert manifest["tables"]["cases_case"] > 100
    assert manifest["audit"]["size"] > 0
    assert "cases.0006_caseparty_name_and_contacts" in manifest["migrations"]
    with tarfile.open(file) as archive:
        assert sorted(archive.getnames()) == sorted(["manifest.json", *manifest["parts"]])
        text = archive.extractfile("manifest.json").read().decode()  # type: ignore[union-attr]
    assert "SECRET" not in text.upper()  # keys are never in a backup

    result = json.loads(_run(target, "restore", str(file), "--json").stdout)
    assert result["problems"] == []
    assert result["audit"]["ok"]
    assert result["audit"]["root"] == manifest["audit"]["root"]
    assert result["rows"] == sum(manifest["tables"].values())
    # the case figures and the tables, computed in each database without the manifest
    assert (
        _run(target, "shell", "--no-imports", "-c", FIGURES).stdout
        == _run(source, "shell", "--no-imports", "-c", FIGURES).stdout
    )
    verified = json.loads(_run(target, "audit", "verify", "--json").stdout)
    assert verified["ok"]
    assert verified["size"] == manifest["audit"]["size"]

    again = _run(target, "restore", str(file), check=False)  # the target now holds data
    assert again.returncode == 2
    assert "restore_target_not_empty" in again.stderr
    exists = _run(source, "backup", str(file), check=False)
    assert exists.returncode == 2
    assert "backup_target_exists" in exists.stderr


def _empty_after(url: str) -> bool:
    probe = "from django.db import connection; print(len(connection.introspection.table_names()))"
    return _run(url, "shell", "--no-imports", "-c", probe).stdout.strip() == "0"


def test_a_corrupt_or_altered_backup_is_refused_and_nothing_written(tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    _run(source, "migrate", "-v0")
    file = tmp_path / "good.tar.gz"
    _run(source, "backup", str(file))
    data = bytearray(file.read_bytes())

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(bytes(data[: len(data) // 2]))
    flipped = tmp_path / "flipped.tar.gz"
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    altered = (
        tmp_path / "altered.tar.gz"
    )  # a well-formed archive whose database is not the one the manifest names
    with tarfile.open(file) as archive, tarfile.open(altered, "w:gz") as out:
        for member in archive.getmembers():
            content = archive.extractfile(member).read()  # type: ignore[union-attr]
            if member.name != "manifest.json":
                content += b"\0"
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))
    foreign = tmp_path / "foreign.tar.gz"
    foreign.write_bytes(b"not a backup at all")

    for n, bad in enumerate((truncated, flipped, altered, foreign)):
        target = f"sqlite:///{tmp_path / f'target{n}.sqlite3'}"
        done = _run(target, "restore", str(bad), check=False)
        assert done.returncode == 2, (bad.name, done.stderr)
        assert "backup_corrupt" in done.stderr, (bad.name, done.stderr)
        assert "Traceback" not in done.stderr
        assert _empty_after(target)
    missing = _run(
        f"sqlite:///{tmp_path / 'target9.sqlite3'}", "restore", str(tmp_path / "none.tar.gz"), check=False
    )
    assert missing.returncode == 2
    assert "backup_not_found" in missing.stderr
