"""Delegated-mediation use cases: delegation at intake, extension with every party's consent, sessions,
failure (a 民初 case filed with the parties, cause and facts carried over) and withdrawal. Agreements and
confirmation are in ``zhiyuan.mediation.agreements``.

Each use case authorizes before its one transaction, locks the mediation (``select_for_update``), checks
its state, moves the pre-litigation mediation case through ``zhiyuan.cases.services`` (so every step is
in the node log and the dispute graph) and is audited. An invalid move raises before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.accounts.services import use_case
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case, CaseDeadline, Side
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.law.errors import LawError
from zhiyuan.mediation import recommending, selectors, suggesting
from zhiyuan.mediation.models import Extension, Mediation, MediationStatus, Session, SessionMode
from zhiyuan.mediation.workflow import NAME as WORKFLOW_NAME

MEDIATION_TYPE = "民诉前调"
FIRST_INSTANCE_TYPE = "民初"
PERIOD_RULE = "pre_litigation_mediation"


def who(user: Any, request: Any = None) -> Actor:
    """The audit actor (the system when ``user`` is None)."""
    return actor_of(user, request) if user is not None else Actor.system("zhiyuan mediation")


def case_user(user: Any) -> Any:
    """The user whose court permissions the case services check: court staff's own; a partner user has
    none there (``None``: this workflow checked ``partner:handle`` and the scope itself). Either way the
    case services record the move under the person who made it (``actor=who(...)``)."""
    return user if user is not None and scope_of(user).court_ids else None


def not_found() -> LawError:
    """The mediation is not there or not in the caller's scope (the same answer for both)."""
    return LawError(
        "mediation_not_found", "委派调解不存在或不在您的权限范围内。", "No such mediation in your scope."
    )


def lock(user: Any, mediation: Mediation | int) -> Mediation:
    """The mediation, locked for this transaction, if ``user`` may see it."""
    pk = mediation if isinstance(mediation, int) else mediation.pk
    found = selectors.scoped(user).filter(pk=pk).values_list("pk", flat=True).first()
    if found is None:
        raise not_found()
    return Mediation.objects.select_for_update().select_related("case").get(pk=found)


def require_status(mediation: Mediation, *allowed: str) -> None:
    """Refuse a move from another state (before anything is written)."""
    if mediation.status not in allowed:
        label = MediationStatus(mediation.status).label
        raise LawError(
            "mediation_state",
            f"委派调解处于“{label}”状态，不能办理此事项。",
            f"The mediation is '{mediation.status}'; this step is not allowed.",
            state=mediation.status,
        )


def _not_future(on: dt.date, what_zh: str, what_en: str) -> None:
    if on > timezone.localdate():
        raise LawError(
            "date_in_future", f"{what_zh}不能晚于今天。", f"The {what_en} cannot be in the future."
        )


def _not_before_opening(mediation: Mediation, on: dt.date) -> None:
    if on < mediation.opened_on:
        raise LawError(
            "date_before_delegation",
            "日期不能早于委派日期。",
            "The date cannot be before the delegation.",
        )


def _period_due(case: Case, start: dt.date) -> dt.date:
    deadline = CaseDeadline.objects.filter(case=case, rule=PERIOD_RULE, start=start).order_by("-pk").first()
    if deadline is None:  # pragma: no cover - the lifecycle declares the deadline
        raise LawError("deadline_missing", "未生成调解期限。", "The mediation period was not started.")
    return deadline.due


# --------------------------------------------------------------------------------------------- delegate


def _party_list(applicants: Sequence[PartyIn], respondents: Sequence[PartyIn]) -> list[PartyIn]:
    if not applicants or not respondents:
        raise LawError(
            "parties_missing",
            "须至少有一名申请人和一名被申请人。",
            "At least one applicant and one respondent are required.",
        )
    for p in [*applicants, *respondents]:
        if not p.name.strip():
            raise LawError("party_name_missing", "当事人姓名或名称不能为空。", "A party has no name.")
    return [
        *(replace(p, name=p.name.strip(), side="plaintiff") for p in applicants),
        *(replace(p, name=p.name.strip(), side="defendant") for p in respondents),
    ]


def _chosen(organization_code: str, mediator_code: str) -> tuple[PartnerOrganization, Mediator | None]:
    org = PartnerOrganization.objects.filter(code=organization_code, active=True).first()
    if org is None:
        raise LawError(
            "unknown_organization",
            f"未知或已停用的调解组织“{organization_code}”。",
            f"Unknown or inactive organization '{organization_code}'.",
        )
    mediator = None
    if mediator_code:
        mediator = Mediator.objects.filter(code=mediator_code, organization=org, active=True).first()
        if mediator is None:
            raise LawError(
                "unknown_mediator",
                f"调解员“{mediator_code}”不属于“{org.name}”或已停用。",
                f"Mediator '{mediator_code}' is not an active mediator of {org.name}.",
            )
    return org, mediator


