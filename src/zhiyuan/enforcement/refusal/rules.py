"""The checks the refusal services share: permissions, the case a referral or sanction is made on, the
party it concerns, the values it is given and the law's answers (``zhiyuan.law.refusal``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zhiyuan.accounts.policy import authorize_in_scope
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.courts import selectors as courts
from zhiyuan.inputs.text import NOTE_MAX, NOTES_MAX, check_text
from zhiyuan.law import refusal as law
from zhiyuan.law.errors import LawError

REFER = "enforcement:refer"
APPROVE_SANCTION = "enforcement:sanction_approve"
FILE = "case:file"
#: the case types a referral or a sanction is made on (执行实施, 恢复执行)
CASE_TYPES = frozenset({"执", "执恢"})
POLICE_MAX = 200
SITUATION_MAX = 5000
EVIDENCE_MAX = 50
NUMBER_MAX = 100
#: the Chinese names of the fields a missing value is reported under
FIELD_NAMES = {
    "police": "公安机关",
    "situation": "执行情况说明",
    "description": "证据名称及说明",
    "reason": "理由",
    "reasons": "不予立案理由",
    "grounds": "事实和理由",
    "police_case_number": "公安立案编号",
    "target_name": "被处罚人",
    "note": "说明",
}


def reference() -> Any:
    """The reference in force (parameters and the legal calendar)."""
    return courts.reference()


def check_case(user: Any, case: Case, permission: str = REFER, request: Any = None) -> None:
    """Permission and scope on ``case``, an enforcement case (执 or 执恢)."""
    authorize_in_scope(user, permission, case, request)
    if case.type_code not in CASE_TYPES:
        raise LawError(
            "refusal_case_type",
            "只有执行实施案件（执、执恢）可以移送拒执或者决定罚款、拘留。",
            "Only enforcement cases (执, 执恢) are referred or sanctioned.",
        )


def may_refer(user: Any, case: Case, request: Any = None) -> bool:
    """Would the pages offer ``user`` the referral and sanction forms on ``case`` (no audit)?"""
    return (
        REFER in permissions_for(user, request)
        and case.court_id in scope_of(user).court_ids
        and case.type_code in CASE_TYPES
    )


def party_of(case: Case, party_id: int, field: str = "party_id") -> CaseParty:
    """A party of ``case`` by its case-party id; ``party_not_in_case`` otherwise."""
    found = CaseParty.objects.filter(case=case, pk=party_id).select_related("party").first()
    if found is None:
        raise LawError(
            "party_not_in_case",
            "该当事人不是本案当事人。",
            "The party is not a party of the case.",
            field=field,
        )
    return found


def suspect_of(case: Case, party_id: int) -> CaseParty:
    """The person referred: a party of the case who is not the applicant (申请执行人)."""
    found = party_of(case, party_id, "suspect_id")
    if found.side == Side.PLAINTIFF:
        raise LawError(
            "suspect_is_applicant",
            "不能将申请执行人作为拒执移送对象。",
            "The applicant cannot be the one referred.",
            field="suspect_id",
        )
    return found


def text(value: str, field: str, max_length: int = NOTE_MAX, *, required: bool = False) -> str:
    """A checked, stripped text; ``{field}_required`` when ``required`` and empty."""
    out = check_text(value or "", field=field, max_length=max_length, multiline=max_length > NOTE_MAX).strip()
    if required and not out:
        raise LawError(
            f"{field}_required",
            f"请填写“{FIELD_NAMES.get(field, field)}”。",
            f"'{field}' is required.",
            field=field,
        )
    return out


def long_text(value: str, field: str, *, required: bool = True) -> str:
    """A multi-line text (the situation, the grounds)."""
    return text(value, field, SITUATION_MAX if field == "situation" else NOTES_MAX, required=required)


def evidence(items: Any) -> list[dict[str, Any]]:
    """The evidence list: ``[{item, description, pages}]``, every Art 4 category present."""
    if not isinstance(items, list) or len(items) > EVIDENCE_MAX:
        raise LawError(
            "evidence_invalid",
            f"证据材料清单须为至多 {EVIDENCE_MAX} 项的列表。",
            f"The evidence list must be a list of at most {EVIDENCE_MAX} items.",
            field="evidence",
        )
    out = []
    for i, raw in enumerate(items):
        item = raw.get("item") if isinstance(raw, dict) else None
        if item not in law.EVIDENCE_ITEMS:
            raise LawError(
                "evidence_item_invalid",
                f"第 {i + 1} 项证据的类别无效，可选：{'、'.join(law.EVIDENCE_ITEMS)}。",
                f"Evidence item {i + 1} has no valid category (one of {', '.join(law.EVIDENCE_ITEMS)}).",
                field="evidence",
            )
        pages = raw.get("pages", 1)
        if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= 10000:
            raise LawError(
                "evidence_pages_invalid",
                f"第 {i + 1} 项证据的页数须为 1 至 10000 的整数。",
                f"Evidence item {i + 1}: pages must be a whole number from 1 to 10000.",
                field="evidence",
            )
        description = text(str(raw.get("description", "")), "description", required=True)
        out.append({"item": item, "description": description, "pages": pages})
    missing = law.missing_evidence([e["item"] for e in out])
    if missing:
        names = "、".join(law.EVIDENCE_ITEMS[m][0] for m in missing)
        raise LawError(
            "evidence_incomplete",
            f"移送须附以下证据材料：{names}（{law.REFERRAL_EVIDENCE.text()}）。",
            f"A referral must carry evidence of: {', '.join(law.EVIDENCE_ITEMS[m][1] for m in missing)}.",
            field="evidence",
            missing=missing,
        )
    return out


def not_before(on: dt.date, earlier: dt.date | None, code: str, zh: str, en: str) -> None:
    """Refuse a date before an earlier step's."""
    if earlier is not None and on < earlier:
        raise LawError(code, zh, en, field="on")


def recovered(amount: Any) -> Decimal:
    """A recovered amount in yuan (≥ 0, cents)."""
    from zhiyuan.law.money import parse_amount

    return parse_amount(amount, "recovered_amount")


def sanction_limits(facts: dict[str, Any]) -> dict[str, Any]:
    """``sanction-check`` on ``facts``; refused with the first reason's code when outside the limits."""
    out = law.sanction_check(facts, reference().params)
    if not out["allowed"]:
        first = out["reasons"][0]
        raise LawError(first["code"], first["message_zh"], first["message_en"], limits=out)
    return out


def deadlines(referred_on: dt.date, complex_case: bool, declined_on: dt.date | None = None) -> dict[str, Any]:
    """``refusal-deadlines`` for a referral."""
    ref = reference()
    facts = {
        "referred_on": referred_on.isoformat(),
        "complex": complex_case,
        "declined_on": declined_on.isoformat() if declined_on else None,
    }
    return law.deadlines(facts, ref.params, ref.calendar)
