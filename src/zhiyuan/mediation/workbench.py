"""The mediation pages' menu entries and workbench panels (:mod:`zhiyuan.workbench.registry`)."""

from __future__ import annotations

from zhiyuan.workbench.registry import MenuEntry, register

#: the people who work on delegated mediations (the list itself opens for case:view and partner:handle)
MEDIATION_WORK = frozenset(
    {
        "mediation:delegate",
        "mediation:conduct",
        "mediation:confirm",
        "mediation:organizations",
        "partner:handle",
    }
)

register(MenuEntry("mediation", "诉调对接", "Mediation", "mediation:list", MEDIATION_WORK, order=20))
register(
    MenuEntry(
        "organizations",
        "调解组织名册",
        "Mediation register",
        "mediation:organizations",
        MEDIATION_WORK,
        order=25,
    )
)
