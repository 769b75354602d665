"""The hearings' documents as DOCX from built-in templates (``zhiyuan.documents``): the notice to a
participant (听证通知书), the record (听证笔录) with everyone's statement, and the ruling of the review case
(执行裁定书) from the hearing's outcome and reasons. Issuing one is audited."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.documents.docx import court_document, render
from zhiyuan.enforcement.hearings import rules, selectors
from zhiyuan.enforcement.models import Hearing, HearingMode, HearingOutcome, Participant
from zhiyuan.law.document_style import signing_date, text_date
from zhiyuan.law.errors import LawError

NAMES = {
    "notice": ("听证通知书", "Hearing notice"),
    "record": ("听证笔录", "Hearing record"),
    "ruling": ("执行裁定书", "Ruling"),
}
HEADINGS = {"notice": "听证通知书", "record": "听证笔录", "ruling": "执行裁定书"}
BODIES: dict[str, list[str]] = {
    "notice": [
        "{participant}：",
        "本院受理的{case_number}案件（关联执行案件{linked_number}），定于{starts_at}就“{matter}”事项举行听证。"
        "听证方式：{mode}；地点：{place}。主持人：{presiding}。",
        "请你（单位）准时参加，并携带身份证明及相关证据材料。无正当理由拒不到场的，不影响听证进行，由你（单位）"
        "承担相应后果。",
        "依照{citation}的规定，特此通知。",
    ],
    "record": [
        "案号：{case_number}（关联执行案件{linked_number}）",
        "听证事项：{matter}",
        "时间：{starts_at}；方式：{mode}；地点：{place}",
        "主持人：{presiding}",
        "参加人：{participants}",
        "听证经过：{record}",
        "各参加人陈述：{statements}",
    ],
    "ruling": [
        "{parties}",
        "本院在审查{case_number}案件（关联执行案件{linked_number}）中，于{held_on}就“{matter}”事项举行听证，"
        "听取了各方意见。",
        "本院认为：{reasons}",
        "听证结论：{outcome}。依照{citation}的规定，裁定如下：",
        "{order}",
    ],
}
ORDERS = {
    HearingOutcome.SUSTAINED: "异议（请求）成立，对相关执行行为予以撤销或者改正。",
    HearingOutcome.PARTLY: "异议（请求）部分成立，对相关执行行为予以部分撤销或者改正；驳回其他异议（请求）。",
    HearingOutcome.DISMISSED: "驳回异议（请求）。",
    HearingOutcome.WITHDRAWN: "准许撤回异议（请求）。",
}


def _when(h: Hearing) -> str:
    local = timezone.localtime(h.starts_at)
    return f"{text_date(local.date())}{local:%H:%M}"


def _common(h: Hearing) -> dict[str, str]:
    zh = selectors.matter_names(rules.day_of(h)).get(h.matter, (h.matter, h.matter))[0]
    return {
        "court_name": h.court.name,
        "case_number": h.case.case_number,
        "linked_number": h.linked.case_number,
        "document_number": f"{h.case.case_number}-听证{h.pk}",
        "issued_on": signing_date(timezone.localdate()),
        "matter": zh,
        "starts_at": _when(h),
        "mode": str(HearingMode(h.mode).label),
        "place": h.place,
        "presiding": h.presiding_name,
        "citation": "《最高人民法院关于人民法院办理执行异议和复议案件若干问题的规定》第十一条、第十二条",
    }


def _issue(user: Any, h: Hearing, kind: str, request: Any, **extra: Any) -> None:
    record(
        actor_of(user, request),
        "enforcement.hearing.document",
        obj=h.case,
        after={"hearing": h.pk, "kind": kind, **extra},
    )


def notice(user: Any, participant: Participant, request: Any = None) -> bytes:
    """The notice to one participant (anyone who may see the hearing's case may print it)."""
    h = participant.hearing
    rules.check_in_scope(user, h, request)
    values = {**_common(h), "participant": participant.name}
    _issue(user, h, "notice", request, participant=participant.name)
    return render(court_document(HEADINGS["notice"], BODIES["notice"]), values)


def hearing_record(user: Any, h: Hearing, request: Any = None) -> bytes:
    """The record (笔录) of a held hearing."""
    rules.check_in_scope(user, h, request)
    if h.held_on is None:
        raise LawError("hearing_not_held", "听证尚未举行，没有笔录。", "The hearing has not been held yet.")
    people = list(h.participants.all())
    values = {
        **_common(h),
        "participants": "、".join(f"{p.name}（{p.capacity}）" for p in people),
        "record": h.record,
        "statements": "；".join(f"{p.name}：{p.statement or '未陈述'}" for p in people),
    }
    _issue(user, h, "record", request)
    return render(
        court_document(HEADINGS["record"], BODIES["record"], foot="主持人：{presiding}\n{issued_on}"), values
    )


def ruling(user: Any, h: Hearing, request: Any = None) -> bytes:
    """The ruling drawn from the hearing's outcome and reasons (a draft until the review case is ruled)."""
    rules.check_in_scope(user, h, request)
    if not h.outcome or h.held_on is None:
        raise LawError(
            "hearing_not_decided", "听证尚未形成结论，不能制作裁定书。", "The hearing has no outcome yet."
        )
    parties = "；".join(f"{p.capacity}：{p.name}" for p in h.participants.all() if p.case_party_id)
    values = {
        **_common(h),
        "parties": parties,
        "held_on": text_date(h.held_on),
        "reasons": h.reasons,
        "outcome": str(HearingOutcome(h.outcome).label),
        "order": ORDERS[HearingOutcome(h.outcome)],
    }
    _issue(user, h, "ruling", request)
    return render(court_document(HEADINGS["ruling"], BODIES["ruling"]), values)
