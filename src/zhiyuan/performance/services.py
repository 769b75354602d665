"""Voluntary-performance use cases: open a title (and issue the performance notice), record and confirm
payments, apply for enforcement (opens the urging period), record urging contacts, upload a court's
notice template. Each is one transaction; writers serialise on the title row, so a payment and the
lapse job never both win (see ``ticking``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.accounts.selectors import can
from zhiyuan.accounts.services import use_case
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases.lifecycles import CLOSED, family_of
from zhiyuan.cases.models import Case
from zhiyuan.courts import selectors as courts
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.law import performance as law
from zhiyuan.law.errors import LawError
from zhiyuan.parties import services as party_services
from zhiyuan.performance import documents, notices
from zhiyuan.performance.models import (
    FINAL_STATUSES,
    ContactChannel,
    NoticeKind,
    NoticeTemplate,
    Obligation,
    PaymentReport,
    PaymentStatus,
    Title,
    TitleKind,
    TitleStatus,
    Urging,
    UrgingContact,
    UrgingStatus,
)

SYSTEM = "zhiyuan performance"
#: the closing methods behind each kind of title: a judgment (判决), or a mediation document (调解书) or the
#: ruling confirming a mediation agreement (确认调解协议有效的裁定); which of a family's closing methods yield
#: an enforceable title at all is declared by its lifecycle (``Family.title_outcomes``)
KIND_OUTCOMES: dict[str, tuple[str, ...]] = {
    TitleKind.JUDGMENT: ("judgment",),
    TitleKind.MEDIATION_AGREEMENT: ("mediation", "confirmed"),
}
PARTY_PATH = "parties__party__id_number_hash"
CENT = Decimal("0.01")


def who(user: Any, request: Any = None) -> Actor:
    """The actor of a use case (the command line / job when ``user`` is None)."""
    return actor_of(user, request) if user is not None else Actor.system(SYSTEM)


def _visible_case(user: Any, case: Case) -> bool:
    if user is None:
        return True
    qs = scope_of(user).filter(Case.objects.filter(pk=case.pk), court="court", party=PARTY_PATH)
    return qs.exists()


def _not_found() -> LawError:
    return LawError("title_not_found", "执行依据不存在或不在您的权限范围内。", "No such title in your scope.")


def lock(user: Any, title: Title) -> Title:
    """Re-read ``title`` under a row lock (inside the use case's transaction), checking the scope."""
    if not _visible_case(user, title.case):
        raise _not_found()
    return Title.objects.select_for_update().select_related("case__court").get(pk=title.pk)


def _require_decided(case: Case, kind: str, effective_on: dt.date) -> None:
    """A title is the enforceable document a case closed with (民事诉讼法 2023 Art 247: judgments, rulings
    and mediation documents; Art 206: the ruling confirming a mediation agreement): the case is closed, by
    a closing method its lifecycle declares enforceable and of the title's kind, no later than the title
    takes effect."""
    case = Case.objects.get(pk=case.pk)  # as stored now, not as the caller last saw it
    outcomes = family_of(case.type_code).title_outcomes
    if case.status != CLOSED or case.closed_on is None or case.closing_method not in outcomes:
        raise LawError(
            "title_case_not_decided",
            "只有以判决、调解书或确认调解协议有效的裁定结案的案件才能登记执行依据"
            "（《中华人民共和国民事诉讼法》第二百四十七条、第二百零六条）。",
            "A title can only be registered on a case closed by a judgment, a mediation document or a ruling "
            "confirming a mediation agreement (Civil Procedure Law Arts 247 and 206).",
            state=case.status,
            closing_method=case.closing_method,
        )
    if case.closing_method not in KIND_OUTCOMES.get(kind, ()):
        raise LawError(
            "title_kind_mismatch",
            "执行依据的类型与结案方式不符：判决登记为 judgment，调解书或司法确认裁定登记为 mediation_agreement。",
            "The title's kind does not match how the case closed: a judgment is a judgment; a mediation "
            "document or a confirmation ruling is a mediation_agreement.",
            closing_method=case.closing_method,
        )
    if effective_on < case.closed_on:
        raise LawError(
            "effective_before_closing",
            "生效日期早于结案日期。",
            "The title cannot take effect before the case closed.",
        )


def kind_for(case: Case) -> str | None:
    """The kind of title the case's closing yields (``judgment`` / ``mediation_agreement``), or None when
    it is not closed by an enforceable outcome of its family."""
    if case.status != CLOSED or case.closing_method not in family_of(case.type_code).title_outcomes:
        return None
    return next((k for k, methods in KIND_OUTCOMES.items() if case.closing_method in methods), None)


def may_enter(user: Any, case: Case, request: Any = None) -> bool:
    """Whether to offer ``user`` the entry of ``case``'s title: they hold ``trial:performance_notice``
    (no audit: a page asking what to show), the case closed with an enforceable outcome, no title yet."""
    return (
        can(user, "trial:performance_notice", request)
        and kind_for(case) is not None
        and not Title.objects.filter(case=case).exists()
    )


def require_entry(user: Any, case: Case, request: Any = None) -> str:
    """Before the title-entry page is shown: the permission (a refusal is audited), the scope, a case
    decided with an enforceable outcome, and no title yet. The title's kind."""
    authorize(user, "trial:performance_notice", request)
    if not _visible_case(user, case):
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    kind = kind_for(case)
    _require_decided(case, kind or TitleKind.JUDGMENT, case.closed_on or case.filed_on)
    if Title.objects.filter(case=case).exists():
        raise LawError("title_exists", "该案已登记执行依据。", "This case already has a title.")
    return kind or TitleKind.JUDGMENT


def check_title(
    kind: str, parties: list[dict[str, Any]], items: list[dict[str, Any]], effective_on: dt.date
) -> dict[str, Any]:
    """The executability rule on a draft title, as :func:`open_title` will apply it: ``executable``,
    ``findings`` (each with its item's index) and the obligations it would create. Writes nothing."""
    ref = courts.reference()
    facts = {"kind": kind, "effective_on": effective_on.isoformat(), "parties": parties, "items": items}
    return law.plan(facts, ref.params, ref.calendar)


@use_case("trial:performance_notice")
def open_title(
    actor_user: Any,
    *,
    case: Case,
    kind: str,
    parties: list[dict[str, Any]],
    items: list[dict[str, Any]],
    effective_on: dt.date,
    request: Any = None,
) -> Title:
    """Register the effective title of ``case``: check executability (refused with the findings when not
    executable), create its obligations and issue the performance notice."""
    if not _visible_case(actor_user, case):
        raise LawError("case_not_found", "案件不存在或不在您的权限范围内。", "No such case in your scope.")
    if kind not in TitleKind.values:
        raise LawError(
            "title_kind_invalid",
            "类型须为 judgment 或 mediation_agreement。",
            "The kind must be judgment or mediation_agreement.",
        )
    if effective_on < case.filed_on:
        raise LawError(
            "effective_before_filing", "生效日期早于立案日期。", "The title cannot take effect before filing."
        )
    _require_decided(case, kind, effective_on)
    if Title.objects.filter(case=case).exists():
        raise LawError("title_exists", "该案已登记执行依据。", "This case already has a title.")
    ref = courts.reference()
    facts = {"kind": kind, "effective_on": effective_on.isoformat(), "parties": parties, "items": items}
    planned = law.plan(facts, ref.params, ref.calendar)
    if not planned["executable"]:
        errors = [f for f in planned["findings"] if f["severity"] == "error"]
        raise LawError(
            "title_not_executable",
            "法律文书不具备可执行性：" + "；".join(f["message_zh"] for f in errors),
            "The title is not executable: " + " ".join(f["message_en"] for f in errors),
            findings=planned["findings"],
        )
    stored = []
    for p in parties:
        number, doc = str(p.get("id_number") or ""), str(p.get("id_type") or "")
        # a party without a name takes its recorded one (a new identity, or none, is named by its ref); a
        # name other than the recorded one needs name_choice (recorded / alias), never silently replaced
        named = str(p.get("name") or "") or (
            "" if number and party_services.find_by_identity(number) else str(p["ref"])
        )
        found = party_services.resolve_named(named, number, doc, name_choice=str(p.get("name_choice") or ""))
        stored.append(
            {"ref": str(p["ref"]), "name": found.name, "role": p.get("role"), "party_id": found.party.pk}
        )
    total = planned["total_amount"]
    clean_amount(total, "total_amount")  # each item fits; their sum must as well (zhiyuan.inputs)
    title = Title.objects.create(
        case=case,
        kind=kind,
        effective_on=effective_on,
        parties=stored,
        items=[dict(item.items()) for item in items],
        total_amount=Decimal(total) if total is not None else None,
    )
    for o in law.schedule(items, effective_on):
        Obligation.objects.create(
            title=title,
            item=o.item,
            instalment=o.instalment,
            kind=o.type,
            obligors=list(o.obligors),
            obligee=o.obligee,
            act=o.act[:400],
            amount=o.amount,
            due=o.due,
        )
    actor = who(actor_user, request)
    record(
        actor,
        "performance.title.open",
        obj=case,
        after={"kind": kind, "effective_on": effective_on.isoformat(), "total_amount": total},
    )
    notices.issue(actor, title, NoticeKind.PERFORMANCE_NOTICE, effective_on)
    return title


def _refuse_final(title: Title) -> None:
    if title.status in FINAL_STATUSES:
        raise LawError(
            "title_closed",
            f"执行依据已处于“{TitleStatus(title.status).label}”，不再登记履行。",
            f"The title is {title.status}; nothing more is recorded here.",
            status=title.status,
        )


def _amount(value: object) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        amount = Decimal(-1)
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT):
        raise LawError(
            "amount_invalid",
            "金额须为大于零、最多两位小数的数字（元）。",
            "The amount must be a positive yuan amount with two decimals at most.",
        )
    return amount


