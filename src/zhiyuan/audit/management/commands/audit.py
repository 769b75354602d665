"""``zhiyuan audit verify [--json] [--checkpoint FILE]`` and ``zhiyuan audit checkpoint [--out FILE]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhiyuan.audit import verification
from zhiyuan.audit.services import Actor, record

EXIT_BROKEN = 1


class Command(BaseCommand):
    help = "Verify the audit chain, or write a signed checkpoint (size, Merkle root, time)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("verify", help="recompute the chain; report the first broken entry")
        v.add_argument("--json", action="store_true")
        v.add_argument("--checkpoint", type=Path, help="also check a checkpoint file kept elsewhere")
        c = sub.add_parser("checkpoint", help="verify, then sign and store (size, root, time)")
        c.add_argument("--out", type=Path, help="also write the checkpoint to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            try:
                cp = verification.checkpoint()
            except ValueError as exc:
                raise CommandError(f"审计链已损坏，未写检查点 (chain broken, no checkpoint): {exc}") from exc
            record(
                Actor.system("zhiyuan audit checkpoint"),
                "audit.checkpoint",
                object_type="audit.checkpoint",
                object_id=str(cp["size"]),
                after={"size": cp["size"], "root": cp["root"]},
            )
            text = json.dumps(cp, ensure_ascii=False)
            if options["out"]:
                options["out"].write_text(text + "\n", encoding="utf-8")
            self.stdout.write(text)
            return
        report = verification.verify().as_dict()
        if options["checkpoint"]:
            try:
                cp = json.loads(options["checkpoint"].read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise CommandError(f"无法读取检查点文件 (cannot read the checkpoint): {exc}") from exc
            report["checkpoint"] = verification.verify_checkpoint(cp)
            report["ok"] = report["ok"] and report["checkpoint"]["ok"]
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        elif report["ok"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"审计链完整 (audit chain intact): {report['size']} entries, root {report['root']}"
                )
            )
        else:
            b = report["first_broken"] or {}
            self.stdout.write(
                self.style.ERROR(
                    f"审计链在第 {b.get('seq')} 条处断裂 (chain broken at entry {b.get('seq')}): {b.get('problem')}"
                    if b
                    else "检查点与日志不符 (the checkpoint does not match the log)"
                )
            )
        if not report["ok"]:
            raise SystemExit(EXIT_BROKEN)