def recommendation_snapshot(recs: Sequence[recommending.Recommendation]) -> list[dict[str, Any]]:
    """The recommendations as stored with the mediation and shown at intake."""
    return [
        {
            "organization": r.organization.code,
            "organization_name": r.organization.name,
            "mediator": r.mediator.code if r.mediator else "",
            "mediator_name": r.mediator.name if r.mediator else "",
            "score": round(float(r.score), 4),
            "reasons": [{"code": x.code, "zh": x.zh, "en": x.en} for x in r.reasons],
        }
        for r in recs
    ]


def is_override(
    recs: Sequence[recommending.Recommendation], org: PartnerOrganization, mediator: Mediator | None = None
) -> bool:
    """Is the organization chosen outside the recommended list? Taking any listed organization (with its
    recommended mediator, another of its mediators or none) follows the recommendation; only an
    organization the list does not hold needs a reason."""
    return bool(recs) and all(r.organization.pk != org.pk for r in recs)


@use_case("mediation:delegate")
def delegate(
    actor_user: Any,
    *,
    court_code: str,
    applicants: Sequence[PartyIn],
    respondents: Sequence[PartyIn],
    description: str,
    focus_type: str,
    organization_code: str,
    on: dt.date,
    cause: str = "",
    region: str = "",
    claim_amount: Decimal | None = None,
    mediator_code: str = "",
    override_reason: str = "",
    request: Any = None,
) -> Mediation:
    """Register a dispute and delegate it (``mediation:delegate``): a 民诉前调 case is filed (a new dispute),
    its 30-day period starts (holiday-aware), and the organization (and mediator) chosen receive it. An
    organization outside the recommended list needs a reason (``override_reason_required``)."""
    people = _check_intake(applicants, respondents, description, focus_type, region, on)
    court = Court.objects.filter(code=court_code).first()
    if court is None:
        raise LawError(
            "unknown_court", f"未知法院代字“{court_code}”。", f"Unknown court code '{court_code}'."
        )
    org, mediator = _chosen(organization_code, mediator_code)
    recs = recommending.recommend(court=court, focus_type=focus_type, region=region, on=on)
    overridden = is_override(recs, org, mediator)
    if overridden and not override_reason.strip():
        raise LawError(
            "override_reason_required",
            "所选调解组织不在系统推荐列表中，须说明理由。",
            "An organization outside the recommended list needs a reason.",
        )
    case = cases.file_case(
        actor_user,
        court_code=court_code,
        type_code=MEDIATION_TYPE,
        filed_on=on,
        parties_in=people,
        cause=cause.strip(),
        claim_amount=claim_amount,
        request=request,
    )
    return _open(
        who(actor_user, request),
        case,
        org,
        mediator,
        description=description,
        focus_type=focus_type,
        region=region,
        override_reason=override_reason.strip() if overridden else "",
        recommendations=recommendation_snapshot(recs),
    )


def _check_intake(
    applicants: Sequence[PartyIn],
    respondents: Sequence[PartyIn],
    description: str,
    focus_type: str,
    region: str,
    on: dt.date,
) -> list[PartyIn]:
    people = _party_list(applicants, respondents)
    if focus_type not in suggesting.focus_types():
        raise LawError(
            "focus_type_unknown", f"未知纠纷类型“{focus_type}”。", f"Unknown focus type '{focus_type}'."
        )
    if region and not (region.isdigit() and len(region) == 6):
        raise LawError(
            "region_invalid", "纠纷发生地须为6位行政区划代码。", "The region must be a 6-digit division code."
        )
    if not description.strip():
        raise LawError("description_missing", "请填写纠纷简述。", "Describe the dispute.")
    _not_future(on, "委派日期", "delegation date")
    return people


def _open(
    actor: Actor,
    case: Case,
    org: PartnerOrganization,
    mediator: Mediator | None,
    *,
    description: str,
    focus_type: str,
    region: str,
    override_reason: str,
    recommendations: list[dict[str, Any]],
    action: str = "mediation.delegate",
) -> Mediation:
    suggestion = suggesting.suggest(description)
    mediation = Mediation.objects.create(
        case=case,
        organization=org,
        mediator=mediator,
        description=description.strip(),
        focus_type=focus_type,
        region=region,
        opened_on=case.filed_on,
        deadline=_period_due(case, case.filed_on),
        override_reason=override_reason,
        suggestion={
            "cause": suggestion.cause,
            "focus_type": suggestion.focus_type,
            "confidence": suggestion.confidence,
            "recommendations": recommendations,
        },
    )
    record(
        actor,
        action,
        obj=mediation,
        after={
            "case_number": case.case_number,
            "organization": org.code,
            "mediator": mediator.code if mediator else None,
            "focus_type": focus_type,
            "deadline": mediation.deadline.isoformat(),
            "override_reason": override_reason or None,
        },
    )
    return mediation