@use_case("performance:track")
def record_payment(
    actor_user: Any,
    title: Title,
    *,
    payer_ref: str,
    paid_on: dt.date,
    amount: Decimal | str | None = None,
    obligation_id: int | None = None,
    evidence: str = "",
    confirm: bool = True,
    request: Any = None,
) -> PaymentReport:
    """Record a payment (or an act performed, with ``obligation_id``); court staff's own record is
    confirmed at once unless ``confirm`` is False (a report to check later)."""
    locked = lock(actor_user, title)
    _refuse_final(locked)
    debtors = {str(p["ref"]) for p in locked.parties if p.get("role") == "debtor"}
    if payer_ref not in debtors:
        raise LawError(
            "payer_unknown", f"“{payer_ref}”不是本案义务人。", f"'{payer_ref}' is not an obligor here."
        )
    if paid_on > timezone.localdate():
        raise LawError(
            "paid_on_invalid", "履行日期不能晚于今天。", "The date of performance cannot be in the future."
        )
    act: Obligation | None = None
    value: Decimal | None = None
    if obligation_id is not None:
        act = locked.obligations.filter(pk=obligation_id, kind="act", met_on__isnull=True).first()
        if act is None:
            raise LawError("obligation_not_found", "没有该待履行的行为事项。", "No such open act obligation.")
    else:
        value = _amount(amount)
        outstanding = sum(
            (o.amount - o.paid for o in locked.obligations.filter(kind="payment") if o.amount is not None),
            Decimal(0),
        )
        if value > outstanding:
            raise LawError(
                "payment_exceeds_outstanding",
                f"金额超过尚未履行的金额 {notices.yuan(outstanding)} 元。",
                f"The amount exceeds what is outstanding ({outstanding}).",
                outstanding=str(outstanding),
            )
    report = PaymentReport.objects.create(
        title=locked,
        payer_ref=payer_ref,
        paid_on=paid_on,
        amount=value,
        obligation=act,
        evidence=evidence[:500],
        reported_by=who(actor_user, request).name,
    )
    actor = who(actor_user, request)
    record(
        actor,
        "performance.payment.report",
        obj=locked.case,
        after={"amount": str(value) if value is not None else None, "paid_on": paid_on.isoformat()},
    )
    if confirm:
        _confirm(actor, locked, report)
    return report


