"""The audit administrator's workbench panel (:mod:`zhiyuan.workbench.registry`): where the audit chain
stands — its size, the last signed checkpoint, the last verification — each line opening the audit log or
the checkpoints in the administration pages (``audit:read``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.audit.selectors import chain_status
from zhiyuan.workbench.registry import Item, Link, Listing, Panel, register


def _when(at: Any) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else ""


def _chain(user: Any) -> Listing:
    """The count is the entries no checkpoint covers yet."""
    s = chain_status()
    entries = reverse("admin:audit_auditentry_changelist")
    checkpoints = reverse("admin:audit_auditcheckpoint_changelist")
    items = (
        Item(gettext("审计日志"), url=entries, state=gettext("%(n)d 条") % {"n": s.size}),
        Item(
            gettext("最近检查点"),
            url=checkpoints,
            state=gettext("第 %(n)d 条") % {"n": s.checkpoint_size}
            if s.checkpoint_size is not None
            else gettext("尚无检查点"),
            tone="ok" if s.checkpoint_size is not None and not s.since_checkpoint else "soon",
            note=_when(s.checkpoint_at),
        ),
        Item(
            gettext("最近校验"),
            url=entries,
            state=gettext("已校验至第 %(n)d 条") % {"n": s.verified_size}
            if s.verified_at
            else gettext("尚未校验"),
            tone="ok" if s.verified_at and not s.unverified else "soon",
            note=_when(s.verified_at),
        ),
    )
    return Listing(items, s.since_checkpoint)


register(
    Panel(
        "audit.chain",
        "审计链状态",
        "Audit chain",
        roles=frozenset({"audit_admin"}),
        items=_chain,
        more=Link("查阅审计日志", "Read the audit log", "admin:audit_auditentry_changelist"),
        unit_zh="条未入检查点",
        unit_en="entry after the last checkpoint",
        order=10,
    )
)
