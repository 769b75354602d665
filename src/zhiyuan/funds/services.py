"""The funds ledger's use cases, one transaction each, audited, court-scoped and permission-checked:
receipts (``funds:receive``); refunds, fees, costs, disbursement requests, payment and reversals
(``funds:disburse``); approval of a disbursement (``approval:grant`` through
``accounts.policy.authorize_approval``: never the requester, only with a verified second factor, only an
approver of the case's own court, once per person, by the grade of its amount). Every posting request
carries an idempotency key (:mod:`zhiyuan.funds.ledger`).

Distribution among creditors (参与分配, ``law.distribution``) decides what each creditor is paid; a
disbursement request names the scheme it follows (``scheme``) — the scheme itself is not made here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

import zhiyuan.affairs.services as affairs
from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.policy import authorize_approval, authorize_in_scope, refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import log_node
from zhiyuan.courts import selectors as courts
from zhiyuan.funds import ledger, scheme_limits, selectors
from zhiyuan.funds.ledger import Booked
from zhiyuan.funds.models import (
    RECEIPTS,
    Account,
    AccountKind,
    Approval,
    Disbursement,
    DisbursementStatus,
    PayeeKind,
    Posting,
    PostingKind,
)
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law import disbursement as grading
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError
from zhiyuan.law.money import parse_amount

RECEIVE = "funds:receive"
DISBURSE = "funds:disburse"
GATEWAY = "zhiyuan funds"
RECEIPT_KINDS = {"deduction": PostingKind.RECEIPT_DEDUCTION, "voluntary": PostingKind.RECEIPT_VOLUNTARY,
                 "auction": PostingKind.RECEIPT_AUCTION}  # fmt: skip
OUTFLOW_KINDS = {"refund": PostingKind.REFUND, "fee": PostingKind.FEE, "cost": PostingKind.COST}
#: the nodes the ledger writes to a case's log
NODES = {
    "funds_receipt": "案款到账",
    "funds_disbursement_requested": "申请发放案款",
    "funds_disbursement_approved": "批准发放案款",
    "funds_disbursement_refused": "不予批准发放案款",
    "funds_paid": "发放案款",
    "funds_outflow": "退款、执行费或执行费用",
    "funds_reversal": "冲正",
    "funds_scheme_made": "制作分配方案",
    "funds_scheme_served": "送达分配方案",
    "funds_scheme_objected": "对分配方案提出异议",
    "funds_scheme_final": "分配方案确定",
}


def _who(user: Any, request: Any) -> Actor:
    return actor_of(user, request)


def _enforcement(user: Any, case: Case, permission: str, request: Any) -> None:
    authorize_in_scope(user, permission, case, request)
    if case.type_code not in ENFORCEMENT_ACTION:
        raise LawError(
            "not_enforcement_case",
            "只有执行案件设有案款账户。",
            "Only enforcement cases have a funds account.",
        )


def _amount(raw: Any) -> Decimal:
    return parse_amount(raw, "amount", allow_zero=False)


def _day(on: Any, case: Case) -> dt.date:
    if not isinstance(on, dt.date):
        raise LawError("date_invalid", "日期无效。", "The date is invalid.", field="on")
    if on > timezone.localdate():
        raise LawError(
            "date_in_future", "记账日期不能晚于今天。", "The date cannot be in the future.", field="on"
        )
    if on < case.filed_on:
        raise LawError(
            "date_before_filing", "记账日期不能早于立案日期。", "The date precedes the filing.", field="on"
        )
    return on


def _text(value: str, field: str) -> str:
    return check_text(value or "", field=field, max_length=NOTE_MAX).strip()


def _lines(kind: str, case_account: Account, amount: Decimal) -> list[tuple[Account, Decimal]]:
    """The entries of a posting of ``kind``: a receipt debits the court's clearing account and credits the
    case; a fee debits the case and credits fee income; other outflows debit the case and credit clearing."""
    clearing = ledger.counter(case_account.court_id, AccountKind.CLEARING)
    if kind in RECEIPTS:
        return [(clearing, amount), (case_account, -amount)]
    if kind == PostingKind.FEE:
        return [
            (case_account, amount),
            (ledger.counter(case_account.court_id, AccountKind.FEE_INCOME), -amount),
        ]
    return [(case_account, amount), (clearing, -amount)]


def _book(
    who: Actor,
    case: Case,
    *,
    kind: str,
    amount: Decimal,
    on: dt.date,
    key: str,
    body: dict[str, Any],
    party_id: int | None = None,
    counterparty: str = "",
    note: str = "",
    source: str = "",
    reverses: Posting | None = None,
    prepare: Callable[[Account], None] | None = None,
    after: Callable[[Posting], None] | None = None,
) -> Booked:
    """One posting under ``key``: a replay answers the first posting; the case account is locked, the
    posting refused when it would leave the account below zero, written with its entries, audited and
    logged on the case — all in one transaction."""
    key = ledger.clean_key(key)
    digest = ledger.request_hash({"case": case.pk, "kind": kind, **body})
    with transaction.atomic():
        done = ledger.claim(key, digest)
        if done is not None:
            return Booked(done, True)
        account = ledger.case_account(case, lock=True)
        if prepare is not None:
            prepare(account)
        if reverses is not None:
            lines = [
                (e.account, -e.amount) for e in reverses.entries.select_related("account").order_by("pk")
            ]
        else:
            lines = _lines(kind, account, amount)
        balance = ledger.held(account)
        change = sum((a for acc, a in lines if acc.pk == account.pk), Decimal(0))
        if balance - change < 0:
            raise ledger.insufficient(balance, change)
        posting = Posting(
            account=account,
            kind=kind,
            amount=amount,
            on=on,
            key=key,
            request_hash=digest,
            party_id=party_id,
            counterparty=counterparty[:200],
            note=note,
            source=source,
            reverses=reverses,
            created_by_id=who.id,
            created_by_name=who.name[:150],
        )
        ledger.write(posting, lines)
        if after is not None:
            after(posting)
        summary = {
            "posting": posting.pk,
            "kind": kind,
            "amount": str(amount),
            "on": on.isoformat(),
            "key": key,
            "balance": str(balance - change),
            **({"reverses": reverses.pk} if reverses is not None else {}),
            **({"source": source} if source else {}),
        }
        record(who, f"funds.posting.{kind}", obj=case, after=summary)
        node = (
            "funds_receipt"
            if kind in RECEIPTS
            else "funds_reversal"
            if reverses is not None
            else "funds_paid"
            if kind == PostingKind.DISBURSEMENT
            else "funds_outflow"
        )
        log_node(case, node, on, who, {"kind": kind, "amount": str(amount), "posting": posting.pk})
    return Booked(posting, False)


def post_receipt(
    user: Any,
    case: Case,
    *,
    kind: str,
    amount: Any,
    on: dt.date,
    key: str,
    counterparty: str = "",
    note: str = "",
    request: Any = None,
) -> Booked:
    """Money reached the case's account: a deduction, a voluntary payment or auction proceeds."""
    _enforcement(user, case, RECEIVE, request)
    if kind not in RECEIPT_KINDS:
        raise LawError(
            "receipt_kind_invalid", "未知的到账类别。", f"Unknown receipt kind {kind!r}.", field="kind"
        )
    value, day = _amount(amount), _day(on, case)
    counterparty, note = _text(counterparty, "counterparty"), _text(note, "note")
    body = {"amount": str(value), "on": day.isoformat(), "counterparty": counterparty, "note": note}
    return _book(
        _who(user, request), case, kind=RECEIPT_KINDS[kind], amount=value, on=day, key=key, body=body,
        counterparty=counterparty, note=note,
    )  # fmt: skip


