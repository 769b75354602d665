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
    "text_control_character": 400,  # zhiyuan.inputs: refused before any view runs
    "internal_error": 500,
    "database_busy": 503,  # zhiyuan.busy: a lock not obtained in time; the client sends it again later
    # raised by the web layer rather than a rule (see FRAMEWORK_ERRORS)
    "bad_request": 400,
    "not_authenticated": 401,
    "forbidden": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "payload_too_large": 413,
    "invalid_input": 422,
    "throttled": 429,
}
EXIT_STATUS_INVALID = 2

#: HTTP status of an error the web framework raises (malformed body, missing credentials, unknown path,
#: failed parameter validation, ...) → its stable code and messages; any other status is ``http_<status>``
FRAMEWORK_ERRORS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "请求无法解析。", "The request could not be parsed."),
    401: (
        "not_authenticated",
        "需要登录或有效的接口令牌（Authorization: Bearer …）。",
        "Authentication required: sign in, or send a valid token (Authorization: Bearer …).",
    ),
    403: ("forbidden", "无权执行此操作。", "You may not do this."),
    404: ("not_found", "请求的资源不存在。", "Not found."),
    405: ("method_not_allowed", "不支持此请求方法。", "Method not allowed."),
    413: ("payload_too_large", "请求内容过大。", "The request is too large."),
    422: ("invalid_input", "请求数据无效。", "The request data is invalid."),
    429: ("throttled", "请求过于频繁，请稍后再试。", "Too many requests; try again later."),
    500: ("internal_error", "服务器内部错误，已记录。", "Internal server error; it has been logged."),
}


def framework_error(status: int, **details: Any) -> LawError:
    """The domain error standing for an HTTP error of the web framework (its code by status)."""
    code, zh, en = FRAMEWORK_ERRORS.get(status, (f"http_{status}", f"HTTP {status}", f"HTTP {status}"))
    return LawError(code, zh, en, **details)


def problem(err: LawError) -> tuple[int, dict[str, Any]]:
    """HTTP status and problem+json body for ``err``."""
    status = 403 if isinstance(err, Denied) else HTTP_STATUS.get(err.code, 422)
    if err.code.startswith("http_") and err.code[5:].isdigit():
        status = int(err.code[5:])
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
