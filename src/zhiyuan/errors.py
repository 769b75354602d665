"""The platform's own error pages (400, 403, 404, 429, 500, 503), in the user's language, each with a way
back to the user's workbench; never Django's debug or plain pages (``DEBUG`` is off unless
``ZHIYUAN_DEBUG=1``). Apps render ``zhiyuan/error.html`` with ``status`` and ``error`` (the message) for
their own refusals; the handlers here answer what reaches Django's (``handler404`` … in ``urls.py``)."""

from __future__ import annotations

import sys
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext

from zhiyuan import busy
from zhiyuan.problems import API_PREFIX, framework_error, problem_response

TEMPLATE = "zhiyuan/error.html"


def titles() -> dict[int, str]:
    """The heading of each status, in the current language."""
    return {
        400: gettext("请求无法处理"),
        403: gettext("无权访问"),
        404: gettext("页面不存在"),
        405: gettext("请求方式不被接受"),
        422: gettext("请求无法处理"),
        429: gettext("请求过于频繁"),
        500: gettext("系统内部错误"),
        503: gettext("服务暂不可用"),
    }


def explanations() -> dict[int, str]:
    """What the status means for the user, when the page has no message of its own."""
    return {
        400: gettext("请求的格式或内容有误，未执行任何操作。请返回上一页检查后重试。"),
        403: gettext("您的角色没有打开此页面的权限。如确需办理，请联系本院安全管理员。"),
        404: gettext("您要打开的页面不存在，或不在您的权限范围内。请检查地址，或从工作台进入。"),
        405: gettext("此页面不接受这种请求方式。请从页面上的按钮或链接操作。"),
        429: gettext("短时间内请求过多，请稍后再试。"),
        500: gettext(
            "系统处理时出现错误，本次操作未完成，错误已记录。请稍后重试；如反复出现，请联系系统管理员。"
        ),
        503: gettext("系统暂时繁忙，本次请求未执行任何操作。请稍后重试。"),
    }


def render_error(
    request: HttpRequest,
    status: int,
    message: str = "",
    *,
    code: str = "",
    context: dict[str, Any] | None = None,
    template: str = TEMPLATE,
) -> HttpResponse:
    """The platform's page for ``status`` with ``message`` (or the status's own explanation); under
    ``/api/`` the problem+json of the status, as the API answers its own errors."""
    if request.path_info.startswith(API_PREFIX):
        return problem_response(framework_error(status))
    page = {
        "status": status,
        "error": message or explanations().get(status, ""),
        "code": code,
        **(context or {}),
    }
    body: str
    try:
        body = render_to_string(template, page, request=request)
    except (DatabaseError, TemplateDoesNotExist, TemplateSyntaxError):
        body = _plain(status, str(page["error"]))  # the database or a template is what failed
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def _plain(status: int, message: str) -> str:
    """A page that needs neither the database nor a template."""
    title = escape(titles().get(status, str(status)))
    return (
        f'<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8"><title>{status} {title}</title>'
        f"</head><body><h1>{status} {title}</h1><p>{escape(message)}</p>"
        f'<p><a href="/">{escape(gettext("返回工作台"))}</a></p></body></html>'
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``."""
    return render_error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler403``: the refusal's own message when it carries one."""
    message = str(exception) if exception is not None and exception.args else ""
    return render_error(request, 403, message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: the message of an ``Http404`` raised with one (案件不存在或不在您的权限范围内。),
    never the resolver's technical one."""
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    if message.endswith("matches the given query."):  # get_object_or_404's, in English only
        message = ""
    return render_error(request, 404, message)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a busy database met outside a view (saving the session) is a 503 (``zhiyuan.busy``);
    anything else is the platform's 500 page."""
    exc = sys.exc_info()[1]
    if exc is not None and busy.is_busy(exc):
        return busy.busy_response(request)
    return render_error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form sent from an expired or foreign page."""
    return render_error(
        request,
        403,
        gettext("页面已过期或来源无法验证，本次提交未被执行。请返回上一页，刷新后重新提交。"),
        code="csrf_failed",
    )
