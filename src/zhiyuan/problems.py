"""The one mapping from domain errors to HTTP problem+json (RFC 9457) and CLI exit statuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import get_language

from zhiyuan.law.errors import Denied, LawError


def english() -> bool:
    """Is the current language English (the switch); else the interface is Chinese."""
    return (get_language() or "").startswith("en")


def in_words(err: LawError, form: Any = None, *, code: bool = False) -> str:
    """``err``'s message in the current language, for a page.

    With ``form`` (a Django form): a field's identifier the message quotes (the law core and the input
    checks name fields as the API does: 金额“amount”, Amount 'amount') becomes the form's label for it
    (金额“冻结金额”), and the quotation goes where the label is already the word before it (金额“金额” →
    金额). With ``code``: the stable code follows in brackets, for the user to quote when asking for help."""
    en = english()
    text = err.message_en if en else err.message_zh
    field = err.details.get("field")
    fields = getattr(form, "fields", None) or {}
    if isinstance(field, str) and field in fields and fields[field].label:
        label = str(fields[field].label)
        quoted = f"'{field}'" if en else f"“{field}”"
        head, found, tail = text.partition(quoted)
        if found:
            bare = head.rstrip()
            if bare.lower().endswith(label.lower()):
                text = bare + tail
            else:
                text = head + (f"'{label}'" if en else f"“{label}”") + tail
    if code:
        text += f" (code: {err.code})" if en else f"（代码：{err.code}）"
    return text


#: the media type of every error the API answers (RFC 9457 §3)
CONTENT_TYPE = "application/problem+json"
#: the paths whose errors are problems rather than pages
API_PREFIX = "/api/"
#: headers a framework error carries that its problem keeps (405's Allow, 401's WWW-Authenticate, ...)
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")

#: error code → HTTP status; anything else is 422 (the facts cannot be processed)
HTTP_STATUS: dict[str, int] = {
    "unknown_rule": 404,
    "case_not_found": 404,
    "dispute_not_found": 404,
    "organization_not_found": 404,
    "title_not_found": 404,
    "urging_not_found": 404,
    "mediation_not_found": 404,
    "task_not_found": 404,  # zhiyuan.affairs: a task, a batch outside the user's scope
    "batch_not_found": 404,
    "task_taken": 409,  # zhiyuan.affairs: the task's state changed under the request
    "task_not_claimed": 409,
    "task_closed": 409,
    "job_not_dead": 409,
    "measure_not_found": 404,
    "asset_not_found": 404,
    "auction_not_found": 404,
    "hearing_not_found": 404,  # zhiyuan.enforcement.hearings
    "dispatch_not_found": 404,  # zhiyuan.dispatch
    "order_not_found": 404,
    "dispatch_active": 409,
    "reviewer_double_booked": 409,
    "hearing_state_invalid": 409,
    "referral_not_found": 404,  # zhiyuan.enforcement.refusal
    "sanction_not_found": 404,
    "referral_state_invalid": 409,
    "sanction_state_invalid": 409,
    "concurrent_change": 409,
    "idempotency_conflict": 409,
    "idempotency_in_flight": 409,  # zhiyuan.funds: a request with the same key is still being processed
    "disbursement_not_found": 404,
    "posting_not_found": 404,
    "transfer_not_found": 404,  # zhiyuan.enforcement.bankruptcy: a transfer outside the user's scope
    "transfer_state": 409,  # the transfer was decided (or refused) meanwhile
    "transfer_open": 409,
    "mediation_state": 409,
    "campaign_not_found": 404,  # zhiyuan.command.campaigns
    "campaign_code_taken": 409,
    "campaign_version_conflict": 409,
    "campaign_closed": 409,
    "report_not_found": 404,  # zhiyuan.command.reports
    "already_transferred": 409,  # zhiyuan.enforcement.criminal: a criminal case is transferred once
    "allocation_not_found": 404,  # zhiyuan.funds.criminal
    "allocation_state_invalid": 409,
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


def problem_response(err: LawError) -> HttpResponse:
    """``err`` as an HTTP response: its status and problem body, as ``application/problem+json``."""
    status, body = problem(err)
    return JsonResponse(
        body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def _is_problem(response: HttpResponse) -> bool:
    if not response.get("Content-Type", "").startswith(("application/json", CONTENT_TYPE)):
        return False
    try:
        body = json.loads(response.content)
    except (ValueError, AttributeError):  # not JSON after all, or a streaming response
        return False
    return isinstance(body, dict) and "code" in body and "status" in body


class ProblemResponses:
    """Every error under ``/api/`` leaves as problem+json, whoever answered it.

    The API's handlers and the boundary middlewares already build problem bodies (:func:`problem`); this
    labels them ``application/problem+json``, and replaces anything else with status ≥ 400 — a 405 of the
    router in text/html, a 404 of an unknown path, a CSRF refusal — by the problem of its status
    (:func:`framework_error`), keeping the headers the status needs (:data:`KEPT_HEADERS`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not request.path_info.startswith(API_PREFIX):
            return response
        if _is_problem(response):
            response["Content-Type"] = CONTENT_TYPE
            return response
        replaced = problem_response(framework_error(response.status_code))
        for header in KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        return replaced