@use_case("partner:handle")
def register_by_partner(
    actor_user: Any,
    *,
    applicants: Sequence[PartyIn],
    respondents: Sequence[PartyIn],
    description: str,
    focus_type: str,
    on: dt.date,
    cause: str = "",
    region: str = "",
    claim_amount: Decimal | None = None,
    mediator_code: str = "",
    request: Any = None,
) -> Mediation:
    """A partner organization registers a dispute it received locally (``partner:handle``; the
    分调裁执 entry point): a 民诉前调 case is filed at the organization's court on its behalf and the
    dispute stays with the organization."""
    org_id = getattr(actor_user, "organization_id", None)
    if org_id is None:
        raise LawError(
            "organization_required",
            "仅调解组织的账号可登记本组织受理的纠纷。",
            "Only a partner account may do this.",
        )
    people = _check_intake(applicants, respondents, description, focus_type, region, on)
    org = PartnerOrganization.objects.select_related("court").get(pk=org_id)
    org, mediator = _chosen(org.code, mediator_code)
    if claim_amount is not None and claim_amount < 0:
        raise LawError("amount_out_of_range", "标的额不得为负。", "The claim amount must not be negative.")
    actor = who(actor_user, request)
    case = cases.file_case(
        None,  # the partner has no filing right at the court: filed on its behalf, under its user's name
        court_code=org.court.code,
        type_code=MEDIATION_TYPE,
        filed_on=on,
        parties_in=people,
        cause=cause.strip(),
        claim_amount=claim_amount,
        actor=actor,
        disclose_names=False,  # a partner learns no recorded name from an identity number
    )
    return _open(
        actor,
        case,
        org,
        mediator,
        description=description,
        focus_type=focus_type,
        region=region,
        override_reason="",
        recommendations=[],
        action="mediation.register_by_partner",
    )


# ----------------------------------------------------------------------------------------------- extend


@use_case("mediation:conduct")
def extend(
    actor_user: Any,
    mediation: Mediation | int,
    *,
    on: dt.date,
    consenting_party_ids: Sequence[int],
    request: Any = None,
) -> Extension:
    """Extend the mediation period (``mediation:conduct``) when every party consents; the new period of
    the parameter's length runs from the day the consents are recorded. Refused once the period lapsed."""
    m = lock(actor_user, mediation)
    require_status(m, MediationStatus.MEDIATING)
    _not_before_opening(m, on)
    _not_future(on, "同意日期", "consent date")
    if on > m.deadline:
        raise LawError(
            "mediation_period_lapsed",
            f"调解期限已于{m.deadline.isoformat()}届满，不能再延长。",
            f"The mediation period ended on {m.deadline.isoformat()}; it can no longer be extended.",
        )
    parties = selectors.contract_parties(m.case)
    consenting = set(consenting_party_ids)
    missing = [p["name"] for p in parties if p["party_id"] not in consenting]
    if missing:
        raise LawError(
            "consent_missing",
            f"延长调解期限须经各方当事人同意；尚未同意：{'、'.join(missing)}。",
            f"Every party must consent to an extension; missing: {', '.join(missing)}.",
            missing=missing,
        )
    unknown = consenting - {p["party_id"] for p in parties}
    if unknown:
        raise LawError(
            "consent_unknown_party", "同意人不是本案当事人。", "A consenting person is not a party."
        )
    case = cases.transition(
        case_user(actor_user),
        m.case,
        "extend",
        on,
        workflow=WORKFLOW_NAME,
        note="各方当事人同意延长调解期限",
        request=request,
        actor=who(actor_user, request),
    )
    new_deadline = _period_due(case, on)
    if new_deadline <= m.deadline:
        raise LawError(
            "extension_not_later",
            "新的调解期限不晚于原期限，无需延长。",
            "The new period would not end later than the current one.",
        )
    extension = Extension.objects.create(
        mediation=m,
        consented_on=on,
        previous_deadline=m.deadline,
        new_deadline=new_deadline,
        consents=[{"party_id": p["party_id"], "name": p["name"], "side": p["side"]} for p in parties],
        recorded_by=who(actor_user, request).name,
    )
    before = m.deadline
    m.deadline = new_deadline
    m.save(update_fields=["deadline"])
    record(
        who(actor_user, request),
        "mediation.extend",
        obj=m,
        before={"deadline": before.isoformat()},
        after={"deadline": new_deadline.isoformat(), "consents": [p["name"] for p in parties]},
    )
    return extension


# ---------------------------------------------------------------------------------------------- session