def book_deduction(case: Case, *, amount: Any, on: dt.date, source: str, what: str, who: Actor) -> None:
    """``enforcement.money_hooks``: a deduction recorded on ``case`` lands in its account as a
    ``receipt_deduction`` posting, once per deduction (the key is the deduction's ``source``)."""
    if case.type_code not in ENFORCEMENT_ACTION:
        return
    value = Decimal(amount).quantize(Decimal("0.01"))
    body = {"amount": str(value), "on": on.isoformat(), "source": source}
    _book(
        who, case, kind=PostingKind.RECEIPT_DEDUCTION, amount=value, on=on, key=f"{source}:receipt",
        body=body, note=what[:NOTE_MAX], source=source,
    )  # fmt: skip


def book_proceeds(case: Case, *, amount: Any, on: dt.date, source: str, what: str, who: Actor) -> None:
    """``enforcement.money_hooks.PROCEEDS_PAID``: a sold asset's price paid in lands in the case's account as
    a ``receipt_auction`` posting, once per sale (the key is the sale's ``source``: ``asset:<id>:proceeds``)."""
    if case.type_code not in ENFORCEMENT_ACTION:
        return
    value = Decimal(amount).quantize(Decimal("0.01"))
    body = {"amount": str(value), "on": on.isoformat(), "source": source}
    _book(
        who, case, kind=PostingKind.RECEIPT_AUCTION, amount=value, on=on, key=f"{source}:receipt",
        body=body, counterparty=what[:200], note=what[:NOTE_MAX], source=source,
    )  # fmt: skip


