"""Triage use cases (繁简分流): on filing, when the officer records new facts, an officer's override, and the
catch-up of every enforcement case not yet triaged. Each is one transaction with its audit record.

The facts the platform derives are taken as of a date (the filing date on filing, today afterwards):
``is_resumption`` is the case type 执恢; ``pending_cases_of_debtor`` counts the debtors' other enforcement
cases (执/执恢/执保, as 被执行人) filed by then and not closed by then. The facts an officer records
(frozen, deducted, salary, valuation, objection, whereabouts) count as none until recorded.

An override answers the rule on the facts as they stood: recording new facts re-runs the rule and ends
the override (the audit keeps it).

The measures the case takes feed the money facts (:func:`measures_changed`): the money frozen is the sum of
the case's freezes in force, the money deducted the sum of its deductions; each change of a measure re-runs
the rule. An officer's override stands against such a change (the officer decided on the case as a whole;
the audit shows the rule's new answer), and the officer's own figures give way to the measured ones once the
case holds a freeze or a deduction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from zhiyuan.accounts.policy import authorize_in_scope
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.accounts.selectors import permissions_for
from zhiyuan.audit.services import Actor, entry_fields, record, record_all
from zhiyuan.cases.lifecycles import CLOSED
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.selectors import person_names
from zhiyuan.courts import selectors as courts
from zhiyuan.enforcement.models import Measure, MeasureKind, MeasureStatus, Track, Triage
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.text import NOTE_MAX, check_text
from zhiyuan.law import triage as rule
from zhiyuan.law.case_types import ENFORCEMENT_ACTION
from zhiyuan.law.errors import LawError
from zhiyuan.law.money import CENT

PERMISSION = "enforcement:handle"
RESUMPTION_TYPE = "执恢"
AMOUNT_FIELDS = ("frozen_amount", "deducted_amount", "salary_monthly")
FLAG_FIELDS = ("needs_valuation", "third_party_objection", "debtor_whereabouts_unknown")
#: why a case has no track: the rule needs a positive claim amount
PENDING_NO_CLAIM = "claim_missing"


@dataclass(frozen=True)
class Facts:
    """The facts an officer records (amounts in yuan, two places)."""

    frozen_amount: Decimal = Decimal("0.00")
    deducted_amount: Decimal = Decimal("0.00")
    salary_monthly: Decimal = Decimal("0.00")
    needs_valuation: bool = False
    third_party_objection: bool = False
    debtor_whereabouts_unknown: bool = False


def clean_facts(raw: Mapping[str, Any]) -> Facts:
    """Facts from a form, the API or a file: amounts through the platform's amount check (empty counts as
    none; negative, too large or more than two decimals refused with its code), flags as booleans."""
    amounts = {name: clean_amount(raw.get(name), name) or Decimal("0.00") for name in AMOUNT_FIELDS}
    flags: dict[str, bool] = {}
    for name in FLAG_FIELDS:
        value = raw.get(name, False)
        if isinstance(value, str) and value.strip().lower() in ("", "0", "false", "off", "1", "true", "on"):
            value = value.strip().lower() in ("1", "true", "on")
        if not isinstance(value, bool):
            raise LawError(
                "boolean_invalid",
                f"字段“{name}”须为是或否。",
                f"Field '{name}' must be true or false.",
                field=name,
            )
        flags[name] = value
    return Facts(
        frozen_amount=amounts["frozen_amount"],
        deducted_amount=amounts["deducted_amount"],
        salary_monthly=amounts["salary_monthly"],
        needs_valuation=flags["needs_valuation"],
        third_party_objection=flags["third_party_objection"],
        debtor_whereabouts_unknown=flags["debtor_whereabouts_unknown"],
    )


# ------------------------------------------------------------------------------------------- derived


def debtor_ids(case: Case) -> list[int]:
    """The case's debtors (被执行人): its parties on the respondent side."""
    return list(CaseParty.objects.filter(case=case, side=Side.DEFENDANT).values_list("party_id", flat=True))


def pending_cases_of_debtor(case: Case, on: dt.date) -> int:
    """The debtors' other enforcement cases (as 被执行人) filed by ``on`` and not closed by then."""
    others = (
        Case.objects.filter(
            type_code__in=ENFORCEMENT_ACTION,
            filed_on__lte=on,
            parties__side=Side.DEFENDANT,
            parties__party_id__in=debtor_ids(case),
        )
        .exclude(pk=case.pk)
        .exclude(closed_on__lte=on)
    )
    if on >= timezone.localdate():  # a case closed without a closing date is closed now
        others = others.exclude(status=CLOSED)
    return others.values("pk").distinct().count()


# ------------------------------------------------------------------------------------------- the rule


def _snapshot(t: Triage) -> dict[str, Any]:
    return {
        **{name: str(getattr(t, name)) for name in AMOUNT_FIELDS},
        **{name: getattr(t, name) for name in (*FLAG_FIELDS, "is_resumption", "pending_cases_of_debtor")},
        "rule_track": t.rule_track,
        "reasons": [r["code"] for r in t.reasons],
        "override_track": t.override_track,
        "track": t.track,
        "pending": t.pending,
    }


