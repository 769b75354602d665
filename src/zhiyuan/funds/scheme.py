"""Distribution schemes (分配方案): made from ``law.distribution`` over the case's proceeds, served on the
parties, open to written objection until ``law.deadline`` ``distribution_objection`` (15 days from
service, moved off holidays), then confirmed as final. One transaction each, audited, court-scoped,
``funds:disburse`` in the case's scope.

Creditors are parties of the platform (the case's applicants, and the applicants of other courts' cases
who joined the distribution, 参与分配): each with the amount of their claim, an optional priority rank
(优先受偿) and seal order (首封, for an enterprise debtor). An objection is recorded, not judged here: the
court notifies the other creditors and, on a further objection, the objector sues (执行分配方案异议之诉,
outside the funds ledger); a scheme with an objection is not confirmed, and a new scheme may be made."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhiyuan.audit.services import record
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import log_node
from zhiyuan.courts import selectors as courts
from zhiyuan.funds import allotment, ledger, services
from zhiyuan.funds.models_scheme import Scheme, SchemeStatus
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law import deadlines, distribution
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import Party, PartyKind

DEBTOR_KINDS: dict[str, str] = {PartyKind.NATURAL_PERSON: "person", PartyKind.LEGAL_PERSON: "enterprise"}


def debtor_kind(case: Case) -> str:
    """``person`` or ``enterprise`` (or ``other_organization``) from the case's first debtor."""
    link = CaseParty.objects.filter(case=case, side=Side.DEFENDANT).select_related("party").first()
    kind = link.party.kind if link is not None else PartyKind.NATURAL_PERSON
    return DEBTOR_KINDS.get(str(kind), "other_organization")


