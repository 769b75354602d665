"""Refuse a request that carries a control character before any view (or the session, or a query) sees it.

A NUL in a query parameter reached PostgreSQL, which cannot hold it, and the anonymous caller got a 500.
This middleware answers ``400 text_control_character`` instead (problem+json under ``/api/``, a short
bilingual page elsewhere) when the path, a query parameter, a form field or a string of a JSON body holds
a character of :data:`zhiyuan.inputs.text.FORBIDDEN`. The path and query parameters are one line, so tab
and line breaks are refused there too; form fields and JSON strings may hold them (a textarea), and each
form or schema refuses them in its one-line fields. Uploaded files are not read here: each import checks
its cells.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from zhiyuan.inputs.text import control_character_error, first_forbidden
from zhiyuan.law.errors import LawError
from zhiyuan.problems import API_PREFIX, problem_response

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _json_strings(data: Any) -> Iterator[tuple[str, str]]:
    """(path, text) of every key and string value of a decoded JSON document (without recursion)."""
    stack: list[tuple[str, Any]] = [("body", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield f"{path}.{key}", key
                stack.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))


def _small_enough(request: HttpRequest) -> bool:
    """A body Django itself would refuse (too large) is left to Django's own answer."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is None or length <= limit


def _name(key: str) -> str:
    """A parameter's name as an error may show it (not when the name itself is the offence)."""
    return "?" if first_forbidden(key) else key


def offence(request: HttpRequest) -> LawError | None:
    """The first forbidden character of the request's path, query string, form fields or JSON body."""
    bad = first_forbidden(request.path_info)
    if bad is not None:
        return control_character_error("path", *bad, where="path")
    for key, values in request.GET.lists():
        for text in (key, *values):
            bad = first_forbidden(text)
            if bad is not None:
                return control_character_error(_name(key), *bad, where="query")
    if request.method in ("GET", "HEAD", "OPTIONS") or not _small_enough(request):
        return None
    if request.content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            bad = first_forbidden(key)
            for text in values:
                bad = bad or first_forbidden(text, multiline=True)
            if bad is not None:
                return control_character_error(_name(key), *bad, where="form")
        return None
    # the API parses a body as JSON whatever its declared type: so does this check
    try:
        data = json.loads(request.body) if request.body else None
    except (ValueError, RecursionError):
        return None  # not JSON, or malformed: the view's parser answers it
    for path, text in _json_strings(data):
        bad = first_forbidden(text, multiline=True)
        if bad is not None:
            return control_character_error(path if not first_forbidden(path) else "?", *bad, where="json")
    return None


def _page(err: LawError) -> HttpResponse:
    body = (
        '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8"><title>400</title></head><body>'
        f"<h1>请求无效 · Bad request</h1><p>{html.escape(err.message_zh)}</p>"
        f'<p lang="en">{html.escape(err.message_en)}</p><p><code>{err.code}</code></p></body></html>'
    )
    return HttpResponse(body, status=400, content_type="text/html; charset=utf-8")


class RefuseControlCharacters:
    """400 ``text_control_character`` for a request carrying a control character (see the module)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        err = offence(request)
        if err is None:
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            return problem_response(err)  # as the API answers its own problems
        return _page(err)
