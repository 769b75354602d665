"""Reading facts objects: required fields and ISO dates, with bilingual errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhiyuan.law.errors import LawError


def require_fields(facts: object, *names: str) -> dict[str, Any]:
    """Check that ``facts`` is an object holding ``names``; return it typed as a dict."""
    if not isinstance(facts, dict):
        raise LawError("facts_not_object", "输入必须是 JSON 对象。", "Facts must be a JSON object.")
    missing = [n for n in names if facts.get(n) is None]
    if missing:
        raise LawError(
            "missing_field",
            f"缺少字段：{', '.join(missing)}。",
            f"Missing field(s): {', '.join(missing)}.",
            fields=missing,
        )
    return facts


def parse_date(value: object, field: str) -> dt.date:
    """Parse an ISO date (``YYYY-MM-DD``)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise LawError(
        "date_invalid",
        f"日期“{field}”应为 YYYY-MM-DD 格式的有效日期：{value!r}。",
        f"Date '{field}' must be a valid YYYY-MM-DD date: {value!r}.",
        field=field,
    )


def parse_flag(value: object, name: str) -> bool:
    """A JSON boolean (or the text ``true``/``false`` that ``--FIELD VALUE`` flags give)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise LawError(
        "boolean_invalid",
        f"字段“{name}”须为 true 或 false：{value!r}。",
        f"Field '{name}' must be true or false: {value!r}.",
        field=name,
    )


def parse_choice(value: object, name: str, choices: tuple[str, ...], *, field: str = "") -> str:
    """One of ``choices`` (exact text); else the error ``{name}_invalid`` naming ``field`` (default
    ``name``, e.g. ``claims[2].kind``)."""
    if isinstance(value, str) and value in choices:
        return value
    where = field or name
    allowed = " | ".join(choices)
    raise LawError(
        f"{name}_invalid",
        f"字段“{where}”须为 {allowed} 之一：{value!r}。",
        f"Field '{where}' must be one of {allowed}: {value!r}.",
        field=where,
        choices=list(choices),
    )
