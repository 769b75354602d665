"""The dispatch and orders menu entry (:mod:`zhiyuan.workbench.registry`): the command center's operators
and presidents who dispatch and order, and the officers whose court receives dispatches and orders."""

from __future__ import annotations

from zhiyuan.workbench.registry import MenuEntry, register

register(
    MenuEntry(
        "dispatch",
        "调度督办",
        "Dispatch and orders",
        "dispatch:list",
        {"command:dispatch", "enforcement:handle"},
        order=45,
    )
)
