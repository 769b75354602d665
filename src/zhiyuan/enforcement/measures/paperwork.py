"""Producing the measures' documents and a court's own templates: the DOCX of a measure (its ruling or
assistance notice), of an auction (the announcement) and of a case (enforcement notice, property report
order) from the court's template or the built-in one; a court uploads (replacing) or retires its own.
Issuing a document is audited and, for a measure, kept in its ``document_refs``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import record
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.documents.docx import check_fields, render
from zhiyuan.enforcement.measures import documents, guard
from zhiyuan.enforcement.models import Auction, DocumentTemplate, Measure, MeasureKind
from zhiyuan.law.document_style import signing_date, text_date
from zhiyuan.law.errors import LawError

#: the documents each measure kind has
OF_MEASURE = {
    MeasureKind.FREEZE: ("freeze_ruling", "assistance_notice"),
    MeasureKind.DEDUCTION: ("deduct_ruling", "assistance_notice"),
    MeasureKind.SEAL: ("seal_ruling", "assistance_notice"),
    MeasureKind.SEIZURE: ("seal_ruling", "assistance_notice"),
}
OF_CASE = ("enforcement_notice", "property_report_order")


def _kind(kind: str) -> None:
    if kind not in documents.FIELDS:
        raise LawError(
            "document_kind_unknown",
            f"未知文书类型“{kind}”。",
            f"Unknown document kind '{kind}'. Known: {', '.join(documents.FIELDS)}.",
        )


def template_of(court_id: int, kind: str) -> tuple[bytes, str]:
    """The court's template of ``kind`` and where it comes from (``court`` or ``default``)."""
    _kind(kind)
    own = DocumentTemplate.objects.filter(court_id=court_id, kind=kind).first()
    if own is not None:
        return bytes(own.content), "court"
    return documents.default_template(kind), "default"


def upload_template(user: Any, kind: str, content: bytes, request: Any = None) -> DocumentTemplate:
    """The user's court's own template of ``kind`` (replacing its previous one), checked first."""
    _kind(kind)
    court_id = getattr(user, "court_id", None)
    if court_id is None:
        raise LawError(
            "court_required", "只有法院人员可以上传本院模板。", "Only court staff may upload templates."
        )
    authorize(user, guard.PERMISSION, request)
    used = check_fields(content, documents.FIELDS[kind], documents.REQUIRED[kind])
    who = actor_of(user, request)
    with transaction.atomic():
        made, _ = DocumentTemplate.objects.update_or_create(
            court_id=court_id, kind=kind, defaults={"content": content, "uploaded_by": who.name}
        )
        record(who, "enforcement.measure.template_upload", obj=made, after={"kind": kind, "fields": used})
    return made


def retire_template(user: Any, kind: str, request: Any = None) -> bool:
    """Back to the built-in template of ``kind`` for the user's court. Whether there was one to retire."""
    _kind(kind)
    authorize(user, guard.PERMISSION, request)
    court_id = getattr(user, "court_id", None)
    if court_id is None:
        return False
    with transaction.atomic():
        n, _ = DocumentTemplate.objects.filter(court_id=court_id, kind=kind).delete()
        if n:
            record(actor_of(user, request), "enforcement.measure.template_retire", after={"kind": kind})
    return bool(n)


def _names(case: Case, side: str) -> str:
    links = CaseParty.objects.filter(case=case, side=side).select_related("party").order_by("position")
    return "、".join(link.display_name for link in links)


def common_fields(case: Case, number: str) -> dict[str, str]:
    """The fields every case document shares: court, case number, document number, date, the parties."""
    return {
        "court_name": case.court.name,
        "case_number": case.case_number,
        "document_number": number,
        "issued_on": signing_date(timezone.localdate()),
        "creditors": _names(case, Side.PLAINTIFF),
        "debtors": _names(case, Side.DEFENDANT),
    }


def _citation(citations: list[dict[str, Any]]) -> str:
    return "、".join(f"{c.get('instrument', '')}{c.get('article', '')}" for c in citations[:2]) or "有关法律"


def measure_document(user: Any, measure: Measure, kind: str, request: Any = None) -> bytes:
    """The DOCX ``kind`` of ``measure`` (its ruling or assistance notice); kept in its ``document_refs``."""
    _kind(kind)
    if kind not in OF_MEASURE[MeasureKind(measure.kind)]:
        raise LawError(
            "document_kind_unfit",
            f"{MeasureKind(measure.kind).label}措施没有“{documents.NAMES[kind][0]}”。",
            f"A {measure.kind} measure has no '{kind}'.",
        )
    case = measure.case
    guard.check(user, case, request)
    asset = measure.asset
    with transaction.atomic():
        m = Measure.objects.select_for_update(of=("self",)).get(pk=measure.pk)
        number = f"{case.case_number}之{m.pk}-{len(m.document_refs) + 1}"
        values = {
            **common_fields(case, number),
            "measure_kind": str(MeasureKind(m.kind).label),
            "asset": asset.description if asset else "",
            "asset_class": str(asset.get_asset_class_display()) if asset else "",
            "register_ref": asset.register_ref if asset else "",
            "location": asset.location if asset else "",
            "amount": f"{m.amount:,.2f}" if m.amount is not None else "",
            "starts_on": text_date(m.starts_on) if m.starts_on else "",
            "ends_on": text_date(m.ends_on) if m.ends_on else "",
            "citation": _citation(m.citations),
        }
        template, source = template_of(case.court_id, kind)
        content = render(template, values)
        m.document_refs = [*m.document_refs, {"kind": kind, "number": number, "source": source}]
        m.save(update_fields=["document_refs"])
        record(
            actor_of(user, request),
            "enforcement.measure.document",
            obj=case,
            after={"measure": m.pk, "kind": kind, "number": number, "template": source},
        )
    return content


def auction_document(user: Any, auction: Auction, request: Any = None) -> bytes:
    """The auction's announcement as DOCX."""
    case = auction.asset.case
    guard.check(user, case, request)
    number = f"{case.case_number}拍{auction.pk}"
    values = {
        **common_fields(case, number),
        "asset": auction.asset.description,
        "location": auction.asset.location,
        "round": "一拍" if auction.round == 1 else "二拍",
        "reference_price": f"{auction.reference_price:,.2f}",
        "reserve": f"{auction.reserve:,.2f}",
        "auction_on": text_date(auction.auction_on),
        "announced_on": text_date(auction.announced_on),
        "citation": _citation(auction.citations),
    }
    template, source = template_of(case.court_id, "auction_announcement")
    with transaction.atomic():
        record(
            actor_of(user, request),
            "enforcement.asset.auction_document",
            obj=case,
            after={"auction": auction.pk, "number": number, "template": source},
        )
    return render(template, values)


def case_document(user: Any, case: Case, kind: str, request: Any = None) -> bytes:
    """The case's enforcement notice or property report order as DOCX."""
    if kind not in OF_CASE:
        raise LawError("document_kind_unknown", f"未知文书类型“{kind}”。", f"Unknown document kind '{kind}'.")
    guard.check(user, case, request)
    number = f"{case.case_number}{'通' if kind == 'enforcement_notice' else '报'}"
    values = {**common_fields(case, number), "claim_amount": f"{case.claim_amount or 0:,.2f}"}
    template, source = template_of(case.court_id, kind)
    with transaction.atomic():
        record(
            actor_of(user, request),
            "enforcement.case.document",
            obj=case,
            after={"kind": kind, "template": source},
        )
    return render(template, values)
