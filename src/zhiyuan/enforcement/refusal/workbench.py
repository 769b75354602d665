"""The workbench panels of the refusal workflow: the president's fines and detentions to approve, the
approver's referrals to approve, and the officer's referrals waiting for the police (overdue ones first,
in red)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.enforcement.models import Referral, Sanction
from zhiyuan.enforcement.refusal import selectors
from zhiyuan.workbench.registry import Item, Listing, Panel, from_query, register


def _case_url(case_number: str) -> str:
    return reverse("cases:detail", args=[case_number]) + "#refusal"


def _sanction(s: Sanction) -> Item:
    what = s.get_kind_display()
    size = f"{s.amount}" if s.amount is not None else gettext("%(days)s日") % {"days": s.days}
    return Item(
        f"{s.case.case_number} · {what} · {s.target_name}",
        url=_case_url(s.case.case_number),
        state=gettext("待审批"),
        tone="soon",
        note=f"{size} · {s.proposed_by_name} {s.proposed_on.isoformat()}",
    )


def _referral(r: Referral) -> Item:
    return Item(
        f"{r.case.case_number} · {r.suspect.display_name}",
        url=_case_url(r.case.case_number),
        state=gettext("待审批"),
        tone="soon",
        note=f"{r.police} · {r.proposed_by_name} {r.proposed_on.isoformat()}",
    )


def _waiting(r: Referral) -> Item:
    late = r.decide_by is not None and r.decide_by < timezone.localdate()
    return Item(
        f"{r.case.case_number} · {r.suspect.display_name}",
        url=_case_url(r.case.case_number),
        due=r.decide_by,
        state=gettext("已逾期") if late else gettext("待答复"),
        tone="overdue" if late else "soon",
        note=r.police,
    )


def _sanctions(user: Any) -> Listing:
    return from_query(selectors.sanctions_to_approve(user), _sanction)


def _referrals(user: Any) -> Listing:
    return from_query(selectors.referrals_to_approve(user), _referral)


def _police(user: Any) -> Listing:
    return from_query(selectors.awaiting_police(user), _waiting)


register(
    Panel(
        "enforcement.sanctions_to_approve",
        "罚款、拘留待批准",
        "Fines and detentions to approve",
        roles=frozenset({"court_president"}),
        items=_sanctions,
        empty_zh="暂无待批准的罚款、拘留",
        empty_en="No fine or detention to approve",
        order=16,
    )
)
register(
    Panel(
        "enforcement.referrals_to_approve",
        "拒执移送待审批",
        "Refusal referrals to approve",
        roles=frozenset({"division_head", "court_president"}),
        items=_referrals,
        empty_zh="暂无待审批的拒执移送",
        empty_en="No referral to approve",
        order=16,
    )
)
register(
    Panel(
        "enforcement.referrals_awaiting_police",
        "拒执移送待公安答复",
        "Refusal referrals awaiting the police",
        roles=frozenset({"enforcement_officer"}),
        items=_police,
        empty_zh="暂无待公安机关答复的移送",
        empty_en="No referral awaiting the police",
        order=21,
    )
)
