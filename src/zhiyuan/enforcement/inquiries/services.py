"""The officer's network services: ask an inquiry (``enforcement:inquiry``), send an order
(``enforcement:measure``). Each is one transaction: the row with its idempotency key, the audit entry and
the case's node, committed before anything goes out; the worker's pump (:mod:`.dispatch`) sends it after the
commit. Jobs ask through :func:`ask_many` on their own account (standing re-queries, repeated freezes)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

import zhiyuan.affairs.services as affairs
from zhiyuan.accounts.policy import authorize_in_scope
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.audit.services import Actor, entry_fields, record, record_all
from zhiyuan.cases.models import Case, CaseParty, NodeLog, Side
from zhiyuan.cases.services import log_node
from zhiyuan.enforcement import task_kinds
from zhiyuan.enforcement.models import (
    Inquiry,
    InquiryResult,
    Measure,
    MeasureKind,
    MeasureStatus,
    NetworkOrder,
    OrderKindChoice,
    OrderState,
    RepeatedFreeze,
)
from zhiyuan.gateway.client import new_key
from zhiyuan.gateway.protocol import FREEZABLE, AssetClass
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.text import check_text
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party

INQUIRY_PERMISSION = "enforcement:inquiry"
MEASURE_PERMISSION = "enforcement:measure"
#: the case's timeline (cases' node log): codes and Chinese names (registered in apps.py)
NODES = {
    "network_inquiry": "网络查控",
    "network_inquiry_answered": "查控结果反馈",
    "network_order": "查控指令",
    "network_receipt": "查控指令回执",
    "network_release": "超额冻结解除",
    "repeated_freeze_start": "轮巡冻结开始",
    "repeated_freeze_end": "轮巡冻结结束",
    "standing_requery_start": "定期复查设立",
    "standing_requery_stop": "定期复查停止",
}
DOCUMENT_MAX = 100


def configured() -> bool:
    """Is an inquiry network configured (``ZHIYUAN_GATEWAY_URL``)?"""
    return bool(getattr(settings, "ZHIYUAN_GATEWAY_URL", ""))


def not_configured() -> LawError:
    """The error when no network is configured."""
    return LawError(
        "network_not_configured",
        "未配置网络查控系统，暂不能发送查询或指令（请系统管理员配置）。",
        "The inquiry network is not configured (ask the system administrator); nothing can be sent.",
    )


def may(user: Any, case: Case, permission: str, request: Any = None) -> bool:
    """May ``user`` use ``permission`` on ``case`` (what the page offers; no audit)?"""
    return (
        permission in permissions_for(user, request)
        and case.court_id in scope_of(user).court_ids
        and case.type_code in ENFORCEMENT_ACTION
    )


def check_case(user: Any, case: Case, permission: str, request: Any = None) -> None:
    """Permission, court scope and an enforcement case: else an audited refusal or an error."""
    authorize_in_scope(user, permission, case, request)
    if case.type_code not in ENFORCEMENT_ACTION:
        raise LawError(
            "network_not_enforcement",
            "只有执行实施案件（执、执恢、执保）可以网络查控。",
            "Only enforcement cases (执, 执恢, 执保) use the inquiry network.",
        )


def debtors(case: Case) -> list[Party]:
    """The case's debtors (被执行人), in the order they were added."""
    ids = CaseParty.objects.filter(case=case, side=Side.DEFENDANT).order_by("pk").values_list("party_id")
    found = {p.pk: p for p in Party.objects.filter(pk__in=ids)}
    return [found[pk] for (pk,) in ids if pk in found]


def pick_debtor(case: Case, debtor_id: int | None) -> Party:
    """The debtor asked about: ``debtor_id`` if it is a debtor of the case, else the first one."""
    found = debtors(case)
    if debtor_id is not None:
        found = [p for p in found if p.pk == debtor_id]
    if not found:
        raise LawError(
            "debtor_not_found", "该案件没有这名被执行人。", "The case has no such debtor.", field="debtor"
        )
    if not found[0].id_number:
        raise LawError(
            "debtor_no_identity",
            "被执行人没有证件号码，无法网络查控。",
            "The debtor has no identity number; the network cannot be asked.",
            field="debtor",
        )
    return found[0]


