"""The one mapping from domain errors to HTTP problem+json (RFC 9457) and CLI exit statuses."""

from __future__ import annotations

from typing import Any

from zhiyuan.law.errors import Denied, LawError

#: error code → HTTP status; anything else is 422 (the facts cannot be processed)
HTTP_STATUS: dict[str, int] = {
    "unknown_rule": 404,
    "case_not_found": 404,
    "dispute_not_found": 404,
    "organization_not_found": 404,
    "title_not_found": 404,
    "urging_not_found": 404,
    "mediation_not_found": 404,
    "concurrent_change": 409,
    "idempotency_conflict": 409,
    "mediation_state": 409,
    "managed_by_workflow": 409,
    "internal_error": 500,
}
EXIT_STATUS_INVALID = 2


def problem(err: LawError) -> tuple[int, dict[str, Any]]:
    """HTTP status and problem+json body for ``err``."""
    status = 403 if isinstance(err, Denied) else HTTP_STATUS.get(err.code, 422)
    body: dict[str, Any] = {
        "type": f"urn:zhiyuan:error:{err.code}",
        "title": err.message_en,
        "status": status,
        "code": err.code,
        "message_zh": err.message_zh,
        "message_en": err.message_en,
    }
    if err.details:
        body["details"] = err.details
    return status, body
