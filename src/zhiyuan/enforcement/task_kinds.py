"""Enforcement's routine work as tasks of the affairs center (执行事务中心): the kinds it declares, the
tasks every enforcement case gets on filing — service of the enforcement notice and related documents
(送达执行通知书等) and the network asset inquiry (网络查控) — and a batch action that gives the open
enforcement cases filed before the center (imported or simulated ones) the tasks they lack.

The other kinds (measures, renewals, disposal, funds, documents) are spawned by the modules that decide
on them, with ``affairs.services.spawn(case, code, source_key=..., due=...)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

import zhiyuan.affairs.selectors as affairs_selectors
import zhiyuan.affairs.services as affairs
from zhiyuan.audit.services import Actor
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case
from zhiyuan.law.case_types import ENFORCEMENT_ACTION

NOTICE = "enforcement.notice_service"
INQUIRY = "enforcement.network_inquiry"
FREEZE = "enforcement.freeze"
DEDUCT = "enforcement.deduct"
UNFREEZE = "enforcement.unfreeze"
RENEWAL = "enforcement.renewal"
VALUATION = "enforcement.valuation"
AUCTION = "enforcement.auction"
DISBURSEMENT = "enforcement.disbursement"
DOCUMENTS = "enforcement.documents"
RESUMPTION_REVIEW = "enforcement.resumption_review"
BANKRUPTCY_SUSPEND = "enforcement.bankruptcy_suspend"
BANKRUPTCY_OUTCOME = "enforcement.bankruptcy_outcome"

KINDS = (
    affairs.TaskKind(
        NOTICE,
        "送达执行通知书等",
        "Serve the enforcement notice and related documents",
        "service",
        affairs.Legal("enforcement_notice"),
    ),
    affairs.TaskKind(
        INQUIRY,
        "网络查控",
        "Network asset inquiry",
        "inquiry",
        affairs.ServiceLevel("network_inquiry"),
        permission="enforcement:inquiry",
    ),
    affairs.TaskKind(FREEZE, "冻结", "Freeze", "measures", affairs.ServiceLevel("measure_order")),
    affairs.TaskKind(DEDUCT, "扣划", "Deduction", "measures", affairs.ServiceLevel("measure_order")),
    affairs.TaskKind(
        UNFREEZE, "解除冻结", "Release a freeze", "measures", affairs.ServiceLevel("measure_order")
    ),
    affairs.TaskKind(
        RENEWAL, "续行查封、冻结", "Renew a seal or freeze", "measures", affairs.ServiceLevel("renewal")
    ),
    affairs.TaskKind(
        VALUATION, "评估辅助", "Valuation support", "disposal", affairs.ServiceLevel("disposal_support")
    ),
    affairs.TaskKind(
        AUCTION, "拍卖辅助", "Auction support", "disposal", affairs.ServiceLevel("disposal_support")
    ),
    affairs.TaskKind(
        DISBURSEMENT,
        "案款发放准备",
        "Prepare the disbursement of case funds",
        "funds",
        affairs.Legal("funds_disbursement"),
    ),
    affairs.TaskKind(
        DOCUMENTS, "文书制作", "Prepare documents", "documents", affairs.ServiceLevel("documents")
    ),
    affairs.TaskKind(  # a re-query of a 终本 case found property (zhiyuan.enforcement.termination)
        RESUMPTION_REVIEW,
        "终本案件发现财产：审查恢复执行",
        "Terminated case with property found: review for resumption",
        "inquiry",
        affairs.ServiceLevel("resumption_review"),
        permission="enforcement:inquiry",
    ),
    affairs.TaskKind(  # another court decided to transfer the debtor to bankruptcy review (执转破 item 8)
        BANKRUPTCY_SUSPEND,
        "他院决定移送破产审查：中止对被执行人的执行",
        "Another court transferred the debtor to bankruptcy review: suspend enforcement",
        "documents",
        affairs.ServiceLevel("bankruptcy_suspension"),
        permission="enforcement:handle",
    ),
    affairs.TaskKind(  # the receiving court accepted or rejected the bankruptcy application (items 17, 18)
        BANKRUPTCY_OUTCOME,
        "破产审查结果：受理后解除保全待终结，不予受理后恢复执行",
        "Bankruptcy review outcome: release and await termination, or resume enforcement",
        "documents",
        affairs.ServiceLevel("bankruptcy_suspension"),
        permission="enforcement:handle",
    ),
)


def source_key(case: Case, what: str) -> str:
    """The key of a case's task spawned on filing (``case:<id>:notice``)."""
    return f"case:{case.pk}:{what}"


