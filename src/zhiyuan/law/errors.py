"""Domain errors with a stable code and a bilingual message."""

from __future__ import annotations

from typing import Any


class LawError(Exception):
    """Invalid facts or an inapplicable rule.

    ``code`` is stable (clients test against it); the messages name the rule in both languages.
    """

    def __init__(self, code: str, message_zh: str, message_en: str, **details: Any) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        """The error object of the JSON contracts."""
        out: dict[str, Any] = {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }
        if self.details:
            out["details"] = self.details
        return out


class Denied(LawError):
    """The actor may not do this (HTTP 403, CLI exit 2). Recorded in the audit log before it is raised."""
