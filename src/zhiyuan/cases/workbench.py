"""The case pages' menu entry and workbench panels (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from zhiyuan.workbench.registry import MenuEntry, register

register(MenuEntry("cases", "案件", "Cases", "cases:search", {"case:view", "party:own_cases"}, order=10))
