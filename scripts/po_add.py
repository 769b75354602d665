"""Add English translations to the interface catalogue, safely when several people edit at once.

    python scripts/po_add.py translations.json      # {"中文 msgid": "English", ...}
    python scripts/po_add.py '中文=English' ...

Takes an exclusive lock on the catalogue, merges (an existing msgid keeps its entry unless the new
text differs, in which case the new text wins), writes it in its existing order, and compiles the .mo."""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "zhiyuan" / "locale" / "en" / "LC_MESSAGES"


def _pairs(args: list[str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for arg in args:
        if arg.endswith(".json") and Path(arg).exists():
            pairs.update(json.loads(Path(arg).read_text(encoding="utf-8")))
        else:
            zh, sep, en = arg.partition("=")
            if not sep or not zh or not en:
                raise SystemExit(f"expected 中文=English, got {arg!r}")
            pairs[zh] = en
    return pairs


def main(args: list[str]) -> int:
    pairs = _pairs(args)
    po_path = LOCALE / "django.po"
    with (LOCALE / ".po.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with po_path.open("rb") as f:
            catalog = read_po(f)
        for zh, en in pairs.items():
            catalog.add(zh, en)
        with po_path.open("wb") as f:
            write_po(f, catalog, width=0)
        with (LOCALE / "django.mo").open("wb") as f:
            write_mo(f, catalog)
    print(f"{len(pairs)} entries merged into {po_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