@use_case("performance:track")
def confirm_payment(
    actor_user: Any, report: PaymentReport, *, accept: bool = True, request: Any = None
) -> PaymentReport:
    """Confirm (it then counts) or reject a reported payment."""
    locked = lock(actor_user, report.title)
    report = PaymentReport.objects.select_for_update().get(pk=report.pk)
    if report.status != PaymentStatus.REPORTED:
        raise LawError("payment_decided", "该履行登记已确认或驳回。", "This report was already decided.")
    actor = who(actor_user, request)
    if accept:
        _refuse_final(locked)
        _confirm(actor, locked, report)
    else:
        report.status = PaymentStatus.REJECTED
        report.confirmed_by = actor.name
        report.save(update_fields=["status", "confirmed_by"])
        record(actor, "performance.payment.reject", obj=locked.case, after={"report": report.pk})
    return report


def _confirm(actor: Actor, title: Title, report: PaymentReport) -> None:
    """Count a payment against the obligations, earliest due first; settle the title."""
    if report.obligation_id is not None:
        Obligation.objects.filter(pk=report.obligation_id).update(met_on=report.paid_on)
    else:
        left = report.amount or Decimal(0)
        for o in title.obligations.filter(kind="payment", met_on__isnull=True).order_by("due", "item", "pk"):
            if left <= 0 or o.amount is None:
                break
            part = min(left, o.amount - o.paid)
            o.paid += part
            left -= part
            if o.paid >= o.amount:
                o.met_on = report.paid_on
            o.save(update_fields=["paid", "met_on"])
        if left > 0:
            raise LawError(
                "payment_exceeds_outstanding",
                "金额超过尚未履行的金额。",
                "The amount exceeds what is outstanding.",
            )
    report.status = PaymentStatus.CONFIRMED
    report.confirmed_by = actor.name
    report.save(update_fields=["status", "confirmed_by"])
    record(actor, "performance.payment.confirm", obj=title.case, after={"report": report.pk})
    settle(actor, title, timezone.localdate())


