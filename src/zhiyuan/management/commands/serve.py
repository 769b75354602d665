"""``zhiyuan serve [--bind HOST:PORT] [--public]``: the production web server — Gunicorn with the platform's
configuration (:mod:`zhiyuan.operations.gunicorn_conf`), static files through WhiteNoise; with ``--public``
the public credit query service instead — Granian with :mod:`zhiyuan.operations.granian_conf`, answering
``GET /api/public/credit`` only. The systemd units and the containers run these same commands; ``make demo``
keeps Django's development server."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhiyuan.operations import granian_conf


class Command(BaseCommand):
    help = (
        "Serve the platform with Gunicorn (production), or with --public the public credit query service "
        "with Granian; settings from the environment."
    )
    requires_system_checks: list[str] = []  # the servers' workers load the application and check it

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            help="HOST:PORT (default ZHIYUAN_BIND or 127.0.0.1:8000; with --public ZHIYUAN_PUBLIC_BIND or "
            "127.0.0.1:8001)",
        )
        parser.add_argument(
            "--public", action="store_true", help="the public credit query service (GET /api/public/credit)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bin_dir = Path(sys.executable).parent
        if options["public"]:
            argv = granian_conf.argv(str(bin_dir / "granian"), options["bind"])
        else:
            # imported here: it sets the metric files' folder (PROMETHEUS_MULTIPROC_DIR) for Gunicorn's
            # workers, which the public service, exporting no metrics, must not inherit
            from zhiyuan.operations import gunicorn_conf

            argv = [str(bin_dir / "gunicorn"), "--config", f"python:{gunicorn_conf.__name__}"]
            if options["bind"]:
                argv += ["--bind", options["bind"]]
            argv.append("zhiyuan.wsgi:application")
        sys.stdout.flush()
        os.execv(argv[0], argv)
