"""Bulk intake: a CSV file of disputes, one a row, delegated all together or not at all.

Columns (UTF-8, header row): ``applicants`` and ``respondents`` (``name [id_type] id_number`` entries
separated by ``;``: the number and its type are optional; the type, an identifier of
``zhiyuan.law.identity.ID_TYPES`` or its Chinese name such as 护照, is needed where the number's shape does
not say it, e.g. for a passport), ``description``, ``region``, ``claim_amount``, ``cause``, ``focus_type`` (empty: the suggested
one), ``organization`` and ``mediator`` (empty: the first recommendation), ``override_reason``. Every row
is checked and delegated in one transaction; any refused row refuses the file, with a row-level report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zhiyuan.accounts.policy import authorize
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.models import Court
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.law.errors import LawError
from zhiyuan.law.identity import id_type_of
from zhiyuan.mediation import recommending, services, suggesting
from zhiyuan.parties import services as parties

COLUMNS = (
    "applicants", "respondents", "description", "region", "claim_amount", "cause", "focus_type",
    "organization", "mediator", "override_reason",
)  # fmt: skip
REQUIRED = ("applicants", "respondents", "description")


def looks_like_id(text: str, id_type: str = "") -> bool:
    """Is ``text`` a valid number of the identity document ``id_type`` ("": one its shape names)?"""
    try:
        parties.identify(text.strip(), id_type)
    except LawError:
        return False
    return bool(text.strip())


def _document_type(word: str) -> str:
    """The document type ``word`` names (``passport``, 护照, 台胞证 …), or ""."""
    try:
        return id_type_of(word)
    except LawError:
        return ""


def parse_parties(text: str, side: str) -> list[PartyIn]:
    """``张三 110105…; 某公司 91520…; John Smith 护照 E1234567`` → parties on ``side`` (the number is optional;
    its document type precedes it where the number's shape does not say it). A named type whose number
    does not check out is refused (``id_number_invalid``)."""
    out = []
    for chunk in text.replace("；", ";").split(";"):
        bits = chunk.split()
        if not bits:
            continue
        id_type = _document_type(bits[-2]) if len(bits) > 2 else ""
        if id_type:  # a type was named: its number must check out (id_number_invalid otherwise)
            parties.identify(bits[-1], id_type)
            out.append(PartyIn(" ".join(bits[:-2]), side, bits[-1], id_type))
        elif len(bits) > 1 and looks_like_id(bits[-1]):
            out.append(PartyIn(" ".join(bits[:-1]), side, bits[-1]))
        else:
            out.append(PartyIn(" ".join(bits), side, ""))
    return out


@dataclass(frozen=True)
class RowResult:
    """One row's outcome: the case number delegated, or the error."""

    row: int
    case_number: str = ""
    organization: str = ""
    error: dict[str, Any] | None = None


def _row(actor_user: Any, court: Court, on: dt.date, row: dict[str, str], request: Any) -> RowResult | None:
    missing = [c for c in REQUIRED if not (row.get(c) or "").strip()]
    if missing:
        raise LawError("column_missing", f"缺少：{', '.join(missing)}。", f"Missing: {', '.join(missing)}.")
    focus = (row.get("focus_type") or "").strip() or suggesting.suggest(row["description"]).focus_type
    cause = (row.get("cause") or "").strip() or suggesting.suggest(row["description"]).cause
    region = (row.get("region") or "").strip()
    org, mediator = (row.get("organization") or "").strip(), (row.get("mediator") or "").strip()
    if not org:
        recs = recommending.recommend(court=court, focus_type=focus, region=region, on=on)
        if not recs:
            raise LawError(
                "no_recommendation",
                "没有可推荐的调解组织，请填写 organization。",
                "No organization to recommend; fill in 'organization'.",
            )
        org, mediator = recs[0].organization.code, recs[0].mediator.code if recs[0].mediator else ""
    m = services.delegate(
        actor_user,
        court_code=court.code,
        applicants=parse_parties(row["applicants"], "plaintiff"),
        respondents=parse_parties(row["respondents"], "defendant"),
        description=row["description"],
        focus_type=focus,
        organization_code=org,
        mediator_code=mediator,
        cause=cause,
        region=region,
        claim_amount=clean_amount(row.get("claim_amount"), "claim_amount"),
        override_reason=row.get("override_reason") or "",
        on=on,
        request=request,
    )
    return RowResult(0, m.case.case_number, m.organization.code)


def bulk_delegate(
    actor_user: Any, *, court_code: str, on: dt.date, content: str, request: Any = None
) -> dict[str, Any]:
    """Delegate every row of the CSV (``mediation:delegate``); all rows or none. Returns
    ``{"delegated": n, "rows": [...], "errors": n}``; with errors nothing is written."""
    if actor_user is not None:
        authorize(actor_user, "mediation:delegate", request)
    court = Court.objects.filter(code=court_code).first()
    if court is None:
        raise LawError(
            "unknown_court", f"未知法院代字“{court_code}”。", f"Unknown court code '{court_code}'."
        )
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    unknown = sorted(set(reader.fieldnames or ()) - set(COLUMNS))
    absent = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
    if unknown or absent:
        raise LawError(
            "columns_invalid",
            f"列名有误：未知 {unknown}，缺少 {absent}。",
            f"Bad header: unknown {unknown}, missing {absent}.",
        )
    results: list[RowResult] = []
    with transaction.atomic():
        for number, row in enumerate(reader, start=2):
            try:
                with transaction.atomic():
                    done = _row(actor_user, court, on, row, request)
            except LawError as err:
                results.append(RowResult(number, error=err.as_dict()))
            else:
                assert done is not None
                results.append(RowResult(number, done.case_number, done.organization))
        errors = sum(r.error is not None for r in results)
        if errors:
            transaction.set_rollback(True)
    return {
        "delegated": 0 if errors else len(results),
        "errors": errors,
        "rows": [
            {
                "row": r.row,
                "case_number": "" if errors else r.case_number,
                "organization": r.organization,
                "error": r.error,
            }
            for r in results
        ],
    }
