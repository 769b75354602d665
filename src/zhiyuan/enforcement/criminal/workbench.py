"""The trial division's menu entry to the transfer of criminal judgments (移送执行). Imported from the app's
``ready``."""

from __future__ import annotations

from zhiyuan.workbench.registry import MenuEntry, register

register(
    MenuEntry(
        "enforcement.criminal",
        "移送执行",
        "Transfer for enforcement",
        "enforcement:criminal_index",
        {"trial:transfer"},
        order=32,
    )
)
