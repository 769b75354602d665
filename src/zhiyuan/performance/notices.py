"""Issuing the notices of the three-notice chain (三书联动). Called inside the transaction of the change
that causes the notice; one notice per title, kind and obligation (issuing again returns the first)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal

from zhiyuan.audit.services import Actor, record
from zhiyuan.performance import documents
from zhiyuan.performance.models import Notice, NoticeKind, NoticeTemplate, Obligation, Title, TitleKind

ABBREVIATIONS = {
    NoticeKind.PERFORMANCE_NOTICE: "履告",
    NoticeKind.SANCTION_WARNING: "预告",
    NoticeKind.CERTIFICATE: "履证",
}
#: consequences of not performing: 民诉法 迟延履行条款; 失信规定第一条; 限制消费规定第一条; 刑法第三百一十三条
CONSEQUENCES = (
    "逾期不履行的，权利人可以申请强制执行；你（单位）应当加倍支付迟延履行期间的债务利息；本院可以依法对你（单位）"
    "采取限制消费措施，有履行能力而拒不履行的纳入失信被执行人名单；拒不履行判决、裁定，情节严重的，依法追究刑事责任。"
)
WARNING_CONSEQUENCES = (
    "如仍不履行，权利人申请执行后，本院将依法对你（单位）发出限制消费令；有履行能力而拒不履行的，纳入失信被执行人名单，"
    "并可予以罚款、拘留；构成拒不执行判决、裁定罪的，依法追究刑事责任。"
)
VERIFY_PATH = "/performance/verify/{code}/"


def yuan(amount: Decimal | None) -> str:
    """1234.5 → 1,234.50 (no currency sign: the templates say 元)."""
    return f"{amount:,.2f}" if amount is not None else "—"


def _names(title: Title, refs: Iterable[str]) -> str:
    by_ref = {str(p["ref"]): str(p["name"]) for p in title.parties}
    return "、".join(by_ref.get(r, r) for r in refs)


def describe(title: Title, o: Obligation) -> str:
    """One obligation as a line of a notice: who gives whom what by when."""
    who, whom = _names(title, o.obligors), _names(title, [o.obligee])
    when = o.due.isoformat()
    if o.kind == "act":
        return f"{who}于{when}前向{whom}履行：{o.act}"
    part = f"（第{o.instalment + 1}期）" if o.instalment is not None else ""
    return f"{who}于{when}前向{whom}支付人民币{yuan(o.amount)}元{part}"


def _lines(title: Title, obligations: Iterable[Obligation]) -> str:
    return "\n".join(f"{n}. {describe(title, o)}" for n, o in enumerate(obligations, start=1))


def _template(title: Title, kind: str) -> tuple[bytes, str]:
    own = NoticeTemplate.objects.filter(court_id=title.case.court_id, kind=kind, active=True).first()
    if own is not None:
        return bytes(own.content), f"court:{own.pk}"
    return documents.default_template(kind), "default"


def issue(
    who: Actor,
    title: Title,
    kind: str,
    on: dt.date,
    *,
    obligation: Obligation | None = None,
) -> Notice:
    """Generate and keep one notice of ``kind`` (idempotent per title, kind and obligation)."""
    key = f"{title.pk}:{kind}:{obligation.pk if obligation else ''}"
    existing = Notice.objects.filter(key=key).first()
    if existing is not None:
        return existing
    count = Notice.objects.filter(title=title, kind=kind).count() + 1
    number = f"{title.case.case_number}{ABBREVIATIONS[NoticeKind(kind)]}{count}"
    code = secrets.token_urlsafe(12)
    obligations = list(title.obligations.all())
    values = {
        "court_name": title.case.court.name,
        "case_number": title.case.case_number,
        "title_kind": str(TitleKind(title.kind).label)
        if title.kind == TitleKind.JUDGMENT
        else "调解书（裁定书）",
        "effective_on": title.effective_on.isoformat(),
        "creditors": "、".join(title.role_names("creditor")),
        "debtors": "、".join(title.role_names("debtor")),
        "notice_number": number,
        "issued_on": on.isoformat(),
        "verification_code": code,
        "verify_path": VERIFY_PATH.format(code=code),
        "consequences": CONSEQUENCES if kind == NoticeKind.PERFORMANCE_NOTICE else WARNING_CONSEQUENCES,
        "obligations": _lines(title, obligations),
        "total_amount": yuan(title.total_amount),
        "last_due": max(o.due for o in obligations).isoformat() if obligations else "—",
    }
    if kind == NoticeKind.SANCTION_WARNING:
        open_ones = [o for o in obligations if o.met_on is None]
        outstanding = sum((o.amount - o.paid for o in open_ones if o.amount is not None), Decimal(0))
        values |= {
            "lapsed_due": (obligation.due if obligation else on).isoformat(),
            "outstanding": _lines(title, open_ones),
            "outstanding_amount": yuan(outstanding),
        }
    if kind == NoticeKind.CERTIFICATE:
        values |= {
            "performed_on": (title.performed_on or on).isoformat(),
            "performance": "系按期自动履行" if title.on_time else "系逾期后主动履行",
        }
    template, source = _template(title, kind)
    notice = Notice.objects.create(
        title=title,
        kind=kind,
        obligation=obligation,
        key=key,
        number=number,
        issued_on=on,
        verification_code=code,
        content=documents.render(template, values),
        template=source,
    )
    record(
        who,
        f"performance.notice.{kind}",
        obj=title.case,
        after={"notice": number, "template": source, "issued_on": on.isoformat()},
    )
    return notice
