"""Consumption restriction orders (限制消费令): 《最高人民法院关于限制被执行人高消费及有关消费的若干规定》
(2015 amendment, in force 2015-07-22).

Art 3: a natural-person debtor under restriction may not: (1) 乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位;
(2) 在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费; (3) 购买不动产或者新建、扩建、高档装修房屋;
(4) 租赁高档写字楼、宾馆、公寓等场所办公; (5) 购买非经营必需车辆; (6) 旅游、度假; (7) 子女就读高收费私立学校;
(8) 支付高额保费购买保险理财产品; (9) 乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为.
A unit debtor: its 法定代表人、主要负责人、影响债务履行的直接责任人员、实际控制人 may not do the above; personal
consumption with personal funds may be allowed on application (the exception requests here).
Art 5 (numbering UNVERIFIED, docs/credit.md): 限制消费令由人民法院院长签发 — the order is signed by the court
president. Art 9: lifted on 确实有效的担保 or the applicant's consent (may), on full performance (shall).

Proposing ``credit:restrict``; signing (the order comes into force) or refusing, and granting an exception,
by an approver of the case's court (``approval:grant``, the president or delegate, second factor, never the
person who proposed or recorded it); lifting ``credit:lift``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize_approval, authorize_in_scope
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import log_node
from zhiyuan.credit.feed import services as feed
from zhiyuan.credit.models import (
    Capacity,
    ExceptionStatus,
    FeedKind,
    Restriction,
    RestrictionStatus,
    TravelException,
)
from zhiyuan.inputs.text import ID_NUMBER_MAX, NOTE_MAX, check_text
from zhiyuan.law.citations import Citation
from zhiyuan.law.errors import LawError
from zhiyuan.parties.models import PartyKind
from zhiyuan.parties.selectors import identity_hash
from zhiyuan.privacy.masking import mask_identity

RESTRICT = "credit:restrict"
LIFT = "credit:lift"
INSTRUMENT = "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》"
ART_3 = Citation(INSTRUMENT, "第三条")
ART_9 = Citation(INSTRUMENT, "第九条")
#: Art 3 items (1)–(9): what a restricted person may not do
RESTRICTED_CONSUMPTION = (
    "乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位",
    "在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费",
    "购买不动产或者新建、扩建、高档装修房屋",
    "租赁高档写字楼、宾馆、公寓等场所办公",
    "购买非经营必需车辆",
    "旅游、度假",
    "子女就读高收费私立学校",
    "支付高额保费购买保险理财产品",
    "乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为",
)
#: Art 9 lifting grounds
LIFT_GROUNDS = {"guarantee": "提供确实有效的担保", "consent": "申请执行人同意", "performed": "已履行全部义务"}
UNIT_PEOPLE = (
    Capacity.LEGAL_REPRESENTATIVE,
    Capacity.PRINCIPAL,
    Capacity.RESPONSIBLE,
    Capacity.ACTUAL_CONTROLLER,
)


def propose(
    user: Any,
    case: Case,
    party_id: int,
    capacity: str,
    proposed_on: dt.date,
    person_name: str = "",
    person_id: str = "",
    request: Any = None,
) -> Restriction:
    """Propose restricting the consumption of a debtor of ``case`` (a natural person: the debtor; a unit: the
    unit and each of its recorded people, named with ``person_name`` and optionally ``person_id``); the
    order is in force once signed (:func:`decide`)."""
    authorize_in_scope(user, RESTRICT, case, request)
    link = (
        CaseParty.objects.select_related("party")
        .filter(case=case, party_id=party_id, side=Side.DEFENDANT)
        .first()
    )
    if link is None:
        raise LawError(
            "not_a_debtor", "只能限制本案被执行人的消费。", "Only a debtor of this case can be restricted."
        )
    party = link.party
    if capacity not in Capacity.values:
        raise LawError("capacity_invalid", "被限制人身份无效。", "Unknown capacity.", field="capacity")
    natural = party.kind == PartyKind.NATURAL_PERSON
    if natural and capacity != Capacity.DEBTOR:
        raise LawError(
            "capacity_not_for_person",
            "被执行人为自然人的，限制消费令针对其本人。",
            "For a natural-person debtor the order binds the debtor.",
            field="capacity",
        )
    person_name = check_text(person_name or "", field="person_name", max_length=200).strip()
    person_id = check_text(person_id or "", field="person_id", max_length=ID_NUMBER_MAX).strip()
    if capacity in UNIT_PEOPLE and not person_name:
        raise LawError(
            "person_required",
            "请填写单位的法定代表人、主要负责人、直接责任人员或实际控制人的姓名。",
            "Name the unit's legal representative, principal, responsible person or actual controller.",
            field="person_name",
        )
    if capacity == Capacity.DEBTOR:
        person_name, person_id = link.display_name, party.id_number
    who = actor_of(user, request)
    with transaction.atomic():
        r = Restriction.objects.create(
            case=case,
            party=party,
            capacity=capacity,
            person_name=person_name,
            person_id_hash=identity_hash(person_id) if person_id else "",
            person_id_masked=mask_identity(person_id),
            proposed_by_id=user.pk,
            proposed_by_name=user.get_full_name(),
            proposed_on=proposed_on,
        )
        record(
            who,
            "credit.restriction.propose",
            obj=case,
            after={"restriction": r.pk, "capacity": capacity, "person": person_name},
        )
        log_node(
            case,
            "credit_restriction_proposed",
            proposed_on,
            who,
            {"restriction": r.pk, "person": person_name, "capacity": capacity},
        )
    return r


def decide(
    approver: Any, restriction: Restriction, sign: bool, on: dt.date, request: Any = None
) -> Restriction:
    """The president (or delegate) of the case's court signs the proposed order — it is in force from ``on``,
    and the partner agencies are told (the feed) — or refuses it (Art 5: 院长签发; second factor, never the
    proposer)."""
    case = restriction.case
    authorize_approval(approver, restriction.proposed_by_id or 0, request, obj=case, court_id=case.court_id)
    who = actor_of(approver, request)
    with transaction.atomic():
        r = Restriction.objects.select_for_update().get(pk=restriction.pk)
        if r.status != RestrictionStatus.PROPOSED:
            raise LawError("restriction_decided", "该限制消费令已经审批。", "This order was already decided.")
        if r.proposed_on and on < r.proposed_on:
            raise LawError(
                "decided_before_proposal", "签发日期不能早于提请日期。", "The decision precedes the proposal.",
                field="decided_on",
            )  # fmt: skip
        r.status = RestrictionStatus.IN_FORCE if sign else RestrictionStatus.REFUSED
        r.issued_on, r.issued_by_name = (on, approver.get_full_name()) if sign else (None, "")
        r.save()
        if not sign:
            record(
                who, "credit.restriction.refuse", obj=case, after={"restriction": r.pk, "on": on.isoformat()}
            )
            log_node(
                case, "credit_restriction_refused", on, who, {"restriction": r.pk, "person": r.person_name}
            )
            return r
        feed.emit(FeedKind.RESTRICTED, on, restriction=r)
        record(
            who,
            "credit.restriction.issue",
            obj=case,
            after={"restriction": r.pk, "capacity": r.capacity, "person": r.person_name},
        )
        log_node(
            case,
            "credit_restricted",
            on,
            who,
            {"restriction": r.pk, "person": r.person_name, "capacity": r.capacity},
        )
    return r


def _require_in_force(r: Restriction) -> None:
    """:class:`LawError` unless ``r`` is in force (lifted already, or not signed)."""
    if r.status == RestrictionStatus.LIFTED:
        raise LawError("restriction_lifted", "该限制消费令已解除。", "This restriction was already lifted.")
    if r.status != RestrictionStatus.IN_FORCE:
        raise LawError(
            "restriction_not_in_force",
            "该限制消费令未经院长签发，尚未生效。",
            "This order has not been signed by the president and is not in force.",
        )


def lift(
    user: Any, restriction: Restriction, ground: str, on: dt.date, note: str = "", request: Any = None
) -> Restriction:
    """Lift a restriction on guarantee, the applicant's consent or performance (Art 9)."""
    case = restriction.case
    authorize_in_scope(user, LIFT, case, request)
    if ground not in LIFT_GROUNDS:
        raise LawError(
            "lift_ground_invalid",
            "解除事由须为担保、申请执行人同意或已履行。",
            "Unknown lifting ground.",
            field="ground",
        )
    note = check_text(note or "", field="note", max_length=NOTE_MAX).strip()
    who = actor_of(user, request)
    with transaction.atomic():
        r = Restriction.objects.select_for_update().get(pk=restriction.pk)
        _require_in_force(r)
        if r.issued_on and on < r.issued_on:  # in force: signed on issued_on
            raise LawError("lift_before_issue", "解除日期不能早于签发日期。", "Lifting precedes the order.")
        r.status, r.lifted_on, r.lift_ground, r.lift_note = RestrictionStatus.LIFTED, on, ground, note
        r.save()
        feed.emit(FeedKind.RESTRICTION_LIFTED, on, restriction=r)
        record(
            who,
            "credit.restriction.lift",
            obj=case,
            after={"restriction": r.pk, "ground": ground, "note": note},
        )
        log_node(case, "credit_restriction_lifted", on, who, {"restriction": r.pk, "ground": ground})
    return r