@use_case("mediation:conduct")
def record_session(
    actor_user: Any,
    mediation: Mediation | int,
    *,
    held_on: dt.date,
    mode: str,
    place: str = "",
    notes: str = "",
    attendance: Sequence[str] = (),
    request: Any = None,
) -> Session:
    """Record a mediation session (``mediation:conduct``): date, in person (with the place), online or by
    phone, who of the parties attended, what happened."""
    m = lock(actor_user, mediation)
    require_status(m, MediationStatus.MEDIATING)
    if mode not in SessionMode.values:
        raise LawError(
            "session_mode_invalid",
            "调解方式须为现场、在线或电话。",
            "Mode must be in_person, online or phone.",
        )
    if mode == SessionMode.IN_PERSON and not place.strip():
        raise LawError("session_place_missing", "现场调解须写明地点。", "An in-person session needs a place.")
    _not_before_opening(m, held_on)
    _not_future(held_on, "调解日期", "session date")
    names = {p["name"] for p in selectors.contract_parties(m.case)}
    strangers = [a for a in attendance if a not in names]
    if strangers:
        raise LawError(
            "attendance_unknown",
            f"到场人员不是本案当事人：{'、'.join(strangers)}。",
            f"Not parties of this case: {', '.join(strangers)}.",
        )
    actor = who(actor_user, request)
    session = Session.objects.create(
        mediation=m,
        held_on=held_on,
        mode=mode,
        place=place.strip(),
        notes=notes.strip(),
        attendance=list(dict.fromkeys(attendance)),
        recorded_by=actor.name,
    )
    cases.log_node(m.case, "session", held_on, actor, {"mode": mode, "place": place.strip() or None})
    record(actor, "mediation.session", obj=m, after={"held_on": held_on.isoformat(), "mode": mode})
    return session


# ------------------------------------------------------------------------------------- fail / withdraw


@use_case("mediation:conduct")
def fail(
    actor_user: Any, mediation: Mediation | int, *, on: dt.date, reason: str = "", request: Any = None
) -> Case:
    """Mediation failed (``mediation:conduct``): the 民诉前调 case closes by transfer and a 民初 case is filed
    the same day at the same court with the parties, cause, claim and the facts carried over (its origin is
    the mediation case, so it shows in the dispute graph as 调解不成转立案)."""
    m = lock(actor_user, mediation)
    require_status(m, MediationStatus.MEDIATING)
    _not_before_opening(m, on)
    _not_future(on, "日期", "date")
    case = cases.transition(
        case_user(actor_user),
        m.case,
        "fail",
        on,
        workflow=WORKFLOW_NAME,
        closing_method="transfer",
        note=reason.strip(),
        request=request,
        actor=who(actor_user, request),
    )
    parties = [
        cases.carried_over(cp)
        for cp in sorted(case.parties.all(), key=lambda cp: (Side.values.index(cp.side), cp.position))
    ]
    actor = who(actor_user, request)
    trial = cases.file_case(
        None,  # 诉前调解不成的，依法转立案: filed on the court's behalf as part of the reported failure
        court_code=case.court.code,
        type_code=FIRST_INSTANCE_TYPE,
        filed_on=on,
        parties_in=parties,
        cause=case.cause_text,
        claim_amount=case.claim_amount,
        origin=case,
        actor=actor,
    )
    cases.log_node(
        trial,
        "facts_from_mediation",
        on,
        actor,
        {"mediation": case.case_number, "facts": m.description, "reason": reason.strip() or None},
    )
    m.status = MediationStatus.FAILED
    m.closed_on = on
    m.outcome_note = reason.strip()
    m.follow_up = trial
    m.save(update_fields=["status", "closed_on", "outcome_note", "follow_up"])
    record(
        actor,
        "mediation.fail",
        obj=m,
        before={"status": MediationStatus.MEDIATING},
        after={"status": m.status, "first_instance": trial.case_number},
    )
    return trial


@use_case("mediation:conduct")
def withdraw(
    actor_user: Any, mediation: Mediation | int, *, on: dt.date, reason: str = "", request: Any = None
) -> Mediation:
    """The applicant withdrew (``mediation:conduct``): the case closes by withdrawal."""
    m = lock(actor_user, mediation)
    require_status(m, MediationStatus.MEDIATING)
    _not_before_opening(m, on)
    _not_future(on, "日期", "date")
    cases.transition(
        case_user(actor_user),
        m.case,
        "withdraw",
        on,
        workflow=WORKFLOW_NAME,
        closing_method="withdrawal",
        note=reason.strip(),
        request=request,
        actor=who(actor_user, request),
    )
    m.status = MediationStatus.WITHDRAWN
    m.closed_on = on
    m.outcome_note = reason.strip()
    m.save(update_fields=["status", "closed_on", "outcome_note"])
    record(who(actor_user, request), "mediation.withdraw", obj=m, after={"status": m.status})
    return m
