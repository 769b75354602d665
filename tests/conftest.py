"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from zhiyuan.gateway.process import SimulatorProcess
from zhiyuan.law.reference import Reference
from zhiyuan.rulebook.bundled import reference

#: the browser fixtures, shared by every folder (tests/browser/fixtures.py)
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(scope="session")
def ref() -> Reference:
    """The law core's reference built from the shipped files."""
    return reference()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the shipped reference data once into the test database; each test's transaction rolls back
    its own changes, so loading it per test (about a second each) is unnecessary."""
    from zhiyuan.courts.services import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(db: None) -> None:
    """The shipped reference data (courts, case types, causes, calendar) in the test database."""
    from zhiyuan.courts.models import Court
    from zhiyuan.courts.services import load_reference_data

    if not Court.objects.exists():  # a transactional test before this one flushed the tables
        load_reference_data()


@pytest.fixture
def make_user(reference_data: None):  # type: ignore[no-untyped-def]
    """Factory: ``make_user("name", roles=[...], court="黔0102", ...)`` through the account services; the
    person's full name is the user name unless ``full_name`` is given."""
    from zhiyuan.accounts import services

    def make(
        username: str,
        roles: tuple[str, ...] = (),
        court: str = "",
        organization: str = "",
        id_number: str = "",
        password: str = "Zhiyuan#2026",
        full_name: str = "",
    ) -> object:
        user = services.create_user(
            None,
            username=username,
            password=password,
            court_code=court,
            organization_code=organization,
            id_number=id_number,
            full_name=full_name or username,
        )
        for role in roles:
            services.grant_role(None, user, role)
        user.refresh_from_db()
        user.__dict__.pop("_role_codes", None)
        return user

    return make


def totp_now(user: object) -> str:
    """The current TOTP code of the user's (confirmed or pending) device."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first()
    assert device is not None
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture(autouse=True)
def _fresh_reference_cache() -> None:
    """The platform caches the database reference per process; each test starts without it."""
    from zhiyuan.courts.selectors import forget_reference

    forget_reference()


_DB_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def _uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        _DB_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``ZHIYUAN_TEST_SCOPE=database`` (the second, PostgreSQL run of ``make test``) keeps only the tests
    that touch the database and are not browser walk-throughs: the law core, pure functions, templates and
    the browser run once, in the SQLite run, instead of twice."""
    import os

    if os.environ.get("ZHIYUAN_TEST_SCOPE", "all") != "database":
        return
    keep, drop = [], []
    for item in items:
        (keep if _uses_database(item) and item.get_closest_marker("browser") is None else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Any:
    """Argon2id with its production cost takes about 0.1 s a hash, and the suite creates thousands of
    accounts; tests hash with MD5 (Argon2 still verifies). ``tests/test_settings.py`` holds the production
    setting to Argon2id."""
    from django.conf import settings

    production = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *production]
    yield
    settings.PASSWORD_HASHERS = production


@pytest.fixture(scope="session")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A var directory (``ZHIYUAN_VAR_DIR``) whose static files were collected as a production server's are
    (docs/deployment.md): hashed and compressed. Collected once per test run (about 14 s of CPU): the
    xdist workers share the run's base temporary directory, and the first to take the lock collects;
    tests only read it and put their own database elsewhere."""
    import fcntl
    import os
    import subprocess
    import sys
    from pathlib import Path

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    var, done = shared / "collected-var", shared / "collected-var.done"
    with (shared / "collected-var.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            zhiyuan = str(Path(sys.executable).parent / "zhiyuan")
            var.mkdir(exist_ok=True)
            keys = subprocess.run(
                [zhiyuan, "keys"], capture_output=True, text=True, check=True
            ).stdout.split()
            env = {
                k: v for k, v in os.environ.items() if not k.startswith("ZHIYUAN_") and k != "DATABASE_URL"
            }
            env.update(dict(line.split("=", 1) for line in keys))
            env.update(
                ZHIYUAN_ENV="production",
                ZHIYUAN_PUBLIC_BASE_URL="https://testserver",
                ZHIYUAN_VAR_DIR=str(var),
                DATABASE_URL=f"sqlite:///{var / 'collect.sqlite3'}",
            )
            subprocess.run(
                [zhiyuan, "collectstatic", "--noinput", "-v0"], env=env, capture_output=True, check=True
            )
            done.touch()
    return var


@pytest.fixture
def simulator() -> Iterator[Callable[..., SimulatorProcess]]:
    """Factory: ``simulator(seed=1, latency_ms=50, …)`` starts ``zhiyuan gateway-sim``; all stop after."""
    started: list[SimulatorProcess] = []

    def start(**options: object) -> SimulatorProcess:
        sim = SimulatorProcess(**options).start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        assert sim.stop() == 0, "the simulator exits cleanly on SIGTERM"
