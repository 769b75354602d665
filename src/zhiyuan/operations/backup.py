"""One-file backups of the whole platform and their verified restore (等保 L3: backup and a tested restore).

A backup is a gzip'd tar holding the database (SQLite: a copy made through SQLite's online backup API;
PostgreSQL: ``pg_dump`` custom format) and ``manifest.json``: the platform version, the database engine,
the applied migrations, the row count of every table, the audit log's size, Merkle root and chain hash,
and the SHA-256 of each part. The manifest describes the same state as the dump: on SQLite it is read
from the copy itself; on PostgreSQL it is read in the transaction whose snapshot ``pg_dump`` exports.

Keys are never in a backup: they live in the environment (``zhiyuan keys``, docs/deployment.md), and the
restored platform needs the same ones to read its encrypted fields and to check its signed checkpoints.

A restore goes only into an empty database (no tables) of the same engine, checks every part against the
manifest before it writes anything, and ends by comparing the restored tables and migrations with the
manifest and verifying the whole audit chain against the manifest's root."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from zhiyuan import __version__
from zhiyuan.audit import verification
from zhiyuan.audit.merkle import frontier_push, frontier_root
from zhiyuan.audit.models import AuditEntry
from zhiyuan.law.errors import LawError

FORMAT = 1
MANIFEST = "manifest.json"
PARTS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
GENESIS = "0" * 64
_CHUNK = 1 << 20


def _error(code: str, zh: str, en: str, **details: Any) -> LawError:
    return LawError(code, zh, en, **details)


def engine() -> str:
    """``sqlite`` or ``postgresql``: the engine ``DATABASE_URL`` names."""
    vendor = connection.vendor
    if vendor not in PARTS:
        raise _error(
            "backup_engine_unsupported", f"不支持的数据库：{vendor}。", f"Unsupported database: {vendor}."
        )
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- what a database holds, read through a plain DB-API cursor -------------------------------------------


def _tables(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def describe(cursor: Any, vendor: str) -> dict[str, Any]:
    """The tables with their row counts, the applied migrations, and the audit log's size, Merkle root
    and chain hash (folded from the stored leaf hashes), as ``cursor`` sees the database."""
    tables = _tables(cursor, vendor)
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    migrations: list[str] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    audit = {"size": 0, "root": "", "chain_hash": GENESIS}
    entries = AuditEntry._meta.db_table
    if entries in counts:
        frontier: list[bytes] = []
        cursor.execute(f"SELECT leaf_hash, chain_hash FROM {_quote(entries)} ORDER BY seq")
        size = 0
        while rows := cursor.fetchmany(5000):
            for leaf, chain in rows:
                frontier_push(frontier, size, bytes.fromhex(leaf))
                size += 1
                audit["chain_hash"] = chain
        audit["size"] = size
        audit["root"] = frontier_root(frontier).hex() if size else ""
    return {"tables": counts, "migrations": migrations, "audit": audit}


# --- PostgreSQL connection details for pg_dump / pg_restore ------------------------------------------------


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL client programs (the password through
    PGPASSWORD, never on the command line)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise _error(
            "backup_tool_missing",
            f"找不到 PostgreSQL 客户端程序 {name}（Debian：apt-get install postgresql-client）。",
            f"The PostgreSQL client program {name} is missing (Debian: apt-get install postgresql-client).",
        )
    return found


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise _error(
            "backup_tool_failed",
            f"{what}失败：{done.stderr.strip()[-800:]}",
            f"{what} failed: {done.stderr.strip()[-800:]}",
        )


# --- backup ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """A backup written: where, and its manifest."""

    path: Path
    manifest: dict[str, Any]


def _dump_sqlite(part: Path) -> dict[str, Any]:
    """Copy the database through SQLite's online backup API (consistent while others write), then
    describe the copy."""
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]), timeout=30)
    try:
        target = sqlite3.connect(str(part))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    copy = sqlite3.connect(str(part))
    try:
        return describe(copy.cursor(), "sqlite")
    finally:
        copy.close()


def _dump_postgresql(part: Path) -> dict[str, Any]:
    """``pg_dump`` of the snapshot a repeatable-read transaction exports, described in that transaction."""
    import psycopg

    args, env = _pg_env()
    db = settings.DATABASES["default"]
    conninfo = psycopg.conninfo.make_conninfo(
        dbname=str(db["NAME"]),
        host=str(db.get("HOST") or ""),
        port=str(db.get("PORT") or ""),
        user=str(db.get("USER") or ""),
        password=str(db.get("PASSWORD") or ""),
    )
    with psycopg.connect(conninfo) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            dump = [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
            _run([*dump, f"--snapshot={row[0]}", "--file", str(part), *args], env, "pg_dump")
            return describe(cursor, "postgresql")


def backup(target: Path) -> Written:
    """Write a backup of the database ``DATABASE_URL`` names to ``target`` (a new file; written whole or
    not at all)."""
    vendor = engine()
    if target.exists():
        raise _error(
            "backup_target_exists",
            f"备份文件已存在：{target}（不会覆盖，请换一个文件名）。",
            f"The backup file exists: {target} (not overwritten; choose another name).",
        )
    if not target.parent.is_dir():
        raise _error(
            "backup_target_invalid", f"目录不存在：{target.parent}。", f"No such directory: {target.parent}."
        )
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".zhiyuan-backup-") as tmp:
        part = Path(tmp) / PARTS[vendor]
        state = _dump_sqlite(part) if vendor == "sqlite" else _dump_postgresql(part)
        manifest = {
            "format": FORMAT,
            "product": "zhiyuan",
            "version": __version__,
            "engine": vendor,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            **state,
            "parts": {part.name: {"sha256": _sha256(part), "bytes": part.stat().st_size}},
            "keys": "not included: the keys live in the environment; restore with the same keys",
        }
        (Path(tmp) / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial = Path(tmp) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            archive.add(part, arcname=part.name)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    return Written(target, manifest)


# --- restore -----------------------------------------------------------------------------------------------


def _corrupt(path: Path, why_zh: str, why_en: str) -> LawError:
    return _error(
        "backup_corrupt",
        f"备份文件 {path} 已损坏或不是执源备份：{why_zh}。未写入任何数据。",
        f"The backup {path} is corrupt or not a zhiyuan backup: {why_en}. Nothing was written.",
    )


@contextmanager
def opened(path: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    """The manifest of the backup at ``path`` and the directory its checked parts were unpacked into.
    Only the expected members are read (no links, no paths); each part must match its SHA-256."""
    if not path.is_file():
        raise _error("backup_not_found", f"备份文件不存在：{path}。", f"No such backup file: {path}.")
    with tempfile.TemporaryDirectory(prefix=".zhiyuan-restore-") as tmp:
        try:
            with tarfile.open(path, "r:gz") as archive:
                members = {m.name: m for m in archive.getmembers()}
                allowed = {MANIFEST, *PARTS.values()}
                if MANIFEST not in members or set(members) - allowed:
                    raise _corrupt(path, "成员不符", "unexpected members")
                for member in members.values():
                    if not member.isfile():
                        raise _corrupt(path, "成员不是普通文件", "a member is not a regular file")
                    source = archive.extractfile(member)
                    if source is None:
                        raise _corrupt(path, "成员无法读取", "a member cannot be read")
                    with source, (Path(tmp) / member.name).open("wb") as out:
                        shutil.copyfileobj(source, out, _CHUNK)
        except (tarfile.TarError, gzip.BadGzipFile, EOFError, OSError, zlib.error) as exc:
            raise _corrupt(path, f"无法解包（{type(exc).__name__}）", f"cannot be unpacked ({exc})") from None
        try:
            manifest = json.loads((Path(tmp) / MANIFEST).read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise _corrupt(path, "清单不是有效的 JSON", "the manifest is not valid JSON") from None
        if (
            not isinstance(manifest, dict)
            or manifest.get("format") != FORMAT
            or manifest.get("engine") not in PARTS
        ):
            raise _corrupt(path, "清单格式不符", "the manifest is not of a known format")
        parts = manifest.get("parts")
        if not isinstance(parts, dict) or set(parts) != {PARTS[manifest["engine"]]}:
            raise _corrupt(path, "清单所列部分不符", "the manifest lists other parts")
        for name, facts in parts.items():
            part = Path(tmp) / name
            if not part.is_file() or _sha256(part) != facts.get("sha256"):
                raise _corrupt(path, f"{name} 的 SHA-256 与清单不符", f"{name} does not match its SHA-256")
        yield manifest, Path(tmp)


def _refuse_non_empty(vendor: str) -> None:
    with connection.cursor() as cursor:
        tables = _tables(cursor, vendor)
    if tables:
        raise _error(
            "restore_target_not_empty",
            f"目标数据库不是空的（已有 {len(tables)} 个表）：恢复只写入新建的空数据库，以免覆盖现有数据。",
            f"The target database is not empty ({len(tables)} tables): a restore goes only into a new, "
            "empty database, so that nothing is overwritten.",
            tables=len(tables),
        )


def _load_sqlite(part: Path) -> None:
    name = str(settings.DATABASES["default"]["NAME"])
    connection.close()
    source = sqlite3.connect(str(part))
    try:
        target = sqlite3.connect(name)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def _load_postgresql(part: Path) -> None:
    args, env = _pg_env()
    connection.close()
    restore = [
        _program("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    _run([*restore, *args, str(part)], env, "pg_restore")


def restore(path: Path) -> dict[str, Any]:
    """Restore the backup at ``path`` into the empty database ``DATABASE_URL`` names and check it against
    the manifest. Returns the result; raises ``restore_mismatch`` when the restored data differ."""
    vendor = engine()
    with opened(path) as (manifest, folder):
        if manifest["engine"] != vendor:
            raise _error(
                "backup_engine_mismatch",
                f"备份来自 {manifest['engine']}，目标数据库是 {vendor}：只能恢复到同类数据库。",
                f"The backup is of {manifest['engine']} and the target is {vendor}: restore into the same engine.",
            )
        _refuse_non_empty(vendor)
        part = folder / PARTS[vendor]
        _load_sqlite(part) if vendor == "sqlite" else _load_postgresql(part)
    with connection.cursor() as cursor:
        restored = describe(cursor, vendor)
    problems = []
    if restored["tables"] != manifest["tables"]:
        differ = sorted(
            t
            for t in set(restored["tables"]) | set(manifest["tables"])
            if restored["tables"].get(t) != manifest["tables"].get(t)
        )
        problems.append(f"tables: {', '.join(differ[:20])}")
    if restored["migrations"] != manifest["migrations"]:
        problems.append("migrations")
    report = verification.verify()
    if not report.ok:
        problems.append(f"audit chain broken at entry {(report.first_broken or {}).get('seq')}")
    elif (report.size, report.root or "") != (manifest["audit"]["size"], manifest["audit"]["root"]):
        problems.append("audit root")
    result = {
        "restored": str(path),
        "engine": vendor,
        "version": manifest["version"],
        "created_at": manifest["created_at"],
        "tables": len(restored["tables"]),
        "rows": sum(restored["tables"].values()),
        "audit": {"size": report.size, "root": report.root, "ok": report.ok},
        "problems": problems,
    }
    if problems:
        raise _error(
            "restore_mismatch",
            f"恢复后的数据与备份清单不符（{'；'.join(problems)}）：请勿使用该数据库。",
            f"The restored data do not match the backup's manifest ({'; '.join(problems)}): do not use it.",
            result=result,
        )
    return result