def request_exception(
    user: Any,
    restriction: Restriction,
    purpose: str,
    travel_from: dt.date,
    travel_to: dt.date,
    request: Any = None,
) -> TravelException:
    """Record a restricted person's request to travel for a proven necessity (``credit:restrict``)."""
    authorize_in_scope(user, RESTRICT, restriction.case, request)
    purpose = check_text(purpose or "", field="purpose", max_length=NOTE_MAX).strip()
    if not purpose:
        raise LawError(
            "purpose_required",
            "请写明出行事由及证明。",
            "State the necessity and its proof.",
            field="purpose",
        )
    if travel_to < travel_from:
        raise LawError(
            "dates_invalid", "结束日期不能早于起始日期。", "The end precedes the start.", field="travel_to"
        )
    _require_in_force(restriction)
    with transaction.atomic():
        e = TravelException.objects.create(
            restriction=restriction,
            purpose=purpose,
            travel_from=travel_from,
            travel_to=travel_to,
            requested_by_id=user.pk,
            requested_by_name=user.get_full_name(),
        )
        record(
            actor_of(user, request),
            "credit.exception.request",
            obj=restriction.case,
            after={"exception": e.pk, "purpose": purpose},
        )
    return e


def decide_exception(
    approver: Any, exception: TravelException, grant: bool, on: dt.date, request: Any = None
) -> TravelException:
    """An approver of the case's court grants or refuses a travel exception (second factor, not the recorder)."""
    case = exception.restriction.case
    authorize_approval(approver, exception.requested_by_id, request, obj=case, court_id=case.court_id)
    with transaction.atomic():
        e = TravelException.objects.select_for_update().get(pk=exception.pk)
        if e.status != ExceptionStatus.PENDING:
            raise LawError("exception_decided", "该申请已经审批。", "This request was already decided.")
        e.status = ExceptionStatus.GRANTED if grant else ExceptionStatus.REFUSED
        e.decided_by_name, e.decided_on = approver.get_full_name(), on
        e.save()
        record(
            actor_of(approver, request), f"credit.exception.{e.status}", obj=case, after={"exception": e.pk}
        )
    return e