def _apply_rule(t: Triage, case: Case) -> None:
    """Run ``law.triage`` on ``t``'s facts and set the rule's track, reasons and citations, and the track
    in force."""
    if not case.claim_amount or case.claim_amount <= 0:
        t.rule_track, t.reasons, t.citations, t.pending = "", [], [], PENDING_NO_CLAIM
    else:
        facts = {
            "claim_amount": str(case.claim_amount),
            **{name: str(getattr(t, name)) for name in AMOUNT_FIELDS},
            **{name: getattr(t, name) for name in (*FLAG_FIELDS, "is_resumption", "pending_cases_of_debtor")},
        }
        out = rule.classify(facts, courts.reference().params)
        t.rule_track, t.reasons, t.citations, t.pending = out["track"], out["reasons"], out["citations"], ""
    t.track = t.override_track or t.rule_track
    t.triaged_at = timezone.now()


def _new(case: Case, on: dt.date) -> Triage:
    t = Triage(
        case=case,
        is_resumption=case.type_code == RESUMPTION_TYPE,
        pending_cases_of_debtor=pending_cases_of_debtor(case, on),
    )
    _apply_rule(t, case)
    return t


def triage_on_filing(case: Case, who: Actor) -> None:
    """``cases.filing_hooks``: triage a 执/执恢/执保 case as it is filed (inside the filing's transaction)."""
    if case.type_code not in ENFORCEMENT_ACTION:
        return
    t = _new(case, case.filed_on)
    t.save()
    record(who, "enforcement.triage.file", obj=case, after=_snapshot(t))


def measured_amounts(case: Case) -> tuple[Decimal, Decimal] | None:
    """(frozen, deducted) from the case's measures: freezes in force and deductions carried out; ``None``
    when the case has never held a freeze or a deduction (the officer's figures stand). One query."""
    got = Measure.objects.filter(case=case, kind__in=(MeasureKind.FREEZE, MeasureKind.DEDUCTION)).aggregate(
        n=Count("pk"),
        frozen=Sum("amount", filter=Q(kind=MeasureKind.FREEZE, status=MeasureStatus.ACTIVE)),
        deducted=Sum("amount", filter=Q(kind=MeasureKind.DEDUCTION, status=MeasureStatus.DONE)),
    )
    if not got["n"]:
        return None
    return Decimal(got["frozen"] or 0).quantize(CENT), Decimal(got["deducted"] or 0).quantize(CENT)


def measures_changed(case: Case, who: Actor) -> None:
    """Inside a measure's transaction: feed the money the case's measures hold into its triage and re-run
    the rule (the override, if any, stands). Audited only when the facts or the rule's answer change."""
    if case.type_code not in ENFORCEMENT_ACTION:
        return
    amounts = measured_amounts(case)
    if amounts is None:
        return
    t = _locked(case)
    before = _snapshot(t)
    t.frozen_amount, t.deducted_amount = amounts
    _apply_rule(t, case)
    after = _snapshot(t)
    if after == before:
        return
    t.save()
    record(who, "enforcement.triage.measures", obj=case, before=before, after=after)


# ------------------------------------------------------------------------------------------- officer


def may_handle(user: Any, case: Case, request: Any = None) -> bool:
    """May ``user`` record facts and override on ``case`` (what the page offers; no audit)?"""
    return (
        PERMISSION in permissions_for(user, request)
        and case.court_id in scope_of(user).court_ids
        and case.type_code in ENFORCEMENT_ACTION
        and case.closed_on is None
        and case.status != CLOSED
    )


def _handled_case(user: Any, case: Case, request: Any, what: str) -> None:
    """Permission, court scope, an enforcement case still open: else an audited refusal or an error."""
    authorize_in_scope(user, PERMISSION, case, request)
    if case.type_code not in ENFORCEMENT_ACTION:
        raise LawError(
            "triage_not_enforcement",
            "只有执行实施案件（执、执恢、执保）进行繁简分流。",
            "Only enforcement cases (执, 执恢, 执保) are triaged.",
        )
    if case.closed_on is not None or case.status == CLOSED:
        raise LawError(
            "case_closed",
            f"案件已结案，不能再{what}。",
            f"The case is closed; its triage can no longer be changed ({what}).",
        )


def _locked(case: Case) -> Triage:
    """The case's triage row, locked; created (as on filing, as of today) when the case has none yet."""
    found = Triage.objects.select_for_update().filter(case=case).first()
    if found is not None:
        return found
    t = _new(case, timezone.localdate())
    t.save()
    return t