def post_outflow(
    user: Any,
    case: Case,
    *,
    kind: str,
    amount: Any,
    on: dt.date,
    key: str,
    counterparty: str = "",
    note: str = "",
    request: Any = None,
) -> Booked:
    """A refund (退款, e.g. to the debtor of what exceeds the debt), the enforcement fee settled into the
    court's fee income, or a cost paid (评估、拍卖等执行费用); refused if the balance would go negative."""
    _enforcement(user, case, DISBURSE, request)
    if kind not in OUTFLOW_KINDS:
        raise LawError("outflow_kind_invalid", "未知的支出类别。", f"Unknown kind {kind!r}.", field="kind")
    value, day = _amount(amount), _day(on, case)
    counterparty, note = _text(counterparty, "counterparty"), _text(note, "note")
    if kind == "refund" and not counterparty:
        raise LawError(
            "payee_required", "退款须写明收款人。", "A refund needs its payee.", field="counterparty"
        )
    body = {"amount": str(value), "on": day.isoformat(), "counterparty": counterparty, "note": note}
    return _book(
        _who(user, request), case, kind=OUTFLOW_KINDS[kind], amount=value, on=day, key=key, body=body,
        counterparty=counterparty, note=note, after=lambda posting: _paid_out(user, case, request),
    )  # fmt: skip


def _paid_out(user: Any, case: Case, request: Any) -> None:
    """The affairs center's 案款发放准备 tasks of receipts now wholly paid out are done."""
    for source in selectors.paid_out_sources(case):
        affairs.complete_by_key(user, f"{source}:disbursement", "案款已发放", request)


def _creditor(case: Case, party_id: Any) -> CaseParty:
    link = (
        CaseParty.objects.select_related("party")
        .filter(case=case, party_id=party_id, side=Side.PLAINTIFF)
        .first()
        if isinstance(party_id, int) and not isinstance(party_id, bool)
        else None
    )
    if link is None:
        raise LawError(
            "not_a_creditor",
            "只能向本案的申请执行人发放案款。",
            "Funds are paid only to an applicant (creditor) of this case.",
            field="party_id",
        )
    return link


def request_disbursement(
    user: Any,
    case: Case,
    *,
    party_id: int,
    amount: Any,
    on: dt.date,
    note: str = "",
    scheme: str = "",
    request: Any = None,
) -> Disbursement:
    """The officer asks to pay a creditor of the case; the amount's grade decides the approval it needs.
    Refused when the account does not hold the amount now, or when it exceeds the creditor's remaining share
    of the case's final distribution scheme (``beyond_scheme_share``, :mod:`zhiyuan.funds.scheme_limits`)."""
    _enforcement(user, case, DISBURSE, request)
    value, day = _amount(amount), _day(on, case)
    link = _creditor(case, party_id)
    note, scheme = _text(note, "note"), check_text(scheme or "", field="scheme", max_length=100).strip()
    return file_request(
        user, case, party=link.party, payee=link.display_name, amount=value, on=day, note=note,
        scheme=scheme, request=request,
    )  # fmt: skip


