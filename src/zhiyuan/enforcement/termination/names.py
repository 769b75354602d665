"""The 终本 workflow's names: the tcp-check inputs and refusal codes in words (zh/en), the nodes it writes
to a case's log, and its ``cases.workflows`` entry (it owns the lifecycle move ``terminate_current``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhiyuan.cases.workflows import Workflow

NAME = "enforcement.termination"
MOVE = "terminate_current"

#: every tcp-check input (and ``too_early``) as a condition that holds, in words
ITEMS: dict[str, tuple[str, str]] = {
    "notice_served": ("已发出并送达执行通知书", "Enforcement notice issued and served"),
    "property_report_ordered": ("已责令被执行人报告财产", "Debtor ordered to report property"),
    "consumption_restriction_issued": ("已发出限制消费令", "Consumption restriction order issued"),
    "dishonesty_listed_or_ineligible": (
        "已将被执行人纳入失信名单（或不符合纳入条件）",
        "Debtor on the dishonest-debtor list (or not eligible)",
    ),
    "leads_checked": ("已核查申请执行人提供的财产线索", "Property leads from the applicant checked"),
    "network_inquiry_done": (
        "已通过网络执行查控系统查询主要财产",
        "Network inquiry of the main asset classes done",
    ),
    "onsite_inquiry_done_or_unneeded": ("已进行必要的现场调查", "On-site inquiry done where needed"),
    "search_done_or_unneeded": ("已依法搜查（必要时）", "Search done where needed"),
    "disposable_property_found": ("未发现可供执行的财产", "No disposable property found"),
    "whereabouts_known_or_searched": (
        "被执行人下落明确，或已查找下落不明的被执行人",
        "Debtor's whereabouts known, or searched for",
    ),
    "obstruction_sanctioned_or_none": (
        "妨害执行行为已依法处理（或无此行为）",
        "Obstruction sanctioned (or none)",
    ),
    "applicant_informed": ("已约谈申请执行人并听取意见", "Applicant informed and heard"),
}
#: a missing code in words: what is lacking
MISSING: dict[str, tuple[str, str]] = {
    "notice_served": ("执行通知书尚未发出或送达", "the enforcement notice is not issued or served"),
    "property_report_ordered": ("尚未责令报告财产", "no property report order"),
    "consumption_restriction_issued": ("尚未发出限制消费令", "no consumption restriction order"),
    "dishonesty_listed_or_ineligible": (
        "被执行人尚未纳入失信名单，也未记录不符合纳入条件的理由",
        "the debtor is not listed as dishonest and no reason of ineligibility is recorded",
    ),
    "leads_checked": ("财产线索尚未核查", "the property leads are not checked"),
    "network_inquiry_done": (
        "尚无覆盖主要财产类别的已全部反馈的网络查控",
        "no complete network inquiry covers the main asset classes",
    ),
    "onsite_inquiry_done_or_unneeded": ("尚未进行必要的现场调查", "no on-site inquiry recorded"),
    "search_done_or_unneeded": ("尚未记录搜查情况", "no search recorded"),
    "disposable_property_found": ("本案尚有可供执行的财产", "the case still holds disposable property"),
    "whereabouts_known_or_searched": (
        "被执行人下落不明且尚未查找",
        "the debtor's whereabouts are unknown and not searched for",
    ),
    "obstruction_sanctioned_or_none": ("尚未记录妨害执行行为的处理情况", "no record on obstruction"),
    "applicant_informed": ("尚未约谈申请执行人", "the applicant has not been heard"),
    "too_early": ("自立案之日起尚未超过三个月", "three months have not passed since filing"),
}
#: the nodes the workflow writes to a case's log
NODES = {
    "tcp.finding": "终本核查事项",
    "tcp.opinion": "约谈申请执行人",
    "tcp.library": "纳入终本案件库",
    "tcp.property_found": "终本案件复查发现财产",
    "tcp.resumed": "恢复执行",
    "tcp.carried_over": "措施与财产移入恢复执行案件",
    "tcp.carried_in": "承接原终本案件的措施与财产",
}


def words(codes: list[str], english: bool) -> list[str]:
    """Missing codes in words, in the reader's language."""
    return [MISSING.get(c, (c, c))[1 if english else 0] for c in codes]


def _owns(case: Any, name: str) -> bool:
    return name == MOVE and case.family == "enforcement"


WORKFLOW = Workflow(
    name=NAME,
    zh="终结本次执行程序",
    en="Termination of the current procedure",
    manages=lambda case: False,
    url=lambda case: reverse("enforcement:termination", args=[case.case_number]),
    nodes=NODES,
    owns_move=_owns,
)
