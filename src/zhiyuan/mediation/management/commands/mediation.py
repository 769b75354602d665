"""``zhiyuan mediation suggest [--json] [--text TEXT]`` and ``zhiyuan mediation train [--json]
[--min-examples N] [--held-out SHARE] [--seed N] [--no-seed-corpus] [--output PATH]``.

``suggest --json`` reads ``{"text": "..."}`` on standard input (unless ``--text`` is given) and prints
``{"cause", "focus_type", "confidence", "reasons"}``. Bad JSON, a missing text, or too few examples to
train: a bilingual error (``{"error": {...}}`` on standard output with ``--json``) and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhiyuan.law.errors import LawError
from zhiyuan.mediation import training
from zhiyuan.mediation.suggesting import focus_label, suggest
from zhiyuan.problems import EXIT_STATUS_INVALID


def _text_from(raw: str) -> str:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LawError(
            "invalid_json", f"输入不是有效的 JSON：{exc}", f"Input is not valid JSON: {exc}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise LawError(
            "text_missing",
            '输入须为 {"text": "纠纷简述"}，text 为字符串。',
            'Input must be {"text": "description"} with a string text.',
        )
    return str(data["text"])


class Command(BaseCommand):
    help = "Suggest a cause and focus type for a dispute description, or retrain the suggester."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sug = sub.add_parser("suggest", help='suggest from --text or {"text": ...} on standard input')
        sug.add_argument("--text", help="the description (otherwise JSON on standard input)")
        sug.add_argument("--json", action="store_true", help="print the suggestion as JSON")
        tr = sub.add_parser("train", help="retrain from labelled mediations and the seed corpus")
        tr.add_argument("--json", action="store_true", help="print the training report as JSON")
        tr.add_argument("--min-examples", type=int, default=training.MIN_EXAMPLES)
        tr.add_argument("--held-out", type=float, default=training.HELD_OUT_SHARE, help="share held out")
        tr.add_argument("--seed", type=int, default=training.SPLIT_SEED, help="seed of the held-out draw")
        tr.add_argument("--no-seed-corpus", action="store_true", help="train on the platform's cases only")
        tr.add_argument(
            "--max-per-label",
            type=int,
            default=training.MAX_PER_LABEL,
            help="at most this many platform examples per (focus type, cause); 0 keeps all",
        )
        tr.add_argument("--output", type=Path, help="model file (default $ZHIYUAN_SUGGESTER_MODEL or var/)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            {"suggest": self._suggest, "train": self._train}[options["action"]](options)
        except LawError as err:
            if options.get("json"):
                self.stdout.write(json.dumps({"error": err.as_dict()}, ensure_ascii=False))
            raise CommandError(
                f"[{err.code}] {err.message_zh} ({err.message_en})", returncode=EXIT_STATUS_INVALID
            ) from None

    def _suggest(self, options: dict[str, Any]) -> None:
        text = options["text"]
        if text is None:
            if not options["json"]:
                raise LawError(
                    "text_missing",
                    "请用 --text 给出纠纷简述，或以 --json 从标准输入读取。",
                    "Give the description with --text, or use --json to read it from standard input.",
                )
            text = _text_from(sys.stdin.read())
        result = suggest(text)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(f"纠纷类型 focus type: {focus_label(result.focus_type)} ({result.focus_type})")
        self.stdout.write(f"案由 cause: {result.cause}")
        self.stdout.write(f"把握 confidence: {result.confidence:.2f}")
        for reason in result.reasons:
            self.stdout.write(f"  - {reason}")

    def _train(self, options: dict[str, Any]) -> None:
        report = training.train(
            min_examples=options["min_examples"],
            held_out_share=options["held_out"],
            seed=options["seed"],
            include_seed=not options["no_seed_corpus"],
            path=options["output"],
            max_per_label=options["max_per_label"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return

        def pct(value: float | None) -> str:
            return "-" if value is None else f"{value:.1%}"

        self.stdout.write(
            f"样本 examples: {report.examples} ({', '.join(f'{k} {v}' for k, v in report.sources.items())}); "
            f"留出 held out: {report.held_out}"
        )
        self.stdout.write(f"纠纷类型准确率 focus type accuracy: {pct(report.focus_type_accuracy)}")
        self.stdout.write(f"案由准确率 cause accuracy: {pct(report.cause_accuracy)}")
        for key, row in report.per_class.items():
            self.stdout.write(
                f"  {key:<20} {focus_label(key)}: 样本 {row['examples']}, 留出 {row['held_out']}, 正确 {row['correct']}"
            )
        self.stdout.write(f"模型 model → {report.model_path} ({report.trained_at})")
