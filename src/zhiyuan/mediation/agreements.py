"""The mediation agreement and what makes it effective.

An agreement is structured obligations in the executability contract's format, checked by
``zhiyuan.law.executability`` whenever it is saved; one with an error finding cannot be finalised. After
success it becomes effective through judicial confirmation (诉前调确) or a mediation document (诉前调书),
each filed as a case derived from the mediation case and ruled on by a judge (``mediation:confirm``); when
the ruling takes effect, voluntary-performance tracking opens on it (``performance.services.open_title``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from zhiyuan.accounts.services import use_case
from zhiyuan.audit.services import record
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case, Side
from zhiyuan.courts import selectors as courts
from zhiyuan.law import executability
from zhiyuan.law.errors import LawError
from zhiyuan.mediation import selectors
from zhiyuan.mediation.models import Agreement, AgreementStatus, Mediation, MediationStatus
from zhiyuan.mediation.services import case_user, lock, require_status, who
from zhiyuan.mediation.workflow import NAME as WORKFLOW_NAME
from zhiyuan.parties import selectors as party_records
from zhiyuan.performance.services import open_title

#: how an agreement becomes effective: the case type filed and the closing method of a granted ruling
ROUTES: dict[str, tuple[str, str]] = {
    "confirmation": ("诉前调确", "confirmed"),
    "document": ("诉前调书", "mediation"),
}
CONTRACT_PARTY_KEYS = ("ref", "name", "id_type", "id_number", "role")
#: what an agreement stores of each party: a reference to the party record, which holds the identity
#: number encrypted (with its blind index); the number itself is never stored here
STORED_PARTY_KEYS = ("ref", "name", "id_type", "role", "party_id", "side")
ROLES = frozenset(executability.ROLES)


def contract_party(party: Mapping[str, Any]) -> dict[str, Any]:
    """A party as the executability contract names it (without a document type the number's shape
    decides; without a number the party is unidentified)."""
    return {k: party.get(k, "") if k in ("id_type", "id_number") else party[k] for k in CONTRACT_PARTY_KEYS}


def stored_party(party: Mapping[str, Any]) -> dict[str, Any]:
    """What the agreement keeps of a party: its reference, name, role and party record, not its number."""
    return {k: party[k] for k in STORED_PARTY_KEYS if k in party}


def with_identities(parties: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The agreement's stored parties with the identity numbers (and document types) of their party
    records, decrypted in memory for the executability check or the title and never written back."""
    found = party_records.by_ids(p["party_id"] for p in parties if p.get("party_id"))
    out = []
    for p in parties:
        party = found.get(int(p["party_id"])) if p.get("party_id") else None
        number = party.id_number if party is not None else ""
        id_type = party.id_type if party is not None else str(p.get("id_type") or "")
        out.append({**stored_party(p), "id_number": number or "", "id_type": id_type})
    return out


def check(
    parties: Sequence[Mapping[str, Any]], items: Sequence[Any], on: dt.date | None = None
) -> dict[str, Any]:
    """The executability rule on an agreement (the contract's parties and items) as of ``on`` (today by
    default): the article's version, and identity numbers born after it are invalid."""
    facts = {
        "kind": "mediation_agreement",
        "on": (on or timezone.localdate()).isoformat(),
        "parties": [contract_party(p) for p in parties],
        "items": list(items),
    }
    return executability.check(facts, courts.reference().params)


def findings_by_item(agreement: Agreement) -> dict[int | None, list[dict[str, Any]]]:
    """The stored findings grouped by item index (None: about the agreement as a whole)."""
    grouped: dict[int | None, list[dict[str, Any]]] = {}
    for f in agreement.findings:
        grouped.setdefault(f.get("item"), []).append(f)
    return grouped


