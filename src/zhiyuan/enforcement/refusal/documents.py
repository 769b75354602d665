"""The refusal documents as DOCX from built-in templates (``zhiyuan.documents.court_document``): the
referral letter to the police (移送函), the statement of the enforcement situation (执行情况说明), the
evidence list (证据材料清单) and the decision on a fine or detention (罚款决定书、拘留决定书). Anyone who may
see the case (``enforcement:refer`` in scope) prints them; issuing one is audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.cases.models import Side
from zhiyuan.documents.docx import court_document, render
from zhiyuan.enforcement.models import Referral, ReferralState, Sanction, SanctionKind, SanctionState
from zhiyuan.enforcement.refusal import rules
from zhiyuan.law import refusal as law
from zhiyuan.law.document_style import signing_date, text_date
from zhiyuan.law.errors import LawError

REFERRAL_KINDS = ("letter", "situation", "evidence")
NAMES = {
    "letter": ("移送函", "Referral letter"),
    "situation": ("执行情况说明", "Statement of the enforcement situation"),
    "evidence": ("证据材料清单", "Evidence list"),
    "fine": ("罚款决定书", "Fine decision"),
    "detention": ("拘留决定书", "Detention decision"),
}
OPINION = "《最高人民法院、最高人民检察院、公安部关于办理拒不执行判决、裁定刑事案件若干问题的意见》第三条、第四条、第五条"
BODIES: dict[str, list[str]] = {
    "letter": [
        "{police}：",
        "本院在执行{case_number}{applicants}与{debtors}一案中，发现{suspect}涉嫌拒不执行判决、裁定罪。依照《中华人民共和国"
        "刑法》第三百一十三条和{opinion}的规定，现将该案移送你局立案侦查。",
        "随函附送：执行情况说明一份；证据材料清单一份及证据材料{evidence_count}项（共{pages}页）。",
        "请依法审查，符合立案条件的于{decision_days}日内立案侦查（案情重大疑难复杂的可以延长至{complex_days}日）；不予立案"
        "的，请将不予立案通知书送达本院并说明理由。",
        "联系人：{officer}",
    ],
    "situation": [
        "案号：{case_number}",
        "申请执行人：{applicants}",
        "被执行人：{debtors}",
        "涉嫌拒执人：{suspect}",
        "执行依据与执行情况：{situation}",
    ],
    "evidence": [
        "案号：{case_number}；涉嫌拒执人：{suspect}",
        "{items}",
    ],
    "sanction": [
        "被{word}人：{target}",
        "本院在执行{case_number}一案中查明：{grounds}",
        "依照《中华人民共和国民事诉讼法》第一百一十四条、第一百一十八条、第一百一十九条的规定，经本院院长批准，决定如下：",
        "{order}",
        "如不服本决定，可以在收到决定书之日起{reconsideration_days}日内，向上一级人民法院申请复议一次。复议期间，不停止本决定的执行。",
    ],
}


def _names(referral_or_sanction: Referral | Sanction, side: str) -> str:
    parties = referral_or_sanction.case.parties.filter(side=side).select_related("party")
    return "、".join(p.display_name for p in parties) or "—"


def _issue(user: Any, obj: Any, kind: str, request: Any, **extra: Any) -> None:
    record(
        actor_of(user, request), "enforcement.refusal.document", obj=obj.case, after={"kind": kind, **extra}
    )


def referral_document(user: Any, r: Referral, kind: str, request: Any = None) -> bytes:
    """One of the referral's documents; the letter only once the referral is approved."""
    rules.check_case(user, r.case, request=request)
    if kind not in REFERRAL_KINDS:
        raise LawError("document_kind_invalid", "未知的文书种类。", "Unknown document kind.", field="kind")
    if kind == "letter" and r.state in (ReferralState.PENDING, ReferralState.REFUSED):
        raise LawError(
            "referral_not_approved", "移送尚未批准，不能制作移送函。", "The referral has not been approved."
        )
    ref = rules.reference()
    on = r.referred_on or timezone.localdate()
    items = [
        f"{i}. {law.EVIDENCE_ITEMS[e['item']][0]}：{e['description']}（{e['pages']}页）"
        for i, e in enumerate(r.evidence, 1)
    ]
    values = {
        "court_name": r.case.court.name,
        "case_number": r.case.case_number,
        "document_number": r.letter_number or f"{r.case.case_number}-移送{r.pk}",
        "issued_on": signing_date(on),
        "police": r.police,
        "applicants": _names(r, Side.PLAINTIFF),
        "debtors": _names(r, Side.DEFENDANT),
        "suspect": r.suspect.display_name,
        "opinion": OPINION,
        "evidence_count": str(len(r.evidence)),
        "pages": str(sum(int(e["pages"]) for e in r.evidence)),
        "decision_days": str(ref.params["refusal.police_decision_days"].at(None)),
        "complex_days": str(ref.params["refusal.police_complex_days"].at(None)),
        "officer": r.proposed_by_name,
        "situation": r.situation,
        "items": "\n".join(items),
    }
    _issue(user, r, kind, request, referral=r.pk)
    heading = NAMES[kind][0]
    body = BODIES[kind]
    return render(court_document(heading, body), values)


def sanction_decision(user: Any, s: Sanction, request: Any = None) -> bytes:
    """The decision on an approved fine or detention."""
    rules.check_case(user, s.case, request=request)
    if s.state != SanctionState.APPROVED:
        raise LawError(
            "sanction_not_approved", "尚未经院长批准，不能制作决定书。", "The sanction has not been approved."
        )
    fine = s.kind == SanctionKind.FINE
    order = (
        f"对{s.target_name}罚款人民币{s.amount}元。"
        if fine
        else f"对{s.target_name}拘留{s.days}日，由公安机关看管。"
    )
    assert s.decided_on is not None
    values = {
        "court_name": s.case.court.name,
        "case_number": s.case.case_number,
        "document_number": s.decision_number,
        "issued_on": signing_date(s.decided_on),
        "word": "罚款" if fine else "拘留",
        "target": s.target_name,
        "grounds": s.grounds,
        "order": order,
        "reconsideration_days": str(s.limits.get("reconsideration_days", 3)),
        "decided_on": text_date(s.decided_on),
    }
    _issue(user, s, s.kind, request, sanction=s.pk)
    return render(court_document(NAMES[s.kind][0], BODIES["sanction"]), values)