def file_request(
    user: Any,
    case: Case,
    *,
    party: Any,
    payee: str,
    amount: Decimal,
    on: dt.date,
    note: str,
    scheme: str,
    payee_kind: str = PayeeKind.CREDITOR,
    check: Callable[[Account], None] | None = None,
    request: Any = None,
) -> Disbursement:
    """Write a disbursement request whose payee and amount the caller checked (``party`` None for the
    treasury): graded for approval, under the account's lock, refused when the account does not hold the
    amount; ``check`` runs under the lock first (a scheme's or allocation's own limit)."""
    g = grading.approval({"amount": str(amount), "on": on.isoformat()}, courts.reference().params)
    who = _who(user, request)
    with transaction.atomic():
        account = ledger.case_account(case, lock=True)
        if check is not None:
            check(account)
        balance = ledger.held(account)
        if balance < amount:
            raise ledger.insufficient(balance, amount)
        if party is not None:  # a final 分配方案 caps each creditor (none: the treasury)
            scheme_limits.check(account, party.pk, amount)
        d = Disbursement.objects.create(
            account=account,
            party=party,
            payee_kind=payee_kind,
            payee=payee[:200],
            amount=amount,
            note=note,
            scheme=scheme,
            grade=g["grade"],
            approvals_needed=g["approvals"],
            final_role=g["final_role"] or "",
            requested_by_id=user.pk,
            requested_by_name=user.get_full_name()[:150],
            requested_on=on,
        )
        record(who, "funds.disbursement.request", obj=case, after=snapshot(d))
        log_node(case, "funds_disbursement_requested", on, who, {"disbursement": d.pk, "amount": str(amount)})
    return d


def snapshot(d: Disbursement) -> dict[str, Any]:
    """What the audit keeps of a disbursement request."""
    return {
        "disbursement": d.pk,
        "party": d.party_id,
        "payee_kind": d.payee_kind,
        "amount": str(d.amount),
        "status": d.status,
        "grade": d.grade,
        "approvals_needed": d.approvals_needed,
        "final_role": d.final_role,
        "approvals": [a.approver_id for a in d.approvals.all()] if d.pk else [],
    }


def _state(d: Disbursement) -> LawError:
    return LawError(
        "disbursement_state",
        f"该发放申请当前状态为“{d.get_status_display()}”，不能进行此操作。",
        f"The disbursement request is '{d.status}'; this step is not possible now.",
        status=d.status,
    )


def satisfied(d: Disbursement, approvals: list[Approval]) -> bool:
    """Do ``approvals`` (by different people) meet the request's grade?"""
    people = {a.approver_id for a in approvals}
    role_ok = not d.final_role or any(d.final_role in a.roles.split(",") for a in approvals)
    return len(people) >= d.approvals_needed and role_ok


def _check_grade(approver: Any, d: Disbursement, given: list[Approval], mine: Approval, request: Any) -> None:
    """Refuse (audited) an approval that would complete the count without the grade's role."""
    last = len({a.approver_id for a in given if a.approver_id != mine.approver_id}) + 1 >= d.approvals_needed
    if last and not satisfied(d, [*given, mine]):
        role = matrix().roles.get(d.final_role)
        zh, en = (role.zh, role.en) if role is not None else (d.final_role, d.final_role)
        raise refuse(
            approver,
            "approval_grade_role",
            f"该金额的发放须有{zh}审批。",
            f"A disbursement of this amount needs an approval by a {en}.",
            request,
            d.account.case,
        )


def approve(approver: Any, disbursement: Disbursement, request: Any = None) -> Disbursement:
    """One approval of a pending request: by an approver of the case's court with a verified second
    factor, never the requester, once per person, while the account still holds the amount. The grade's
    last approval must include its role (``final_role``); the request is approved when the grade is met."""
    case = disbursement.account.case
    assert case is not None
    authorize_approval(approver, disbursement.requested_by_id, request, obj=case, court_id=case.court_id)
    who = _who(approver, request)
    roles = ",".join(sorted(approver.role_codes))
    mine = Approval(disbursement=disbursement, approver_id=approver.pk, roles=roles)
    _check_grade(approver, disbursement, list(disbursement.approvals.all()), mine, request)  # audited
    with transaction.atomic():
        account = ledger.case_account(case, lock=True)
        d = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if d.status != DisbursementStatus.PENDING:
            raise _state(d)
        given = list(d.approvals.all())
        if any(a.approver_id == approver.pk for a in given):
            raise LawError(
                "already_approved", "您已审批过该申请。", "You have already approved this request."
            )
        mine = Approval(
            disbursement=d, approver_id=approver.pk, approver_name=approver.get_full_name(), roles=roles
        )
        _check_grade(approver, d, given, mine, request)
        balance = ledger.held(account)
        if balance < d.amount:
            raise ledger.insufficient(balance, d.amount)
        mine.save()
        before = snapshot(d)
        if satisfied(d, [*given, mine]):
            d.status = DisbursementStatus.APPROVED
            d.save(update_fields=["status"])
        record(who, "funds.disbursement.approve", obj=case, before=before, after=snapshot(d))
        log_node(
            case, "funds_disbursement_approved", timezone.localdate(), who,
            {"disbursement": d.pk, "status": d.status},
        )  # fmt: skip
    return d


