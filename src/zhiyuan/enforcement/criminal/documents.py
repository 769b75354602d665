"""The transfer form (《移送执行表》, Art 7 of the 2014 provisions) as DOCX from a built-in template
(``zhiyuan.documents``): the criminal case and the enforcement case it filed, the debtor, the victims,
the items with their amounts, the property leads, the sealed, seized and frozen property, the time of
transfer and the remarks. Anyone who may read either case may print it; printing is audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.documents.docx import court_document, render
from zhiyuan.enforcement.criminal import rules, selectors
from zhiyuan.enforcement.models import CriminalTransfer, MeasureKind
from zhiyuan.law.document_style import signing_date, text_date

HEADING = "移送执行表"
BODY = [
    "刑事案件：{criminal_number}；裁判生效日期：{effective_on}",
    "执行案件：{enforcement_number}",
    "被执行人：{defendant}",
    "被害人：{victims}",
    "执行事项：{items}",
    "移送执行金额：{total}元",
    "已查明的财产状况或者财产线索：{leads}",
    "查封、扣押、冻结财产的情况：{seized}",
    "移送执行的时间：{transferred_on}",
    "其他需要说明的情况：{note}",
    "依据：{citation}",
]


def _seized(t: CriminalTransfer) -> str:
    rows = []
    for s in t.seized:
        kind = str(MeasureKind(s["measure_kind"]).label)
        span = f"{s['starts_on'] or '—'}至{s['ends_on'] or '—'}"
        by = f"，{s['authority']}" if s.get("authority") else ""
        rows.append(f"{s['description']}（{kind}，{span}{by}）")
    return "；".join(rows) or "无"


def transfer_form(user: Any, t: CriminalTransfer, request: Any = None) -> bytes:
    """The transfer form of ``t`` (the caller checked that ``user`` may read the case)."""
    items = selectors.items(t)
    victims = sorted({i.victim.name for i in items if i.victim is not None})
    values = {
        "court_name": t.criminal_case.court.name,
        "document_number": t.criminal_case.case_number,
        "issued_on": signing_date(timezone.localdate()),
        "criminal_number": t.criminal_case.case_number,
        "effective_on": text_date(t.effective_on),
        "enforcement_number": t.enforcement_case.case_number,
        "defendant": t.defendant.name,
        "victims": "、".join(victims) or "无",
        "items": "；".join(
            f"{i.get_kind_display()}{i.amount}元" + (f"（{i.victim.name}）" if i.victim else "（上缴国库）")
            for i in items
        ),
        "total": str(t.total),
        "leads": t.property_leads or "无",
        "seized": _seized(t),
        "transferred_on": text_date(t.transferred_on),
        "note": t.note or "无",
        "citation": f"{rules.INSTRUMENT}第七条",
    }
    record(
        actor_of(user, request), "enforcement.criminal.form", obj=t.criminal_case, after={"transfer": t.pk}
    )
    return render(court_document(HEADING, BODY, foot="{court_name}刑事审判庭\n{issued_on}"), values)
