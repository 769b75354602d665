"""The command center's menu entry and workbench panel (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from zhiyuan.workbench.registry import MenuEntry, register

register(MenuEntry("command", "指挥中心", "Command center", "command:home", {"command:view"}, order=40))
