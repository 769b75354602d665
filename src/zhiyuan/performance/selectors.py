"""Reads: scoped titles and their detail, notices, the good-faith list, public verification of a notice
by its code, and the figures for the overview."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.lifecycles import CLOSED, FAMILIES, GENERIC
from zhiyuan.cases.models import Case, Side
from zhiyuan.performance import verification
from zhiyuan.performance.models import (
    FINAL_STATUSES,
    Notice,
    NoticeKind,
    NoticeTemplate,
    Obligation,
    PaymentReport,
    PaymentStatus,
    Title,
    TitleStatus,
    Urging,
    UrgingStatus,
)
from zhiyuan.performance.services import KIND_OUTCOMES
from zhiyuan.privacy.masking import mask_name

PARTY_PATH = "case__parties__party__id_number_hash"


def titles(user: Any, *, status: str = "", number: str = "") -> QuerySet[Title]:
    """Titles whose case ``user`` may see."""
    qs = scope_of(user).filter(Title.objects.all(), court="case__court", party=PARTY_PATH)
    if status:
        qs = qs.filter(status=status)
    if number:
        qs = qs.filter(case__case_number__contains=number.strip())
    return qs.select_related("case__court").order_by("-effective_on", "-pk")


def title(user: Any, pk: int) -> Title | None:
    """One title in scope, with what its page shows."""
    return (
        titles(user)
        .filter(pk=pk)
        .prefetch_related(
            "obligations", "payments", "notices", "urgings__contacts", "urgings__enforcement_case"
        )
        .first()
    )


#: references of a case's parties on a title by side: A1… (plaintiffs, applicants), R1… (defendants,
#: respondents), T1… (third parties) — the same as a mediation agreement's
REF_PREFIX = {Side.PLAINTIFF: "A", Side.DEFENDANT: "R", Side.THIRD_PARTY: "T"}


def case_parties(case: Case) -> list[dict[str, Any]]:
    """The parties of ``case`` as a title names them: ``ref``, the name the case gives them, identity
    document type and number (decrypted: for the executability rule only, never shown), side, party id."""
    counters: dict[str, int] = {}
    out = []
    links = sorted(
        case.parties.select_related("party").all(),
        key=lambda cp: (Side.values.index(cp.side), cp.position, cp.pk),
    )
    for cp in links:
        counters[cp.side] = counters.get(cp.side, 0) + 1
        out.append(
            {
                "ref": f"{REF_PREFIX[Side(cp.side)]}{counters[cp.side]}",
                "name": cp.name or cp.party.name,
                "id_type": cp.party.id_type,
                "id_number": cp.party.id_number,
                "side": cp.side,
                "party_id": cp.party_id,
            }
        )
    return out


def notice(user: Any, pk: int) -> Notice | None:
    """A notice of a title in scope (for download)."""
    return Notice.objects.filter(pk=pk, title__in=titles(user).values("pk")).select_related("title").first()


def templates(user: Any) -> QuerySet[NoticeTemplate]:
    """The active templates of the user's court."""
    court_id = getattr(user, "court_id", None)
    if court_id is None:
        return NoticeTemplate.objects.none()
    return NoticeTemplate.objects.filter(court_id=court_id, active=True)


def good_faith(user: Any) -> list[dict[str, Any]]:
    """诚信履行名单: every debtor of a title performed on time, without an enforcement case, in scope."""
    rows: list[dict[str, Any]] = []
    qs = titles(user, status=TitleStatus.PERFORMED).filter(on_time=True).prefetch_related("notices")
    for t in qs:
        certificate = next((n for n in t.notices.all() if n.kind == NoticeKind.CERTIFICATE), None)
        for p in t.parties:
            if p.get("role") == "debtor":
                rows.append(
                    {
                        "name": p["name"],
                        "party_id": p.get("party_id"),
                        "title": t,
                        "performed_on": t.performed_on,
                        "certificate": certificate,
                    }
                )
    return rows