def settle(actor: Actor, title: Title, today: dt.date) -> Title:
    """Recompute a locked title's status; when everything is met, close it (and an open urging period
    with no enforcement case) and issue the voluntary-performance certificate."""
    if title.status in FINAL_STATUSES:
        return title
    obligations = list(title.obligations.all())
    states = [law.ObligationState(o.due, o.met_on, o.paid > 0) for o in obligations]
    new = law.status(states, today)
    before = title.status
    if new == law.PERFORMED:
        settings = law.chain_settings(courts.reference().params)
        title.performed_on = max(o.met_on for o in obligations if o.met_on is not None)
        title.on_time = law.on_time(states, int(settings["on_time_tolerance_days"]))
        urging = Urging.objects.select_for_update().filter(title=title, status=UrgingStatus.OPEN).first()
        if urging is not None:
            urging.status = UrgingStatus.PERFORMED
            urging.closed_on = title.performed_on
            urging.save(update_fields=["status", "closed_on"])
            new = TitleStatus.CLOSED_WITHOUT_ENFORCEMENT
            record(actor, "performance.urging.performed", obj=title.case, after={"urging": urging.pk})
    title.status = new
    title.save(update_fields=["status", "performed_on", "on_time"])
    if new != before:
        record(
            actor,
            "performance.title.status",
            obj=title.case,
            before={"status": before},
            after={"status": new},
        )
    if title.performed_on is not None:
        notices.issue(actor, title, NoticeKind.CERTIFICATE, title.performed_on)
    return title


