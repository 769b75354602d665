"""The performance pages' menu entry and workbench panels (:mod:`zhiyuan.workbench.registry`): the
clerk's reported payments to confirm and obligations falling due, the judge's titles still to enter, and a
party's own obligations and the notices and certificates issued to them (阳光执行). Every list is scoped by
:mod:`zhiyuan.performance.selectors`; court staff open the title's page, a party (who has no access to the
court's performance pages) their case's page and each document's public verification page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.cases.names import yuan
from zhiyuan.performance import selectors
from zhiyuan.performance.models import Notice, NoticeKind, Obligation, PaymentReport
from zhiyuan.workbench.registry import Item, Link, Listing, MenuEntry, Panel, from_query, register

#: obligations due this many days ahead (or overdue) are on the clerk's workbench
DUE_DAYS = 7


def _title_url(title_id: int) -> str:
    return reverse("performance:detail", args=[title_id])


def _case_url(number: str) -> str:
    return reverse("cases:detail", args=[number])


def _payment_item(report: PaymentReport) -> Item:
    amount = yuan(report.amount) if report.amount is not None else gettext("行为履行")
    return Item(
        f"{report.title.case.case_number} · {amount}",
        url=_title_url(report.title_id) + "#payments",
        state=gettext("待确认"),
        tone="soon",
        note=gettext("履行日期 %(on)s") % {"on": report.paid_on.isoformat()},
    )


def _payments(user: Any) -> Listing:
    return from_query(selectors.payments_to_confirm(user), _payment_item)


def _what(obligation: Obligation) -> str:
    if obligation.amount is not None:
        return yuan(obligation.outstanding)  # type: ignore[arg-type]
    return obligation.act or gettext("行为履行")


def _obligation_item(obligation: Obligation, url: str) -> Item:
    today = timezone.localdate()
    return Item(
        f"{obligation.title.case.case_number} · {_what(obligation)}",
        url=url,
        due=obligation.due,
        state=gettext("已逾期") if obligation.due < today else gettext("履行期内"),
        tone="overdue" if obligation.due < today else "",
    )


def _due(user: Any) -> Listing:
    until = timezone.localdate() + dt.timedelta(days=DUE_DAYS)
    return from_query(
        selectors.obligations_due(user, until),
        lambda o: _obligation_item(o, _title_url(o.title_id)),
    )


def _to_enter(user: Any) -> Listing:
    return from_query(
        selectors.titles_to_enter(user),
        lambda c: Item(
            c.case_number,
            url=reverse("performance:enter_title", args=[c.case_number]),
            state=c.get_closing_method_display(),
            note=gettext("结案日期 %(on)s") % {"on": c.closed_on.isoformat() if c.closed_on else ""},
        ),
    )


def _own_obligations(user: Any) -> Listing:
    return from_query(
        selectors.obligations_due(user),
        lambda o: _obligation_item(o, _case_url(o.title.case.case_number)),
    )


def _document_item(notice: Notice) -> Item:
    certificate = notice.kind == NoticeKind.CERTIFICATE
    return Item(
        notice.get_kind_display(),
        url=reverse("performance:verify", args=[notice.verification_code]),
        state=gettext("证明") if certificate else gettext("文书"),
        tone="ok" if certificate else "",
        note=f"{notice.number} · {notice.issued_on.isoformat()} · {notice.title.case.case_number}",
    )


def _documents(user: Any) -> Listing:
    return from_query(selectors.notices_of(user), _document_item)


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

register(
    Panel(
        "performance.payments",
        "待确认的履行登记",
        "Reported payments to confirm",
        roles=frozenset({"filing_clerk"}),
        items=_payments,
        more=Link("履行跟踪", "Performance tracking", "performance:index"),
        unit_zh="笔",
        unit_en="payment",
        order=30,
    )
)
register(
    Panel(
        "performance.due",
        "履行期限将届满",
        "Obligations falling due",
        roles=frozenset({"filing_clerk"}),
        items=_due,
        more=Link("履行跟踪", "Performance tracking", "performance:index"),
        unit_zh="项",
        unit_en="obligation",
        empty_zh="暂无逾期或七日内到期的履行事项",
        empty_en="No obligation overdue or due within seven days",
        order=31,
    )
)
register(
    Panel(
        "performance.titles",
        "待录入执行依据",
        "Titles to enter",
        roles=frozenset({"trial_judge"}),
        items=_to_enter,
        more=Link("案件查询", "Case search", "/cases/?status=closed"),
        unit_en="case",
        order=21,
    )
)
register(
    Panel(
        "performance.obligations",
        "我的履行事项",
        "My obligations and entitlements",
        roles=frozenset({"party"}),
        items=_own_obligations,
        more=Link("我的全部案件", "All my cases", "cases:search"),
        unit_zh="项",
        unit_en="obligation",
        empty_zh="暂无未履行完毕的事项",
        empty_en="Nothing left to perform",
        order=11,
    )
)
register(
    Panel(
        "performance.documents",
        "文书与证明",
        "Documents and certificates",
        roles=frozenset({"party"}),
        items=_documents,
        more=Link("我的全部案件", "All my cases", "cases:search"),
        unit_zh="份",
        unit_en="document",
        empty_zh="暂无文书",
        empty_en="No document yet",
        order=12,
    )
)
