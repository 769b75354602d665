"""Parallel writers in tests: jobs released at once in threads, and the skip for a database that has only
one connection (the in-memory SQLite test database; `make test` runs on a file and on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections


def race(*jobs: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    """Run the jobs in parallel threads released at once; their results and errors."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(job())
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def skip_on_one_connection() -> None:
    """Skip a test of parallel writers where the database is one connection."""
    name = str(connection.settings_dict["NAME"])
    if "memory" in name or name == "":
        pytest.skip("an in-memory SQLite test database is one connection; `make test` uses a file")