@use_case("mediation:conduct")
def save_agreement(
    actor_user: Any,
    mediation: Mediation | int,
    *,
    items: Sequence[Any],
    roles: Mapping[str, str] | None = None,
    request: Any = None,
) -> Agreement:
    """Save the draft agreement (``mediation:conduct``), replacing an earlier draft, and run the
    executability check on it; the findings are stored next to the items. Roles (creditor / debtor /
    other) default by side and may be set per party reference."""
    m = lock(actor_user, mediation)
    require_status(m, MediationStatus.MEDIATING)
    wrong = {ref: role for ref, role in (roles or {}).items() if role not in ROLES}
    if wrong:
        raise LawError(
            "role_invalid",
            "当事人角色须为 creditor、debtor 或 other。",
            "Roles are creditor, debtor or other.",
        )
    parties = selectors.contract_parties(m.case, dict(roles or {}))
    unknown = set(roles or {}) - {p["ref"] for p in parties}
    if unknown:
        raise LawError(
            "party_ref_unknown",
            f"当事人编号不存在：{'、'.join(sorted(unknown))}。",
            f"Unknown party references: {', '.join(sorted(unknown))}.",
        )
    result = check(parties, items)
    agreement, created = Agreement.objects.get_or_create(mediation=m)
    before = None if created else {"items": agreement.items, "executable": agreement.executable}
    agreement.parties = [stored_party(p) for p in parties]
    agreement.items = list(items)
    agreement.findings = result["findings"]
    agreement.executable = result["executable"]
    agreement.status = AgreementStatus.DRAFT
    agreement.save()
    record(
        who(actor_user, request),
        "mediation.agreement.save",
        obj=m,
        before=before,
        after={"items": agreement.items, "executable": agreement.executable, "errors": result["errors"]},
    )
    return agreement


def _final_agreement(m: Mediation) -> Agreement:
    agreement = Agreement.objects.filter(mediation=m).first()
    if agreement is None or not agreement.items:
        raise LawError("agreement_missing", "尚未录入调解协议。", "No agreement has been recorded.")
    return agreement


@use_case("mediation:conduct")
def succeed(
    actor_user: Any, mediation: Mediation | int, *, on: dt.date, note: str = "", request: Any = None
) -> Agreement:
    """The parties signed (``mediation:conduct``): the agreement is checked again and finalised only when
    it is executable (no error finding); the 民诉前调 case closes by mediation."""
    m = lock(actor_user, mediation)
    require_status(m, MediationStatus.MEDIATING)
    if on < m.opened_on:
        raise LawError(
            "date_before_delegation", "日期不能早于委派日期。", "The date cannot be before the delegation."
        )
    agreement = _final_agreement(m)
    result = check(with_identities(agreement.parties), agreement.items, on)
    if not result["executable"]:
        raise LawError(
            "agreement_not_executable",
            f"调解协议有 {result['errors']} 处不可执行的问题，修改后才能签署生效。",
            f"The agreement has {result['errors']} error finding(s); correct them before it is signed.",
            findings=[f for f in result["findings"] if f["severity"] == "error"],
        )
    cases.transition(
        case_user(actor_user),
        m.case,
        "succeed",
        on,
        workflow=WORKFLOW_NAME,
        closing_method="mediation",
        note=note.strip(),
        request=request,
        actor=who(actor_user, request),
    )
    agreement.findings = result["findings"]
    agreement.executable = True
    agreement.status = AgreementStatus.FINAL
    agreement.signed_on = on
    agreement.save()
    m.status = MediationStatus.SUCCEEDED
    m.closed_on = on
    m.outcome_note = note.strip()
    m.save(update_fields=["status", "closed_on", "outcome_note"])
    record(
        who(actor_user, request),
        "mediation.succeed",
        obj=m,
        before={"status": MediationStatus.MEDIATING},
        after={"status": m.status, "signed_on": on.isoformat(), "items": agreement.items},
    )
    return agreement


