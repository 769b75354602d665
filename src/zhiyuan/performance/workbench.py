"""The performance pages' menu entry and workbench panels (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from zhiyuan.workbench.registry import MenuEntry, register

# the pages need case:view, which every holder of these has
register(
    MenuEntry(
        "performance",
        "自动履行",
        "Voluntary performance",
        "performance:index",
        {"performance:track", "trial:performance_notice"},
        order=30,
    )
)
