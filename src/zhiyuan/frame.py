"""The frame every page is drawn in (``zhiyuan/base.html``): the top menu a user may open, their full name
and role names. The menu is declared by the apps (:mod:`zhiyuan.workbench.registry`, ``MenuEntry``); an
entry is shown to a user holding one of the permissions its page's view checks, so every entry a user
sees opens for them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.workbench.registry import MenuEntry, in_language, menu_for

#: the first entry of every signed-in user's menu
WORKBENCH = MenuEntry("workbench", "工作台", "Workbench", "home", order=0)


def _user(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def role_names(user: Any) -> list[str]:
    """The names of the user's roles in the current language (立案人员, …)."""
    roles = matrix().roles
    return [in_language(roles[c].zh, roles[c].en) for c in sorted(user.role_codes) if c in roles]


def menu(request: HttpRequest) -> list[dict[str, Any]]:
    """The entries ``request.user`` may open, the one holding the current page marked ``active``."""
    user = _user(request)
    if user is None:
        return []
    permissions = getattr(request, "permissions", None)
    if permissions is None:
        permissions = permissions_for(user, request)
    entries = [WORKBENCH, *menu_for(frozenset(permissions))]
    rows: list[dict[str, Any]] = [{"key": e.key, "label": e.label, "href": e.href} for e in entries]
    path = request.path
    matches = [r for r in rows if r["href"] != "/" and path.startswith(r["href"].split("?")[0])]
    current = max(matches, key=lambda r: len(r["href"]), default=rows[0] if path == "/" else None)
    for r in rows:
        r["active"] = r is current
    return rows


def _frame(request: HttpRequest) -> dict[str, Any]:
    #: the language switch names each language in itself (中文 / English), untranslated
    languages = list(settings.LANGUAGES)
    user = _user(request)
    if user is None:
        return {"menu": [], "user_name": "", "roles": [], "languages": languages}
    return {
        "languages": languages,
        "menu": menu(request),
        "user_name": user.full_name or user.get_username(),
        "roles": role_names(user),
    }


def frame(request: HttpRequest) -> dict[str, Any]:
    """Template context of every page: ``frame.menu``, ``frame.user_name``, ``frame.roles``,
    ``frame.languages`` (computed only when a template reads them)."""
    return {"frame": SimpleLazyObject(lambda: _frame(request))}