def spawn_filing_tasks(case: Case, who: Actor, on: Any = None) -> list[Any]:
    """The tasks an enforcement case gets when it is filed (idempotent): the notice's service while the
    notice is not yet sent, and the network inquiry; their service levels count from ``on`` (default the
    filing date)."""
    start = on or case.filed_on
    made = []
    if case.status == "filed":
        made.append(affairs.spawn(case, NOTICE, source_key=source_key(case, "notice"), actor=who, on=start))
    made.append(affairs.spawn(case, INQUIRY, source_key=source_key(case, "inquiry"), actor=who, on=start))
    return made


def on_filing(case: Case, who: Actor) -> None:
    """``cases.filing_hooks``: a 执/执恢/执保 case gets its first tasks inside the filing's transaction."""
    if case.type_code in ENFORCEMENT_ACTION:
        spawn_filing_tasks(case, who)


# ------------------------------------------------------------------------------------------- orders

#: a network order's kind → the task kind that follows it until its receipt
ORDER_TASKS = {"freeze": FREEZE, "deduct": DEDUCT, "unfreeze": UNFREEZE}
SYSTEM = Actor.system("zhiyuan gateway")


def order_sent(order: Any, who: Actor) -> None:
    """An order went to the network (inside its transaction): a task follows it until its receipt."""
    kind = ORDER_TASKS.get(str(order.kind))
    if kind is not None:
        affairs.spawn(
            order.case,
            kind,
            source_key=f"order:{order.pk}",
            payload={
                "order": order.pk,
                "amount": str(order.amount),
                "what": f"{order.holder} {order.ref}".strip(),
            },
            actor=who,
        )


def order_receipt(order: Any) -> None:
    """``network_hooks``: the receipt closes the order's task — done when the institution applied it
    (wholly or partly), returned with the reason when it refused, for the officer to decide."""
    applied = str(order.state) in ("applied", "partial")
    note = (
        f"回执 {order.receipt_number}：实际执行 {order.applied} 元\nReceipt {order.receipt_number}: {order.applied} applied"
        if applied
        else f"回执 {order.receipt_number}：未执行（{order.receipt_reason or order.state}）\nReceipt refused"
    )
    affairs.close_by_system(f"order:{order.pk}", SYSTEM, done=applied, note=note)


# ------------------------------------------------------------------------------------------- batch

CATCH_UP = "enforcement.catch_up_tasks"


def _select_without_tasks(court_id: int, params: Mapping[str, Any]) -> list[int]:
    return list(
        Case.objects.filter(court_id=court_id, type_code__in=ENFORCEMENT_ACTION, closed_on__isnull=True)
        .exclude(status=CLOSED)
        .exclude(pk__in=affairs_selectors.cases_with_task(INQUIRY))
        .order_by("filed_on", "pk")
        .values_list("pk", flat=True)
    )


def _catch_up_one(case_id: int, params: Mapping[str, Any], user: Any, who: Actor) -> str:
    case = Case.objects.get(pk=case_id)
    made = spawn_filing_tasks(case, who, on=timezone.localdate())
    return f"已建立 {len(made)} 项任务\n{len(made)} task(s) created"


def register() -> None:
    """Declare the kinds, the filing hook and the batch action (from ``EnforcementConfig.ready``)."""
    from zhiyuan.cases import filing_hooks
    from zhiyuan.enforcement import network_hooks

    for kind in KINDS:
        affairs.register_kind(kind)
    filing_hooks.register("enforcement.affairs_tasks", on_filing)
    if order_receipt not in network_hooks.ORDER_APPLIED:
        network_hooks.ORDER_APPLIED.append(order_receipt)
    affairs.register_batch_action(
        affairs.BatchAction(
            CATCH_UP,
            "为未建任务的执行案件补建任务",
            "Create the missing tasks of open enforcement cases",
            affairs.CASE,
            select=_select_without_tasks,
            run_one=_catch_up_one,
            description_zh="本院尚无网络查控任务的未结执行案件（导入或早于事务中心立案的）：建立网络查控任务，尚未发出执行通知的再建立送达任务，期限自今日起算。",
            description_en="Open enforcement cases of the court without a network-inquiry task (imported, or filed "
            "before the affairs center): creates that task, and the service task where the notice is not yet "
            "sent; service levels count from today.",
        )
    )
