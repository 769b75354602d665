"""The case pages' menu entry and workbench panels (:mod:`zhiyuan.workbench.registry`): the officer's own
cases (承办人) and their deadline warnings, the reviewer's objections, the approvals and the cases without
a handler waiting for a division head or court president, and a party's own cases. Every list comes from
a scoped selector of :mod:`zhiyuan.cases.selectors`, and every item opens the case's page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.cases import selectors
from zhiyuan.cases.lifecycles import family_of
from zhiyuan.cases.models import Approval, Case, CaseDeadline
from zhiyuan.cases.names import deadline_name, status_name
from zhiyuan.workbench.registry import SHOWN, Item, Link, Listing, MenuEntry, Panel, from_query, register

#: a deadline this many days away or nearer is a warning on the officer's workbench (节点预警)
WARN_DAYS = 7


def case_url(case: Case) -> str:
    """The case's page."""
    return reverse("cases:detail", args=[case.case_number])


def _note(case: Case) -> str:
    return " · ".join(p for p in (case.cause_text, case.court.name) if p)


def _case_item(case: Case) -> Item:
    """A case: its number, its state, the next deadline it runs against."""
    return Item(
        case.case_number,
        url=case_url(case),
        due=getattr(case, "next_due", None),
        state=status_name(case.type_code, case.status),
        note=_note(case),
    )


def _mine(user: Any) -> Listing:
    return from_query(selectors.my_open_cases(user), _case_item)


def _warning_item(deadline: CaseDeadline) -> Item:
    today = timezone.localdate()
    overdue = deadline.due < today
    return Item(
        f"{deadline.case.case_number} · {deadline_name(deadline.rule)}",
        url=case_url(deadline.case),
        due=deadline.due,
        state=gettext("已逾期") if overdue else gettext("即将届满"),
        tone="overdue" if overdue else "soon",
    )


def _warnings(user: Any) -> Listing:
    return from_query(selectors.my_deadline_warnings(user, timezone.localdate(), WARN_DAYS), _warning_item)


def _review_item(case: Case, handler: str) -> Item:
    shown = _case_item(case)
    who = gettext("承办人：%(name)s") % {"name": handler} if handler else gettext("尚未分案")
    return Item(shown.label, url=shown.url, due=shown.due, state=shown.state, note=f"{shown.note} · {who}")


def _reviews(user: Any) -> Listing:
    query = selectors.open_reviews(user)
    rows = list(query[:SHOWN])
    handlers = selectors.handler_names(c.pk for c in rows)
    count = len(rows) if len(rows) < SHOWN else query.count()
    return Listing(tuple(_review_item(c, handlers.get(c.pk, "")) for c in rows), count)


def _approval_item(approval: Approval, names: dict[int, str]) -> Item:
    family = family_of(approval.case.type_code)
    move = family.transitions.get(approval.transition)
    what = gettext(move.zh) if move else approval.transition
    return Item(
        f"{approval.case.case_number} · {what}",
        url=case_url(approval.case) + "#pending-approvals",
        state=gettext("待审批"),
        tone="soon",
        note=gettext("%(name)s 于 %(on)s 提请")
        % {
            "name": names.get(approval.requested_by_id) or approval.requested_by,
            "on": approval.requested_on.isoformat(),
        },
    )


def _approvals(user: Any) -> Listing:
    query = selectors.approvals_waiting(user)
    rows = list(query[:SHOWN])
    names = selectors.person_names(a.requested_by_id for a in rows)
    count = len(rows) if len(rows) < SHOWN else query.count()
    return Listing(tuple(_approval_item(a, names) for a in rows), count)


def _unassigned(user: Any) -> Listing:
    return from_query(selectors.unassigned_enforcement(user), _case_item)


def _own_item(case: Case) -> Item:
    closed = case.closed_on is not None
    return Item(
        case.case_number,
        url=case_url(case),
        due=None if closed else getattr(case, "next_due", None),
        state=status_name(case.type_code, case.status),
        tone="muted" if closed else "",
        note=_note(case),
    )


def _own(user: Any) -> Listing:
    return from_query(selectors.own_cases(user), _own_item)


register(MenuEntry("cases", "案件", "Cases", "cases:search", {"case:view", "party:own_cases"}, order=10))

register(
    Panel(
        "cases.mine",
        "我承办的案件",
        "Cases I handle",
        roles=frozenset({"enforcement_officer", "enforcement_reviewer"}),
        items=_mine,
        more=Link("全部我承办的案件", "All cases I handle", "/cases/?mine=1"),
        unit_en="case",
        empty_zh="暂无承办中的案件",
        empty_en="No open case assigned to you",
        order=10,
    )
)
register(
    Panel(
        "cases.warnings",
        "节点预警",
        "Deadline warnings",
        roles=frozenset({"enforcement_officer"}),
        items=_warnings,
        more=Link("我承办的案件", "Cases I handle", "/cases/?mine=1"),
        unit_zh="项",
        unit_en="deadline",
        empty_zh="暂无逾期或七日内届满的期限",
        empty_en="No deadline overdue or ending within seven days",
        order=11,
    )
)
register(
    Panel(
        "cases.reviews",
        "执行异议、复议案件",
        "Objections and reconsiderations",
        roles=frozenset({"enforcement_reviewer"}),
        items=_reviews,
        more=Link("案件查询", "Case search", "cases:search"),
        unit_en="case",
        empty_zh="暂无待审查的异议、复议案件",
        empty_en="No objection or reconsideration waiting",
        order=12,
    )
)
register(
    Panel(
        "cases.approvals",
        "待我审批",
        "Approvals waiting for me",
        roles=frozenset({"division_head", "court_president"}),
        items=_approvals,
        more=Link("全部待审批案件", "All cases with a request waiting", "/cases/?approvals=1"),
        unit_en="request",
        order=10,
    )
)
register(
    Panel(
        "cases.unassigned",
        "待分案的执行案件",
        "Enforcement cases without a handler",
        roles=frozenset({"division_head", "court_president"}),
        items=_unassigned,
        more=Link("全部待分案件", "All cases without a handler", "/cases/?unassigned=1"),
        unit_en="case",
        order=11,
    )
)
register(
    Panel(
        "cases.own",
        "我的案件",
        "My cases",
        roles=frozenset({"party"}),
        items=_own,
        more=Link("全部案件", "All my cases", "cases:search"),
        unit_en="case",
        empty_zh="暂无您作为当事人的案件",
        empty_en="No case with you as a party",
        order=10,
    )
)