@use_case("mediation:conduct")
def request_confirmation(
    actor_user: Any, mediation: Mediation | int, *, route: str, on: dt.date, request: Any = None
) -> Case:
    """Ask the court to make the signed agreement effective (``mediation:conduct``): a 诉前调确
    (``route="confirmation"``) or 诉前调书 (``route="document"``) case is filed with the same parties,
    derived from the mediation case."""
    if route not in ROUTES:
        raise LawError(
            "route_invalid", "须选择司法确认或出具调解书。", "The route must be confirmation or document."
        )
    m = lock(actor_user, mediation)
    require_status(m, MediationStatus.SUCCEEDED)
    agreement = _final_agreement(m)
    if agreement.status != AgreementStatus.FINAL:  # pragma: no cover - success finalises it
        raise LawError("agreement_not_final", "调解协议尚未签署。", "The agreement is not signed.")
    if m.follow_up_id is not None:
        raise LawError(
            "confirmation_exists",
            f"已申请：{m.follow_up.case_number if m.follow_up else ''}。",
            "Confirmation has already been requested.",
        )
    if m.closed_on is not None and on < m.closed_on:
        raise LawError(
            "date_before_agreement", "申请日期不能早于协议签署日期。", "The date cannot precede signing."
        )
    type_code, _method = ROUTES[route]
    parties = [
        cases.carried_over(cp)
        for cp in sorted(m.case.parties.all(), key=lambda cp: (Side.values.index(cp.side), cp.position))
    ]
    filed = cases.file_case(
        None,  # filed on the applicants' joint request, which the organization or mediator forwards
        court_code=m.case.court.code,
        type_code=type_code,
        filed_on=on,
        parties_in=parties,
        cause=m.case.cause_text,
        claim_amount=m.case.claim_amount,
        origin=m.case,
        actor=who(actor_user, request),  # the person who forwarded it
    )
    m.follow_up = filed
    m.save(update_fields=["follow_up"])
    record(
        who(actor_user, request),
        "mediation.confirmation.request",
        obj=m,
        after={"route": route, "case_number": filed.case_number},
    )
    return filed


def _follow_up(m: Mediation) -> Case:
    if m.status != MediationStatus.SUCCEEDED or m.follow_up is None:
        raise LawError(
            "confirmation_missing", "尚未申请司法确认或出具调解书。", "No confirmation has been requested."
        )
    return m.follow_up


@use_case("mediation:confirm")
def accept_confirmation(
    actor_user: Any, mediation: Mediation | int, *, on: dt.date, request: Any = None
) -> Case:
    """The judge accepts the application (``mediation:confirm``)."""
    m = lock(actor_user, mediation)
    case = cases.transition(actor_user, _follow_up(m), "accept", on, request=request, workflow=WORKFLOW_NAME)
    record(
        who(actor_user, request),
        "mediation.confirmation.accept",
        obj=m,
        after={"case_number": case.case_number},
    )
    return case


@use_case("mediation:confirm")
def rule_on_confirmation(
    actor_user: Any,
    mediation: Mediation | int,
    *,
    on: dt.date,
    granted: bool,
    reason: str = "",
    request: Any = None,
) -> Case:
    """The judge rules (``mediation:confirm``): granted, the ruling confirming the agreement (or the
    mediation document) takes effect and performance tracking opens on it; refused, the agreement gains no
    force of enforcement (a reason is required)."""
    m = lock(actor_user, mediation)
    follow_up = _follow_up(m)
    route = next(r for r, (code, _) in ROUTES.items() if code == follow_up.type_code)
    if not granted and not reason.strip():
        raise LawError("reason_required", "驳回申请须说明理由。", "A refusal needs a reason.")
    method = ROUTES[route][1] if granted else "rejected"
    case = cases.transition(
        actor_user,
        follow_up,
        "decide",
        on,
        closing_method=method,
        note=reason,
        request=request,
        workflow=WORKFLOW_NAME,
    )
    agreement = _final_agreement(m)
    title_id = None
    if granted:
        title = open_title(
            actor_user,
            case=case,
            kind="mediation_agreement",
            parties=[contract_party(p) for p in with_identities(agreement.parties)],
            items=list(agreement.items),
            effective_on=on,
            request=request,
        )
        title_id = title.pk
        agreement.title_id = title_id
        agreement.save(update_fields=["title_id"])
    record(
        who(actor_user, request),
        "mediation.confirmation.rule",
        obj=m,
        after={"case_number": case.case_number, "granted": granted, "title": title_id},
    )
    return case
