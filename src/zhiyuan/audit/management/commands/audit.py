"""``zhiyuan audit verify [--json] [--checkpoint FILE]``, ``zhiyuan audit checkpoint [--out FILE]`` and
``zhiyuan audit public-key [--json]``.

``verify`` recomputes the whole chain (and checks the checkpoints stored in the database on the way); with
``--checkpoint`` it also checks a checkpoint kept elsewhere, which counts only if one of this deployment's
keys signed it (the current key or a retired one in ``ZHIYUAN_AUDIT_RETIRED_PUBLIC_KEYS``). Exit status 1
when the chain is broken or the checkpoint does not hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhiyuan.audit import keys, verification
from zhiyuan.audit.services import Actor, write_checkpoint

EXIT_BROKEN = 1


class Command(BaseCommand):
    help = "Verify the audit chain, write a signed checkpoint (size, Merkle root, time), or show the keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("verify", help="recompute the chain; report the first broken entry")
        v.add_argument("--json", action="store_true")
        v.add_argument("--checkpoint", type=Path, help="also check a checkpoint file kept elsewhere")
        c = sub.add_parser("checkpoint", help="verify, then sign and store (size, root, time)")
        c.add_argument("--out", type=Path, help="also write the checkpoint to this file")
        k = sub.add_parser("public-key", help="the public keys checkpoints are verified with")
        k.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            self._checkpoint(options["out"])
        elif options["action"] == "public-key":
            self._public_keys(options["json"])
        else:
            self._verify(options["checkpoint"], options["json"])

    def _checkpoint(self, out: Path | None) -> None:
        try:
            cp, _ = write_checkpoint(Actor.system("zhiyuan audit checkpoint"), out)
        except verification.ChainBroken as exc:
            raise CommandError(f"审计链已损坏，未写检查点 (chain broken, no checkpoint): {exc}") from exc
        except OSError as exc:
            raise CommandError(
                f"无法写入检查点文件，未写检查点 (cannot write the checkpoint file): {exc}"
            ) from exc
        self.stdout.write(json.dumps(cp, ensure_ascii=False))

    def _public_keys(self, as_json: bool) -> None:
        rows = [
            {"key_id": k.key_id, "status": k.status, "public_key": k.public_b64}
            for k in keys.deployment_keys()
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            label = "当前 current" if row["status"] == "current" else "已停用 retired"
            self.stdout.write(f"{row['key_id']} {label}: {row['public_key']}")

    def _verify(self, checkpoint_file: Path | None, as_json: bool) -> None:
        report = verification.verify().as_dict()
        if checkpoint_file:
            try:
                cp = json.loads(checkpoint_file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(f"无法读取检查点文件 (cannot read the checkpoint): {exc}") from exc
            report["checkpoint"] = verification.verify_checkpoint(cp)
            report["ok"] = report["ok"] and report["checkpoint"]["ok"]
            if report["checkpoint"]["ok"]:  # a checkpoint kept elsewhere was compared
                report["warnings"] = [w for w in report["warnings"] if w["code"] != "no_external_checkpoint"]
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self._show(report)
        if not report["ok"]:
            raise SystemExit(EXIT_BROKEN)

    def _show(self, report: dict[str, Any]) -> None:
        broken = report["first_broken"]
        if broken:
            self.stdout.write(
                self.style.ERROR(
                    f"审计链校验未通过，第 {broken['seq']} 条 (audit chain fails at entry {broken['seq']}) "
                    f"[{broken['problem']}]: {broken['message_zh']} {broken['message_en']}"
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"审计链完整 (audit chain intact): {report['size']} entries, root {report['root']}"
                )
            )
        cp = report["checkpoint"]
        if cp:
            style = self.style.SUCCESS if cp["ok"] else self.style.ERROR
            label = f"检查点 checkpoint [{cp['code']}]" if cp["code"] else "检查点 checkpoint"
            self.stdout.write(style(f"{label}: {cp['message_zh']} {cp['message_en']}"))
        for warning in report["warnings"]:
            self.stdout.write(
                self.style.WARNING(
                    f"注意 warning [{warning['code']}]: {warning['message_zh']} {warning['message_en']}"
                )
            )
