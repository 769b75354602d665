"""The ``zhiyuan`` command: Django's management commands and the project's own, one entry point.

``zhiyuan law …`` is dispatched before Django starts, so rule evaluation stays fast; it loads Django
only to read the reference data an administrator maintains (see ``zhiyuan.law_cli``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run ``zhiyuan ARGS``."""
    args = list(sys.argv if argv is None else ["zhiyuan", *argv])
    if len(args) > 1 and args[1] == "law":
        from zhiyuan.law_cli import main as law_main

        return law_main(args[2:])
    if len(args) > 1 and args[1] == "gateway-sim":  # the simulator needs no Django (docs/gateway.md)
        from zhiyuan.gateway.sim_cli import main as sim_main

        return sim_main(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from zhiyuan.law.errors import LawError
    from zhiyuan.problems import EXIT_STATUS_INVALID

    try:
        execute_from_command_line(args)
    except LawError as err:
        print(f"错误 error [{err.code}]: {err.message_zh} / {err.message_en}", file=sys.stderr)
        return EXIT_STATUS_INVALID
    except ImproperlyConfigured as exc:
        print(f"配置错误 configuration error: {exc}", file=sys.stderr)
        return 78  # EX_CONFIG
    except DatabaseError as exc:
        print(
            f"数据库错误 database error ({type(exc).__name__}): {exc}\n"
            "请检查 DATABASE_URL 并运行 zhiyuan setup (check DATABASE_URL and run `zhiyuan setup`).",
            file=sys.stderr,
        )
        return 69  # EX_UNAVAILABLE
    return 0


if __name__ == "__main__":
    sys.exit(main())
