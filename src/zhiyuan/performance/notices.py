"""Issuing the notices of the three-notice chain (三书联动). Called inside the transaction of the change
that causes the notice; one notice per title, kind and obligation (issuing again returns the first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from zhiyuan.audit.services import Actor, record
from zhiyuan.law.document_style import signing_date, text_date
from zhiyuan.performance import documents, verification
from zhiyuan.performance.models import Notice, NoticeKind, NoticeTemplate, Obligation, Title

ABBREVIATIONS = {
    NoticeKind.PERFORMANCE_NOTICE: "履告",
    NoticeKind.SANCTION_WARNING: "预告",
    NoticeKind.CERTIFICATE: "履证",
}
#: consequences of not performing: 民事诉讼法 (2023) 第二百六十四条 (加倍支付迟延履行期间的债务利息; 迟延履行金);
#: 失信被执行人名单规定 第一条; 限制消费规定 第一条; 刑法 第三百一十三条
CONSEQUENCES = (
    "逾期不履行的，权利人可以向人民法院申请强制执行；你（单位）应当加倍支付迟延履行期间的债务利息，未按期履行"
    "其他义务的，应当支付迟延履行金；本院可以依法对你（单位）采取限制消费措施，有履行能力而拒不履行的，纳入失信"
    "被执行人名单；拒不履行人民法院判决、裁定，情节严重的，依法追究刑事责任。"
)
WARNING_CONSEQUENCES = (
    "如仍不履行，权利人申请执行后，本院将依法对你（单位）发出限制消费令；有履行能力而拒不履行的，纳入失信被执行人"
    "名单，并可以予以罚款、拘留；构成拒不执行判决、裁定罪的，依法追究刑事责任。"
)
VERIFY_PATH = verification.VERIFY_PATH
#: the name of the enforceable document by how the case closed (民事判决书 / 民事调解书 / 民事裁定书)
DOCUMENT_NAMES = {"judgment": "判决书", "mediation": "调解书", "confirmed": "裁定书"}
#: the first character of a case type code names its branch (民初 → 民事, 行初 → 行政, 刑初 → 刑事)
BRANCHES = {"民": "民事", "行": "行政", "刑": "刑事", "执": "执行", "诉": "民事", "知": "民事"}


def yuan(amount: Decimal | None) -> str:
    """1234.5 → 1,234.50 (no currency sign: the templates say 元)."""
    return f"{amount:,.2f}" if amount is not None else "—"


def _names(title: Title, refs: Iterable[str]) -> str:
    by_ref = {str(p["ref"]): str(p["name"]) for p in title.parties}
    return "、".join(by_ref.get(r, r) for r in refs)


def describe(title: Title, o: Obligation) -> str:
    """One obligation as a line of a notice: who gives whom what by when."""
    who, whom = _names(title, o.obligors), _names(title, [o.obligee])
    when = text_date(o.due)
    if o.kind == "act":
        return f"{who}于{when}前向{whom}履行：{o.act}"
    part = f"（第{o.instalment + 1}期）" if o.instalment is not None else ""
    return f"{who}于{when}前向{whom}支付人民币{yuan(o.amount)}元{part}"


def document_name(title: Title) -> str:
    """The enforceable document as courts name it: 民事判决书, 民事调解书, 民事裁定书 (a 刑事附带民事 case's
    judgment is a 刑事附带民事判决书)."""
    case = title.case
    kind = DOCUMENT_NAMES.get(case.closing_method) or ("判决书" if title.kind == "judgment" else "调解书")
    branch = BRANCHES.get(case.type_code[:1], "民事")
    if case.type_code.startswith("刑") and "附民" in case.type_code:
        branch = "刑事附带民事"
    return branch + kind


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
    code = verification.new_code()
    address = verification.url(code)
    obligations = list(title.obligations.all())
    values = {
        "court_name": title.case.court.name,
        "case_number": title.case.case_number,
        "title_kind": document_name(title),
        "effective_on": text_date(title.effective_on),
        "creditors": "、".join(title.role_names("creditor")),
        "debtors": "、".join(title.role_names("debtor")),
        "notice_number": number,
        "issued_on": signing_date(on),
        "verification_code": verification.grouped(code),
        "verify_url": address,
        "verify_path": address,
        "consequences": CONSEQUENCES if kind == NoticeKind.PERFORMANCE_NOTICE else WARNING_CONSEQUENCES,
        "obligations": _lines(title, obligations),
        "total_amount": yuan(title.total_amount),
        "last_due": text_date(max(o.due for o in obligations)) if obligations else "—",
    }
    if kind == NoticeKind.SANCTION_WARNING:
        open_ones = [o for o in obligations if o.met_on is None]
        outstanding = sum((o.amount - o.paid for o in open_ones if o.amount is not None), Decimal(0))
        values |= {
            "lapsed_due": text_date(obligation.due if obligation else on),
            "outstanding": _lines(title, open_ones),
            "outstanding_amount": yuan(outstanding),
        }
    if kind == NoticeKind.CERTIFICATE:
        values |= {
            "performed_on": text_date(title.performed_on or on),
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
        content=documents.render(template, values, verification.qr_png(address)),
        template=source,
    )
    record(
        who,
        f"performance.notice.{kind}",
        obj=title.case,
        after={"notice": number, "template": source, "issued_on": on.isoformat()},
    )
    return notice
