"""The 执转破 workflow's names: its ``cases.workflows`` entry (it owns the moves ``suspend``/``unsuspend`` of
an enforcement case bound by an open transfer, and ``decide`` of the 破申 case it filed), the nodes it
writes, the task kinds it spawns and the citations it applies (法发〔2017〕2号 items, read in reprints; see
docs/bankruptcy.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhiyuan.cases.workflows import Workflow

NAME = "enforcement.bankruptcy"
SUSPEND, UNSUSPEND, DECIDE = "suspend", "unsuspend", "decide"
APPLICATION_TYPE = "破申"
TYPES = ("执", "执恢")
#: who signs the transfer decision: 由执行法院院长签署移送决定 (指导意见 item 4 — the item number is
#: UNVERIFIED; the role is a parameter of this module with this default)
APPROVER_ROLE = "court_president"

GUIDANCE = "《最高人民法院关于执行案件移送破产审查若干问题的指导意见》（法发〔2017〕2号）"
#: item → what the workflow does under it, (zh, en) (cited in the audit and on the page)
ITEMS = {
    "2": (
        "移送条件：企业法人；书面同意；不能清偿到期债务且资产不足或明显缺乏清偿能力",
        "conditions: an enterprise legal person; written consent; unable to pay debts due and insolvent",
    ),
    "3": (
        "由被执行人住所地人民法院管辖，以中级人民法院管辖为原则",
        "the domicile's court, the intermediate court as a rule",
    ),
    "4": (
        "承办人提出审查意见，由执行法院院长签署移送决定（条目编号未经核实）",
        "the court president signs the transfer decision (item number unverified)",
    ),
    "8": (
        "执行法院作出移送决定后，书面通知所有已知执行法院，执行法院均应中止对被执行人的执行程序",
        "after the decision every known enforcing court is told and all suspend enforcement",
    ),
    "17": (
        "受移送法院裁定受理后，执行法院解除保全措施、移交财产；宣告破产后终结执行（条目编号未经核实）",
        "after acceptance: release measures, hand over property, terminate once bankruptcy is declared "
        "(item number unverified)",
    ),
    "18": (
        "受移送法院裁定不予受理的，退回材料与财产，执行法院应当恢复对被执行人的执行",
        "after rejection: material and property go back and enforcement resumes",
    ),
}

NODES = {
    "bankruptcy.consent": "记录移送破产审查书面同意",
    "bankruptcy.proposed": "提请移送破产审查",
    "bankruptcy.refused": "移送破产审查未获批准",
    "bankruptcy.decided": "决定移送破产审查",
    "bankruptcy.notified": "他院决定移送破产审查：通知中止执行",
    "bankruptcy.accepted": "受移送法院裁定受理破产",
    "bankruptcy.rejected": "受移送法院裁定不予受理破产",
}


def _owns(case: Any, name: str) -> bool:
    from zhiyuan.enforcement.models import OPEN_STATES, Transfer, TransferCase

    if name in (SUSPEND, UNSUSPEND) and case.family == "enforcement":
        return TransferCase.objects.filter(case=case, transfer__state__in=OPEN_STATES).exists()
    if name == DECIDE and case.type_code == APPLICATION_TYPE:
        return Transfer.objects.filter(bankruptcy_case=case).exists()
    return False


WORKFLOW = Workflow(
    name=NAME,
    zh="执行案件移送破产审查",
    en="Transfer to bankruptcy review",
    manages=lambda case: False,
    url=lambda case: reverse("cases:detail", args=[case.case_number]) + "#bankruptcy",
    nodes=NODES,
    owns_move=_owns,
)
