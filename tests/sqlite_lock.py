"""A file SQLite database for tests about its write lock, and a second connection that holds the lock.

An in-memory test database is one connection in one process: there is no lock to wait for. ``on_a_file``
copies it into a file (or uses the file ``make test`` runs on), points Django's connection at it with a short
busy timeout, and puts everything back afterwards. Use it in a transactional test
(``django_db(transaction=True)``), after the fixtures have written what the test needs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections


@contextmanager
def on_a_file(tmp_path: Path, *, timeout: float = 0.3) -> Iterator[Path]:
    """Django's default connection on a file SQLite database with a busy timeout of ``timeout`` seconds;
    yields the file's path."""
    conn = connections["default"]
    if conn.vendor != "sqlite":
        pytest.skip("about SQLite's write lock")
    settings = conn.settings_dict
    name, options = settings["NAME"], dict(settings["OPTIONS"])
    memory = conn.is_in_memory_db()
    kept = None
    if memory:
        path = tmp_path / "locked.sqlite3"
        conn.ensure_connection()
        target = sqlite3.connect(path)
        conn.connection.backup(target)
        target.close()
        kept, conn.connection = conn.connection, None  # the in-memory database lives while it is open
        settings["NAME"] = str(path)
    else:
        path = Path(name)
        conn.close()
    settings["OPTIONS"]["timeout"] = timeout
    conn.ensure_connection()  # the settings' pragmas (WAL) once, as a deployed database has them
    try:
        yield path
    finally:
        conn.close()
        settings["NAME"] = name
        settings["OPTIONS"].clear()
        settings["OPTIONS"].update(options)
        if memory:
            conn.connection = kept


@contextmanager
def write_lock_held(path: Path) -> Iterator[sqlite3.Connection]:
    """A second connection holding the database's write lock (``BEGIN IMMEDIATE``) until the block ends."""
    holder = sqlite3.connect(path, isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def can_write_now(path: Path) -> bool:
    """Whether another connection could take the write lock at once (nobody holds it)."""
    probe = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