def verify(code: str) -> dict[str, Any] | None:
    """Public: what a notice's verification code proves — masked names only. The code as printed or typed
    (any case, with or without its dashes); an older code exactly as printed."""
    possible = verification.candidates(code)
    found = (
        Notice.objects.filter(verification_code__in=possible).select_related("title__case__court").first()
        if possible
        else None
    )
    if found is None:
        return None
    t = found.title
    return {
        "code": found.verification_code,
        "kind": found.kind,
        "number": found.number,
        "issued_on": found.issued_on,
        "court": t.case.court.name,
        "case_number": t.case.case_number,
        "debtors": [mask_name(n) for n in t.role_names("debtor")],
        "creditors": [mask_name(n) for n in t.role_names("creditor")],
        "performed_on": t.performed_on if found.kind == NoticeKind.CERTIFICATE else None,
        "on_time": t.on_time if found.kind == NoticeKind.CERTIFICATE else None,
    }


def _rate(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    return float(
        (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    )


def figures(
    court_ids: list[int] | None, date_from: dt.date | None, date_to: dt.date | None
) -> dict[str, Any]:
    """For the overview. Titles count by effective date, urging periods by application date.

    - ``voluntary_performance_rate`` = performed ÷ titles, where performed = fully performed with no
      enforcement application (status ``performed``);
    - ``urging_success_rate`` = urging periods closed by performance ÷ urging periods opened;
    - ``auto_filed`` = urging periods that lapsed and filed an enforcement case.
    Rates are null when the denominator is zero."""
    ts = Title.objects.all()
    us = Urging.objects.all()
    if court_ids is not None:
        ts = ts.filter(case__court_id__in=court_ids)
        us = us.filter(title__case__court_id__in=court_ids)
    if date_from:
        ts = ts.filter(effective_on__gte=date_from)
        us = us.filter(applied_on__gte=date_from)
    if date_to:
        ts = ts.filter(effective_on__lte=date_to)
        us = us.filter(applied_on__lte=date_to)
    count = ts.count()
    performed = ts.filter(status=TitleStatus.PERFORMED).count()
    opened = us.count()
    urged = us.filter(status=UrgingStatus.PERFORMED).count()
    return {
        "voluntary_performance_rate": _rate(performed, count),
        "urging_success_rate": _rate(urged, opened),
        "titles": count,
        "performed": performed,
        "urging_opened": opened,
        "urging_performed": urged,
        "auto_filed": us.filter(status=UrgingStatus.FILED).count(),
    }


# ------------------------------------------------------------------------------------------ workbench


def payments_to_confirm(user: Any) -> QuerySet[PaymentReport]:
    """Payments reported on titles in ``user``'s scope that wait for court staff to confirm them, the
    oldest first."""
    return (
        PaymentReport.objects.filter(status=PaymentStatus.REPORTED, title__in=titles(user).values("pk"))
        .select_related("title__case")
        .order_by("paid_on", "pk")
    )


def obligations_due(user: Any, until: dt.date | None = None) -> QuerySet[Obligation]:
    """Obligations not yet met on titles in scope still being performed (not final), the earliest due
    first; with ``until``, only those due by then."""
    qs = Obligation.objects.filter(met_on__isnull=True, title__in=titles(user).values("pk")).exclude(
        title__status__in=FINAL_STATUSES
    )
    if until is not None:
        qs = qs.filter(due__lte=until)
    return qs.select_related("title__case").order_by("due", "pk")


def _title_outcomes() -> Q:
    """Cases whose type and closing method make an enforceable title (a family's ``title_outcomes``, as
    ``services.kind_for`` reads them)."""
    named = set().union(*(f.type_codes for f in FAMILIES.values()))
    condition = Q(pk__in=[])
    for family in FAMILIES.values():
        if family.title_outcomes:
            condition |= Q(type_code__in=family.type_codes, closing_method__in=family.title_outcomes)
    if GENERIC.title_outcomes:
        condition |= ~Q(type_code__in=named) & Q(closing_method__in=GENERIC.title_outcomes)
    return condition


def titles_to_enter(user: Any) -> QuerySet[Case]:
    """Cases in scope decided with an enforceable outcome whose title nobody has entered yet (录入执行依据),
    the latest decided first."""
    methods = {m for outcomes in KIND_OUTCOMES.values() for m in outcomes}
    return (
        case_selectors.scoped(user)
        .filter(_title_outcomes(), status=CLOSED, closing_method__in=methods, title__isnull=True)
        .select_related("court")
        .order_by("-closed_on", "pk")
    )


def notices_of(user: Any) -> QuerySet[Notice]:
    """The notices and certificates issued on titles in scope (a party: on their own), the latest first."""
    return (
        Notice.objects.filter(title__in=titles(user).values("pk"))
        .select_related("title__case")
        .order_by("-issued_on", "-pk")
    )
