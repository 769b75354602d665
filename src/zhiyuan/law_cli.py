"""``zhiyuan law RULE [--json] [--batch] [--FIELD VALUE …]`` and ``zhiyuan law list``.

Facts come as one JSON object on standard input (or as ``--field value`` flags); the result is one JSON
object on standard output. Malformed JSON or invalid facts → exit status 2 and ``{"error": {…}}``.
With ``--batch`` every input line is one facts object and every output line one result (an error
object on the line of a bad input), in order; the exit status is then 0 once every line is answered.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import IO, Any

import orjson

from zhiyuan.law.errors import LawError
from zhiyuan.law.reference import Reference
from zhiyuan.law.rules import RULES
from zhiyuan.problems import EXIT_STATUS_INVALID

log = logging.getLogger(__name__)
EXIT_INVALID = EXIT_STATUS_INVALID


def load_reference(source: str) -> Reference:
    """``files``: the shipped data; ``database``: what administrators maintain; ``auto``: the database
    when it has been set up (``zhiyuan setup``), otherwise the files."""
    from zhiyuan.rulebook import bundled

    if source == "files":
        return bundled.reference()
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
    import django

    django.setup()
    from zhiyuan.courts import selectors

    ref = selectors.reference_or_none()
    if ref is not None:
        return ref
    if source == "database":
        raise LawError("reference_not_loaded", "数据库中没有参考数据，请先运行 zhiyuan setup。",
                       "The database holds no reference data; run `zhiyuan setup` first.")
    return bundled.reference()


def _error(err: LawError) -> dict[str, Any]:
    return {"error": err.as_dict()}


def _internal(exc: Exception) -> dict[str, Any]:
    log.exception("law rule failed")
    return {"error": {"code": "internal_error", "message_zh": f"内部错误：{type(exc).__name__}。",
                      "message_en": f"Internal error: {type(exc).__name__}."}}


def _answer(run: Callable[[object, Reference], dict[str, Any]], line: bytes | str, ref: Reference) -> dict[str, Any]:
    try:
        facts = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return _error(LawError("invalid_json", f"输入不是有效的 JSON：{exc}", f"Input is not valid JSON: {exc}"))
    try:
        return run(facts, ref)
    except LawError as err:
        return _error(err)
    except Exception as exc:  # noqa: BLE001 - the edge: a bug must not cost the rest of a batch
        return _internal(exc)


def _flags_to_facts(extra: list[str]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    key = None
    for token in extra:
        if token.startswith("--") and len(token) > 2:
            key = token[2:].replace("-", "_")
            facts[key] = True
        elif key is not None:
            facts[key] = token
            key = None
        else:
            raise LawError("unexpected_argument", f"无法理解的参数：{token}", f"Unexpected argument: {token}")
    return facts


def _write(out: IO[bytes], result: dict[str, Any], pretty: bool) -> None:
    opts = orjson.OPT_APPEND_NEWLINE | (orjson.OPT_INDENT_2 if pretty else 0)
    out.write(orjson.dumps(result, option=opts))


def main(argv: list[str], stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None) -> int:
    """Entry point of ``zhiyuan law``; returns the exit status."""
    inp = stdin if stdin is not None else sys.stdin.buffer
    out = stdout if stdout is not None else sys.stdout.buffer
    parser = argparse.ArgumentParser(prog="zhiyuan law", description="Rules as code (法律规则计算).")
    parser.add_argument("rule", help="a rule name, or `list`: " + ", ".join(RULES))
    parser.add_argument("--json", action="store_true", help="compact JSON (one line); default is indented")
    parser.add_argument("--batch", action="store_true", help="JSON Lines in, one result per line out")
    parser.add_argument("--reference", choices=["auto", "files", "database"], default="auto",
                        help="reference data: the database when set up (auto), or the shipped files")
    args, extra = parser.parse_known_args(argv)
    pretty = not args.json and not args.batch
    try:
        ref = load_reference(args.reference)
        if args.rule == "list":
            _write(out, {"rules": [r.describe(ref) for r in RULES.values()]}, pretty)
            return 0
        rule = RULES.get(args.rule)
        if rule is None:
            raise LawError("unknown_rule", f"未知规则“{args.rule}”。可用：{', '.join(RULES)}。",
                           f"Unknown rule '{args.rule}'. Known: {', '.join(RULES)}.")
        if args.batch:
            for line in inp:
                if line.strip():
                    _write(out, _answer(rule.run, line, ref), False)
            out.flush()
            return 0
        data = orjson.dumps(_flags_to_facts(extra)) if extra else inp.read()
        result = _answer(rule.run, data, ref)
    except LawError as err:
        result = _error(err)
    _write(out, result, pretty)
    out.flush()
    return EXIT_INVALID if "error" in result and "ok" not in result else 0