@use_case("performance:track")
def apply_for_enforcement(
    actor_user: Any,
    title: Title,
    *,
    applied_on: dt.date,
    applicant_ref: str,
    note: str = "",
    request: Any = None,
) -> Urging:
    """An enforcement application against ``title``: opens the urging period (执前督促) first."""
    locked = lock(actor_user, title)
    _refuse_final(locked)
    if locked.status == TitleStatus.PERFORMED:
        raise LawError("title_performed", "该执行依据已履行完毕。", "The title has been performed.")
    creditors = {str(p["ref"]) for p in locked.parties if p.get("role") == "creditor"}
    if applicant_ref not in creditors:
        raise LawError(
            "applicant_unknown",
            f"“{applicant_ref}”不是本案权利人。",
            f"'{applicant_ref}' is not a creditor here.",
        )
    if Urging.objects.filter(title=locked, status=UrgingStatus.OPEN).exists():
        raise LawError("urging_open", "已有进行中的执前督促。", "An urging period is already open.")
    if not locked.obligations.filter(met_on__isnull=True, due__lt=applied_on).exists():
        raise LawError(
            "not_yet_due",
            "尚无届满未履行的义务，不能申请执行。",
            "No obligation is past due and unmet; enforcement cannot be applied for yet.",
        )
    ref = courts.reference()
    ends_on, _rolled = law.urging_end(applied_on, ref.params, ref.calendar)
    actor = who(actor_user, request)
    urging = Urging.objects.create(
        title=locked,
        applicant_ref=applicant_ref,
        applied_on=applied_on,
        ends_on=ends_on,
        note=note[:500],
        opened_by=actor.name,
    )
    record(
        actor,
        "performance.urging.open",
        obj=locked.case,
        after={"applied_on": applied_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return urging


@use_case("performance:track")
def record_contact(
    actor_user: Any, urging: Urging, *, on: dt.date, channel: str, note: str, request: Any = None
) -> UrgingContact:
    """A contact with the debtor during an open urging period."""
    lock(actor_user, urging.title)
    urging = Urging.objects.get(pk=urging.pk)
    if urging.status != UrgingStatus.OPEN:
        raise LawError("urging_closed", "执前督促已结束。", "The urging period is over.")
    if channel not in ContactChannel.values:
        raise LawError("channel_invalid", "督促方式无效。", "Unknown contact channel.")
    if not note.strip():
        raise LawError("note_required", "请写明督促情况。", "Describe the contact.")
    if on < urging.applied_on or on > timezone.localdate():
        raise LawError(
            "contact_date_invalid",
            "督促日期须在申请日之后、今天之前。",
            "The contact date must be between the application and today.",
        )
    actor = who(actor_user, request)
    made = UrgingContact.objects.create(
        urging=urging, on=on, channel=channel, note=note.strip()[:500], recorded_by=actor.name
    )
    record(
        actor,
        "performance.urging.contact",
        obj=urging.title.case,
        after={"on": on.isoformat(), "channel": channel},
    )
    return made


@use_case("performance:track")
def upload_template(
    actor_user: Any, *, kind: str, content: bytes, filename: str, request: Any = None
) -> NoticeTemplate:
    """A court's own DOCX template for one notice kind (replaces the court's previous one)."""
    court_id = getattr(actor_user, "court_id", None)
    if court_id is None:
        raise LawError(
            "court_required", "只有法院人员可以上传本院模板。", "Only court staff may upload templates."
        )
    used = documents.validate_template(kind, content)
    NoticeTemplate.objects.filter(court_id=court_id, kind=kind, active=True).update(active=False)
    actor = who(actor_user, request)
    made = NoticeTemplate.objects.create(
        court_id=court_id,
        kind=kind,
        content=content,
        filename=filename[:200],
        placeholders=used,
        uploaded_by=actor.name,
    )
    record(actor, "performance.template.upload", obj=made, after={"kind": kind, "filename": filename})
    return made


@use_case("performance:track")
def retire_template(actor_user: Any, template: NoticeTemplate, *, request: Any = None) -> None:
    """Go back to the default template for this kind."""
    if template.court_id != getattr(actor_user, "court_id", None):
        raise LawError("template_not_found", "没有该模板。", "No such template.")
    NoticeTemplate.objects.filter(pk=template.pk).update(active=False)
    record(
        who(actor_user, request), "performance.template.retire", obj=template, after={"kind": template.kind}
    )
