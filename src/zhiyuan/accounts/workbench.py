"""The administrators' menu entry and workbench panels (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from zhiyuan.accounts.models import DJANGO_PERMISSIONS, REFERENCE_APPS
from zhiyuan.workbench.registry import MenuEntry, register

#: the permissions that open some page of the admin (the user model maps Django's onto them)
ADMIN_PERMISSIONS = frozenset(p for p in DJANGO_PERMISSIONS.values() if p) | (
    {"admin:reference"} if REFERENCE_APPS else set()
)

register(MenuEntry("admin", "管理后台", "Administration", "admin:index", ADMIN_PERMISSIONS, order=90))