def _creditors(raw: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = list(raw)
    if not rows:
        raise LawError("creditors_required", "请至少列明一名债权人。", "Name at least one creditor.")
    ids = [r.get("party_id") for r in rows]
    if len(set(ids)) != len(ids):
        raise LawError("creditor_twice", "同一债权人只能列一次。", "A creditor is listed twice.")
    names = dict(
        Party.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list("pk", "name")
    )
    out = []
    for r in rows:
        if r.get("party_id") not in names:
            raise LawError("creditor_unknown", "债权人不存在。", "Unknown creditor.", field="party_id")
        out.append(
            {
                "id": str(r["party_id"]),
                "name": names[r["party_id"]],
                "amount": str(r.get("amount", "")),
                "priority_rank": r.get("priority_rank"),
                "seal_order": r.get("seal_order"),
            }
        )
    return out


def make(
    user: Any,
    case: Case,
    *,
    proceeds: Any,
    costs: Any,
    creditors: Iterable[Mapping[str, Any]],
    on: dt.date,
    request: Any = None,
) -> Scheme:
    """Run the rule on the proceeds and the creditors and keep the scheme (not yet served)."""
    services._enforcement(user, case, services.DISBURSE, request)
    rows = _creditors(creditors)
    kind = debtor_kind(case)
    facts = {
        "proceeds": str(proceeds),
        "costs": str(costs),
        "debtor_kind": kind,
        "on": on.isoformat(),
        "creditors": [{k: r[k] for k in ("id", "amount", "priority_rank", "seal_order")} for r in rows],
    }
    out = distribution.distribute(facts, courts.reference().params)
    with transaction.atomic():
        scheme = Scheme.objects.create(
            account=ledger.case_account(case),
            proceeds=Decimal(str(proceeds)),
            costs=Decimal(str(costs or 0)),
            debtor_kind=kind,
            creditors=rows,
            allocations=out["allocations"],
            costs_paid=Decimal(out["costs_paid"]),
            remainder=Decimal(out["remainder"]),
            citations=out["citations"],
            made_on=on,
            made_by_name=user.get_full_name(),
        )
        who = services._who(user, request)
        record(
            who, "funds.scheme.make", obj=case, after={"scheme": scheme.pk, "allocations": out["allocations"]}
        )
        log_node(case, "funds_scheme_made", on, who, {"scheme": scheme.pk})
    return scheme


def _locked(scheme: Scheme, *states: str) -> Scheme:
    return allotment.locked(
        Scheme, scheme.pk, states, "scheme_state_invalid",
        "分配方案{status}，不能办理此项。", "The scheme is {status}; this step does not apply.",
    )  # fmt: skip


def objection_due(served_on: dt.date) -> dt.date:
    """The last day for a written objection (``distribution_objection``)."""
    ref = courts.reference()
    out = deadlines.compute(
        {"rule": "distribution_objection", "start": served_on.isoformat()}, ref.params, ref.calendar
    )
    return dt.date.fromisoformat(out["due"])


def serve(user: Any, scheme: Scheme, on: dt.date, request: Any = None) -> Scheme:
    """The scheme was served on the creditors and the debtor on ``on``: the objection period runs."""
    case = scheme.account.case
    assert case is not None
    services._enforcement(user, case, services.DISBURSE, request)
    if on < scheme.made_on:
        raise LawError("served_before_made", "送达日期不能早于制作日期。", "Service precedes the scheme.")
    with transaction.atomic():
        locked = _locked(scheme, SchemeStatus.MADE)
        locked.status, locked.served_on, locked.objection_due = SchemeStatus.SERVED, on, objection_due(on)
        locked.save()
        who = services._who(user, request)
        record(
            who, "funds.scheme.serve", obj=case, after={"scheme": locked.pk, "due": str(locked.objection_due)}
        )
        log_node(
            case, "funds_scheme_served", on, who, {"scheme": locked.pk, "due": str(locked.objection_due)}
        )
    return locked


def object_to(
    user: Any, scheme: Scheme, party_id: int, on: dt.date, reason: str, request: Any = None
) -> Scheme:
    """A creditor's or the debtor's written objection, received on ``on`` (inside the period)."""
    case = scheme.account.case
    assert case is not None
    services._enforcement(user, case, services.DISBURSE, request)
    reason = check_text(reason or "", field="reason", max_length=NOTE_MAX).strip()
    if not reason:
        raise LawError(
            "objection_reason_required", "请写明异议理由。", "State the objection.", field="reason"
        )
    party = Party.objects.filter(pk=party_id).first()
    if party is None:
        raise LawError("objector_unknown", "异议人不存在。", "Unknown objector.", field="party_id")
    with transaction.atomic():
        locked = _locked(scheme, SchemeStatus.SERVED, SchemeStatus.OBJECTED)
        assert locked.objection_due is not None
        assert locked.served_on is not None
        if not locked.served_on <= on <= locked.objection_due:
            raise LawError(
                "objection_out_of_time",
                f"异议须在送达后至 {locked.objection_due} 前提出。",
                f"An objection must be made after service and by {locked.objection_due}.",
                field="on",
            )
        locked.objections = [
            *locked.objections,
            {"party_id": party.pk, "name": party.name, "on": on.isoformat(), "reason": reason},
        ]
        locked.status = SchemeStatus.OBJECTED
        locked.save()
        who = services._who(user, request)
        record(who, "funds.scheme.object", obj=case, after={"scheme": locked.pk, "party": party.pk})
        log_node(case, "funds_scheme_objected", on, who, {"scheme": locked.pk})
    return locked


def confirm(user: Any, scheme: Scheme, on: dt.date, request: Any = None) -> Scheme:
    """No objection by the end of the period: the scheme is final (from the day after it)."""
    case = scheme.account.case
    assert case is not None
    services._enforcement(user, case, services.DISBURSE, request)
    with transaction.atomic():
        locked = _locked(scheme, SchemeStatus.SERVED)
        assert locked.objection_due is not None
        if on <= locked.objection_due:
            raise LawError(
                "objection_period_running",
                f"异议期至 {locked.objection_due} 届满，届满后方可确定分配方案。",
                f"The objection period runs until {locked.objection_due}; confirm after it.",
            )
        locked.status, locked.final_on = SchemeStatus.FINAL, on
        locked.save()
        who = services._who(user, request)
        record(who, "funds.scheme.confirm", obj=case, after={"scheme": locked.pk})
        log_node(case, "funds_scheme_final", on, who, {"scheme": locked.pk})
    return locked


def of_case(case: Case) -> list[Scheme]:
    """The case's schemes, newest first."""
    return list(Scheme.objects.filter(account__case=case))


def candidates(case: Case) -> list[tuple[int, str]]:
    """Who may be a creditor of the case's scheme: its own applicants, and the applicants of the other
    enforcement cases (执/执恢, any court) against the same debtors — those who may join the distribution."""
    debtors = CaseParty.objects.filter(case=case, side=Side.DEFENDANT).values_list("party_id", flat=True)
    cases = CaseParty.objects.filter(
        side=Side.DEFENDANT, party_id__in=list(debtors), case__type_code__in=("执", "执恢")
    ).values_list("case_id", flat=True)
    rows = (
        CaseParty.objects.filter(side=Side.PLAINTIFF, case_id__in=[*cases, case.pk])
        .select_related("party", "case")
        .order_by("case_id", "pk")
    )
    seen: dict[int, str] = {}
    for link in rows:
        if link.party_id not in seen:
            mine = link.case_id == case.pk
            seen[link.party_id] = (
                link.display_name if mine else f"{link.display_name}（{link.case.case_number}）"
            )
    return list(seen.items())