def refuse_disbursement(
    approver: Any, disbursement: Disbursement, reason: str, request: Any = None
) -> Disbursement:
    """An approver of the case's court refuses a pending request, with a reason."""
    case = disbursement.account.case
    assert case is not None
    authorize_approval(approver, disbursement.requested_by_id, request, obj=case, court_id=case.court_id)
    reason = _text(reason, "reason")
    if not reason:
        raise LawError("reason_required", "不予批准须说明理由。", "A refusal needs a reason.", field="reason")
    who = _who(approver, request)
    with transaction.atomic():
        d = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if d.status != DisbursementStatus.PENDING:
            raise _state(d)
        before = snapshot(d)
        d.status, d.refusal_reason = DisbursementStatus.REFUSED, reason
        d.save(update_fields=["status", "refusal_reason"])
        record(
            who, "funds.disbursement.refuse", obj=case, before=before, after={**snapshot(d), "reason": reason}
        )
        log_node(case, "funds_disbursement_refused", timezone.localdate(), who, {"disbursement": d.pk})
    return d


def pay(user: Any, disbursement: Disbursement, *, on: dt.date, key: str, request: Any = None) -> Booked:
    """Pay an approved request: the disbursement posting (refused if the balance would go negative)."""
    case = disbursement.account.case
    assert case is not None
    _enforcement(user, case, DISBURSE, request)
    day = _day(on, case)
    pk = disbursement.pk

    def prepare(account: Account) -> None:
        d = Disbursement.objects.select_for_update().get(pk=pk)
        if d.status != DisbursementStatus.APPROVED or not satisfied(d, list(d.approvals.all())):
            raise _state(d)

    def after(posting: Posting) -> None:
        Disbursement.objects.filter(pk=pk).update(status=DisbursementStatus.PAID, posting=posting)
        _paid_out(user, case, request)

    body = {"disbursement": pk, "on": day.isoformat()}
    return _book(
        _who(user, request), case, kind=PostingKind.DISBURSEMENT, amount=disbursement.amount, on=day,
        key=key, body=body, party_id=disbursement.party_id, counterparty=disbursement.payee,
        note=disbursement.note, source=f"disbursement:{pk}", prepare=prepare, after=after,
    )  # fmt: skip


def reverse(
    user: Any, posting: Posting, *, on: dt.date, key: str, reason: str, request: Any = None
) -> Booked:
    """Correct a posting by its reversal (冲正): the same entries with the opposite signs, once; refused
    when it would leave the case's account below zero. A reversal is not itself reversed."""
    case = posting.account.case
    assert case is not None
    _enforcement(user, case, DISBURSE, request)
    day = _day(on, case)
    reason = _text(reason, "reason")
    if not reason:
        raise LawError("reason_required", "冲正须说明理由。", "A reversal needs a reason.", field="reason")
    pk = posting.pk

    def prepare(account: Account) -> None:
        original = Posting.objects.get(pk=pk)
        if original.kind == PostingKind.REVERSAL:
            raise LawError("reversal_of_reversal", "冲正记录不能再冲正。", "A reversal cannot be reversed.")
        if Posting.objects.filter(reverses_id=pk).exists():
            raise LawError("already_reversed", "该笔记账已冲正。", "This posting was already reversed.")

    body = {"reverses": pk, "on": day.isoformat(), "reason": reason}
    return _book(
        _who(user, request), case, kind=PostingKind.REVERSAL, amount=posting.amount, on=day, key=key,
        body=body, note=reason, source=f"posting:{pk}", reverses=posting, prepare=prepare,
    )  # fmt: skip


def set_performance_due(user: Any, case: Case, due: dt.date | None, request: Any = None) -> Account:
    """Record the title's last day of performance (for delay interest) on the case's account."""
    _enforcement(user, case, DISBURSE, request)
    who = _who(user, request)
    with transaction.atomic():
        account = ledger.case_account(case, lock=True)
        before = account.performance_due.isoformat() if account.performance_due else None
        Account.objects.filter(pk=account.pk).update(performance_due=due)
        account.performance_due = due
        record(
            who, "funds.account.performance_due", obj=case, before={"performance_due": before},
            after={"performance_due": due.isoformat() if due else None},
        )  # fmt: skip
    return account
