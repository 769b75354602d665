"""The public query service's command line comes from the environment (docs/deployment.md)."""

from __future__ import annotations

import multiprocessing

import pytest

from zhiyuan.operations.granian_conf import APPLICATION, argv


def _option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_defaults_are_a_worker_per_core_with_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ZHIYUAN_PUBLIC_BIND", "ZHIYUAN_PUBLIC_WORKERS", "ZHIYUAN_PUBLIC_THREADS"):
        monkeypatch.delenv(name, raising=False)
    args = argv("granian")
    assert (_option(args, "--host"), _option(args, "--port")) == ("127.0.0.1", "8001")
    assert _option(args, "--workers") == str(multiprocessing.cpu_count())
    assert _option(args, "--blocking-threads") == "1"
    assert args[-1] == APPLICATION


def test_the_environment_sizes_and_binds_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIYUAN_PUBLIC_BIND", "[::1]:9001")
    monkeypatch.setenv("ZHIYUAN_PUBLIC_WORKERS", "4")
    monkeypatch.setenv("ZHIYUAN_PUBLIC_THREADS", "3")
    args = argv("granian")
    assert (_option(args, "--host"), _option(args, "--port")) == ("::1", "9001")
    assert (_option(args, "--workers"), _option(args, "--blocking-threads")) == ("4", "3")
    assert _option(argv("granian", "0.0.0.0:8100"), "--port") == "8100"  # the command's --bind wins
