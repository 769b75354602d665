"""A busy database answers ``503 Service Unavailable`` with ``Retry-After``, never a 500.

On SQLite one writer holds the database's write lock at a time; every request opens its transaction with
``BEGIN IMMEDIATE`` (``ATOMIC_REQUESTS``), so while a long write runs (a large import) a request waits up
to the busy timeout and then fails with "database is locked". On PostgreSQL a statement that waits longer
than ``lock_timeout`` (when one is set) fails with ``lock_not_available``, and a deadlock victim with
``deadlock_detected``. None of these is a fault of the request or of the platform: the request can simply
be sent again. :func:`is_busy` recognises them; the API answers problem+json ``database_busy`` (its
exception handler in :mod:`zhiyuan.api`), pages answer the platform's page (:class:`BusyDatabase`, and
:func:`zhiyuan.errors.server_error` for a write that fails after the view, such as saving the session).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from zhiyuan.law.errors import LawError
from zhiyuan.problems import API_PREFIX, problem_response

#: seconds a client is asked to wait before sending the request again
RETRY_AFTER = 10
#: the stable error code
DATABASE_BUSY = "database_busy"

#: SQLite's primary result codes SQLITE_BUSY and SQLITE_LOCKED (the low byte of an extended code)
_SQLITE_BUSY_CODES = frozenset({5, 6})
#: PostgreSQL's SQLSTATEs lock_not_available (lock_timeout, NOWAIT) and deadlock_detected
_POSTGRES_BUSY_STATES = frozenset({"55P03", "40P01"})
_SQLITE_MESSAGES = ("database is locked", "database table is locked", "database schema is locked")


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says the database was busy (a lock not obtained in time), not that the request or
    the data is wrong."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc  # Django re-raises the driver's error as its own, the driver's as cause
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE_BUSY_CODES:
        return True
    if getattr(cause, "sqlstate", None) in _POSTGRES_BUSY_STATES:
        return True
    message = str(exc).lower()
    return any(m in message for m in _SQLITE_MESSAGES)


def busy_error() -> LawError:
    """The domain error of a busy database."""
    return LawError(
        DATABASE_BUSY,
        f"数据库正忙（其他写入尚未完成，如大批量导入），本次请求未执行任何操作。请在 {RETRY_AFTER} 秒后重试。",
        f"The database is busy (another write, such as a large import, has not finished); nothing was done. "
        f"Try again in {RETRY_AFTER} seconds.",
        retry_after=RETRY_AFTER,
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After``: problem+json under ``/api/``, the platform's page elsewhere."""
    err = busy_error()
    response: HttpResponse
    if request.path_info.startswith(API_PREFIX):
        response = problem_response(err)  # as the API answers its own problems
    else:
        response = HttpResponse(_page(request, err), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def _page(request: HttpRequest, err: LawError) -> str:
    context = {"status": 503, "code": err.code, "retry_after": RETRY_AFTER}
    try:  # the platform's page; it reads nothing from the database but the signed-in user and their roles
        return render_to_string("zhiyuan/busy.html", context, request=request)
    except (TemplateDoesNotExist, DatabaseError):
        return (
            '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8"><title>503</title></head><body>'
            f'<h1>数据库正忙 · Database busy</h1><p>{err.message_zh}</p><p lang="en">{err.message_en}</p>'
            f"<p><code>{err.code}</code></p></body></html>"
        )


class BusyDatabase:
    """Turns a busy database in a view (its transaction included) into :func:`busy_response`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_busy(exception) else None