def update_facts(user: Any, case: Case, facts: Facts, request: Any = None) -> Triage:
    """The officer records the case's facts: the derived facts are refreshed as of today, the rule runs
    again and any override ends. Audited with the facts and the track before and after."""
    _handled_case(user, case, request, "登记分流事实")
    with transaction.atomic():
        t = _locked(case)
        before = _snapshot(t)
        for name, value in asdict(facts).items():
            setattr(t, name, value)
        t.facts_recorded = True
        t.is_resumption = case.type_code == RESUMPTION_TYPE
        t.pending_cases_of_debtor = pending_cases_of_debtor(case, timezone.localdate())
        t.override_track, t.override_reason, t.override_by_id = "", "", None
        t.override_by_name, t.override_at = "", None
        _apply_rule(t, case)
        t.save()
        record(
            actor_of(user, request), "enforcement.triage.facts", obj=case, before=before, after=_snapshot(t)
        )
    return t


def override(user: Any, case: Case, track: str, reason: str, request: Any = None) -> Triage:
    """The officer puts the case on ``track`` against the rule, with a reason (required). Audited."""
    if track not in Track.values:
        raise LawError(
            "track_invalid",
            "分流结果须为简案或繁案。",
            "The track must be simple or complex.",
            field="track",
        )
    reason = check_text(reason or "", field="reason", max_length=NOTE_MAX).strip()
    if not reason:
        raise LawError(
            "override_reason_required",
            "人工调整繁简分流须说明理由。",
            "Overriding the triage needs a reason.",
            field="reason",
        )
    _handled_case(user, case, request, "调整繁简分流")
    with transaction.atomic():
        t = _locked(case)
        before = _snapshot(t)
        t.override_track, t.override_reason = track, reason
        t.override_by_id = user.pk
        t.override_by_name = person_names([user.pk]).get(user.pk, "")
        t.override_at = timezone.now()
        t.track = track
        t.save()
        record(
            actor_of(user, request),
            "enforcement.triage.override",
            obj=case,
            before=before,
            after={**_snapshot(t), "reason": reason},
        )
    return t


# ------------------------------------------------------------------------------------------- catch-up


def triage_missing(who: Actor, batch: int = 2000) -> int:
    """Triage every enforcement case that has no triage yet (imported or simulated cases, filed before
    this app), each as of its filing date; idempotent (a second run finds nothing). Returns how many.

    The debtors' enforcement cases are read once (one query over the enforcement cases' respondents), then
    the cases are triaged in batches of ``batch``, each batch one transaction with one audit entry per case."""
    done = 0
    index = _DebtorIndex()
    while True:
        cases = list(
            Case.objects.filter(type_code__in=ENFORCEMENT_ACTION, triage__isnull=True).order_by("pk")[:batch]
        )
        if not cases:
            return done
        rows = []
        for case in cases:
            t = Triage(
                case=case,
                is_resumption=case.type_code == RESUMPTION_TYPE,
                pending_cases_of_debtor=index.pending(case),
            )
            _apply_rule(t, case)
            rows.append(t)
        entries = [
            entry_fields(who, "enforcement.triage.catch_up", obj=t.case, after=_snapshot(t)) for t in rows
        ]
        with transaction.atomic():
            Triage.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
            record_all(entries)
        done += len(rows)


class _DebtorIndex:
    """Every enforcement case's respondents and every respondent's enforcement cases (with their filing
    and closing dates), read in one query: ``pending_cases_of_debtor`` of many cases without a query each."""

    def __init__(self) -> None:
        self.debtors_of: dict[int, set[int]] = defaultdict(set)
        self.cases_of: dict[int, set[tuple[int, dt.date, dt.date | None]]] = defaultdict(set)
        rows = Case.objects.filter(
            type_code__in=ENFORCEMENT_ACTION, parties__side=Side.DEFENDANT
        ).values_list("pk", "parties__party_id", "filed_on", "closed_on")
        for case_id, party_id, filed_on, closed_on in rows.iterator(chunk_size=5000):
            self.debtors_of[case_id].add(party_id)
            self.cases_of[party_id].add((case_id, filed_on, closed_on))

    def pending(self, case: Case) -> int:
        """The debtors' other enforcement cases filed by ``case``'s filing date and not closed by then."""
        on = case.filed_on
        return len(
            {
                other
                for party in self.debtors_of[case.pk]
                for other, filed, closed in self.cases_of[party]
                if other != case.pk and filed <= on and (closed is None or closed > on)
            }
        )


def on_money_deducted(hook: Any) -> None:
    """Register ``hook`` to be called for every deduction of money into a case (``money_hooks.DEDUCTED``;
    the funds ledger registers here from its ``AppConfig.ready``). Registering twice adds it once."""
    from zhiyuan.enforcement import money_hooks

    if hook not in money_hooks.DEDUCTED:
        money_hooks.DEDUCTED.append(hook)


def on_proceeds_paid(hook: Any) -> None:
    """Register ``hook`` to be called when a sold asset's price is paid in (``money_hooks.PROCEEDS_PAID``;
    the funds ledger registers here). Registering twice adds it once."""
    from zhiyuan.enforcement import money_hooks

    if hook not in money_hooks.PROCEEDS_PAID:
        money_hooks.PROCEEDS_PAID.append(hook)