def clean_classes(raw: Iterable[str]) -> list[str]:
    """Asset classes as the protocol names them, each once, in the protocol's order; at least one."""
    values = [str(c) for c in raw]
    unknown = [c for c in values if c not in AssetClass.__members__.values()]
    if unknown:
        raise LawError(
            "asset_class_invalid",
            f"未知的财产类别：{'、'.join(unknown[:3])}。",
            f"Unknown asset class: {', '.join(unknown[:3])}.",
            field="classes",
        )
    chosen = [c.value for c in AssetClass if c.value in values]
    if not chosen:
        raise LawError(
            "asset_class_required",
            "请至少选择一类财产。",
            "Choose at least one asset class.",
            field="classes",
        )
    return chosen


def _snapshot(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "key": inquiry.key,
        "debtor": inquiry.debtor_id,
        "classes": inquiry.classes,
        "origin": inquiry.origin,
    }


def _pump_after_commit() -> None:
    from zhiyuan.enforcement.inquiries import dispatch

    transaction.on_commit(dispatch.enqueue_pump)


def ask(
    user: Any,
    case: Case,
    classes: Sequence[str],
    debtor_id: int | None = None,
    request: Any = None,
) -> Inquiry:
    """The officer asks the network about the debtor's assets of ``classes``; sent by the worker."""
    check_case(user, case, INQUIRY_PERMISSION, request)
    if not configured():
        raise not_configured()
    chosen = clean_classes(classes)
    debtor = pick_debtor(case, debtor_id)
    who = actor_of(user, request)
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            case=case,
            debtor=debtor,
            classes=chosen,
            key=new_key(),
            requested_at=timezone.now(),
            asked_by_id=who.id,
            asked_by_name=user.get_full_name(),
        )
        record(who, "enforcement.inquiry.ask", obj=case, after=_snapshot(inquiry))
        log_node(
            case, "network_inquiry", timezone.localdate(), who, {"classes": chosen, "inquiry": inquiry.pk}
        )
        # the case's network-inquiry task in the affairs center is done by this (unless another holds it)
        affairs.complete_by_key(
            user, task_kinds.source_key(case, "inquiry"), f"已发起网络查控（第 {inquiry.pk} 号）", request
        )
        _pump_after_commit()
    return inquiry


def ask_many(who: Actor, asks: Sequence[tuple[Case, Party, Sequence[str]]], origin: str) -> list[Inquiry]:
    """Inquiries asked by a job on its own account (``origin``: requery, teimosinha, batch): one
    transaction, one bulk insert, an audit entry and a node per inquiry."""
    now, today = timezone.now(), timezone.localdate()
    rows = [
        Inquiry(
            case=case,
            debtor=debtor,
            classes=clean_classes(classes),
            key=new_key(),
            origin=origin,
            requested_at=now,
            asked_by_id=who.id,
            asked_by_name=who.name,
        )
        for case, debtor, classes in asks
    ]
    if not rows:
        return []
    with transaction.atomic():
        made = Inquiry.objects.bulk_create(rows, batch_size=500)
        record_all(
            [entry_fields(who, "enforcement.inquiry.ask", obj=i.case, after=_snapshot(i)) for i in made]
        )
        NodeLog.objects.bulk_create(
            [
                NodeLog(
                    case=i.case,
                    node="network_inquiry",
                    on=today,
                    actor_id=who.id,
                    actor_name=who.name,
                    payload={"classes": i.classes, "origin": origin},
                )
                for i in made
            ],
            batch_size=500,
        )
        _pump_after_commit()
    return made


def found_asset(case: Case, result_id: int) -> InquiryResult:
    """An asset an inquiry on ``case`` found, that an order may name."""
    result = InquiryResult.objects.filter(pk=result_id, inquiry__case=case, status="found").first()
    if result is None:
        raise LawError(
            "asset_not_found",
            "该财产不是本案查控到的财产。",
            "The asset was not found by an inquiry on this case.",
            field="asset",
        )
    return result


