"""``zhiyuan serve [--bind HOST:PORT]``: the production web server — Gunicorn with the platform's
configuration (:mod:`zhiyuan.operations.gunicorn_conf`), static files through WhiteNoise. The systemd unit
and the container run this same command; ``make demo`` keeps Django's development server."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhiyuan.operations import gunicorn_conf


class Command(BaseCommand):
    help = "Serve the platform with Gunicorn (production); settings from the environment."
    requires_system_checks: list[str] = []  # Gunicorn's workers load the application and check it

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="HOST:PORT (default ZHIYUAN_BIND or 127.0.0.1:8000)")

    def handle(self, *args: Any, **options: Any) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        argv = [str(gunicorn), "--config", f"python:{gunicorn_conf.__name__}"]
        if options["bind"]:
            argv += ["--bind", options["bind"]]
        argv.append("zhiyuan.wsgi:application")
        sys.stdout.flush()
        os.execv(argv[0], argv)