def new_order(
    case: Case,
    kind: str,
    result: InquiryResult | NetworkOrder,
    amount: Decimal,
    document_number: str,
    who: Actor,
    repeated_freeze: RepeatedFreeze | None = None,
    by_name: str = "",
) -> NetworkOrder:
    """Store an order with its key (inside the caller's transaction): audited and on the timeline.
    ``by_name``: the person's name shown on the page (the actor's account name when none is given)."""
    order = NetworkOrder.objects.create(
        case=case,
        kind=kind,
        asset_class=result.asset_class,
        holder=result.holder,
        ref=result.ref,
        amount=amount,
        document_number=document_number,
        key=new_key(),
        repeated_freeze=repeated_freeze,
        requested_at=timezone.now(),
        asked_by_id=who.id,
        asked_by_name=by_name or who.name,
    )
    after = {
        "key": order.key,
        "kind": kind,
        "ref": order.ref,
        "amount": str(amount),
        "document": document_number,
    }
    record(who, f"enforcement.order.{kind}", obj=case, after=after)
    node = (
        "network_release"
        if repeated_freeze is not None and kind == OrderKindChoice.UNFREEZE
        else "network_order"
    )
    log_node(case, node, timezone.localdate(), who, {"order": order.pk, "kind": kind, "amount": str(amount)})
    task_kinds.order_sent(order, who)
    _pump_after_commit()
    return order


def clean_document(value: str) -> str:
    """A ruling's number (裁定书文号): one line, required."""
    text = check_text(value or "", field="document_number", max_length=DOCUMENT_MAX).strip()
    if not text:
        raise LawError(
            "document_number_required",
            "请填写裁定书文号。",
            "The ruling's number is required.",
            field="document_number",
        )
    return text


def send_order(
    user: Any,
    case: Case,
    kind: str,
    result_id: int,
    amount: Any,
    document_number: str,
    request: Any = None,
) -> NetworkOrder:
    """The officer orders a freeze, release or deduction of an asset an inquiry on the case found."""
    if kind not in OrderKindChoice.values:
        raise LawError(
            "order_kind_invalid", "指令类型须为冻结、解除冻结或扣划。", "Unknown order kind.", field="kind"
        )
    value = clean_amount(amount, "amount", allow_zero=False)
    if value is None:
        raise LawError("amount_required", "请填写金额。", "The amount is required.", field="amount")
    document = clean_document(document_number)
    check_case(user, case, MEASURE_PERMISSION, request)
    if not configured():
        raise not_configured()
    result = found_asset(case, result_id)
    if result.asset_class not in FREEZABLE:
        raise LawError(
            "asset_not_freezable",
            "该类财产不能通过网络冻结或扣划。",
            "This class of asset cannot be frozen or deducted through the network.",
            field="asset",
        )
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # one order at a time per case
        if kind != OrderKindChoice.UNFREEZE:
            _within_claim(case, kind, value)
        return new_order(
            case, kind, result, value, document, actor_of(user, request), by_name=user.get_full_name()
        )


def _within_claim(case: Case, kind: str, value: Decimal) -> None:
    """No freeze or deduction beyond what the case is still owed (查封扣押冻结规定 Art 19: 不得明显超标的额
    冻结): for a freeze, the claim less what was deducted, less what is frozen or on its way to being
    frozen; for a deduction, the claim less what was deducted."""
    if case.claim_amount is None or case.claim_amount <= 0:
        raise LawError(
            "claim_missing",
            "本案未登记执行标的金额，不能通过网络冻结或扣划。",
            "The case has no claim amount recorded: no freeze or deduction through the network.",
        )
    zero = Decimal("0.00")
    measures = Measure.objects.filter(case=case)
    deducted = measures.filter(kind=MeasureKind.DEDUCTION).aggregate(s=Sum("amount"))["s"] or zero
    pending = NetworkOrder.objects.filter(case=case, state=OrderState.PENDING)
    owed = (
        case.claim_amount
        - deducted
        - (pending.filter(kind=OrderKindChoice.DEDUCT).aggregate(s=Sum("amount"))["s"] or zero)
    )
    if kind == OrderKindChoice.FREEZE:
        frozen = (
            measures.filter(kind=MeasureKind.FREEZE, status=MeasureStatus.ACTIVE).aggregate(s=Sum("amount"))[
                "s"
            ]
            or zero
        )
        on_the_way = pending.filter(kind=OrderKindChoice.FREEZE).aggregate(s=Sum("amount"))["s"] or zero
        room = owed - frozen - on_the_way
    else:
        room = owed
    if value > room:
        room = max(room, zero).quantize(zero)  # SQLite sums decimals with more places
        raise LawError(
            "order_exceeds_claim",
            f"金额超过本案尚未清偿的执行标的（最多 {room} 元）：不得明显超标的额冻结、扣划（查封扣押冻结规定第十九条）。",
            f"The amount exceeds what the case is still owed (at most {room} yuan): no freeze or deduction "
            "clearly beyond the claim (SPC rules on sealing, seizure and freezing, Art 19).",
            field="amount",
            room=str(room),
        )
