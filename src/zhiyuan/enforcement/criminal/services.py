"""The criminal trial division transfers the property parts of an effective criminal judgment for
enforcement (移送执行, Arts 6–8 of the 2014 provisions): the transfer form's items (fines, confiscation,
restitution, recovery, and the civil debts Art 13 ranks), the defendant, the victims, the property leads
and the property already sealed, seized or frozen in the criminal proceedings.

One transaction: the enforcement case (执) is filed at the first-instance court (Art 2) as a derivative
of the criminal case in its dispute graph, the victims become its applicants and the defendant its debtor,
and the seized property enters its inventory with its measures and their dates (Art 5: the court renews
them before they lapse, keeping their rank). 审执分离: only a trial user (``trial:transfer``) of the
criminal case's court transfers; the enforcement division takes the case from there. A judgment is
transferred once, from its first instance or an appeal: a second transfer, or a parallel one, is refused
(``already_transferred``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize_in_scope, refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import PartyIn, carried_over, log_node
from zhiyuan.enforcement.criminal import rules
from zhiyuan.enforcement.models import (
    Asset,
    AssetClass,
    CriminalTransfer,
    ItemKind,
    Measure,
    MeasureKind,
    MeasureStatus,
    TransferItem,
)
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.text import ID_NUMBER_MAX, NOTE_MAX, NOTES_MAX, check_text
from zhiyuan.law.errors import LawError

TRANSFER = "trial:transfer"
MAX_ITEMS = 50
MAX_SEIZED = 100
#: the measures an investigating organ or the trial court may have taken on property (not 扣划)
SEIZED_MEASURES = (MeasureKind.SEAL, MeasureKind.SEIZURE, MeasureKind.FREEZE)
NODES = {
    "criminal_transferred": "移送执行（刑事裁判涉财产部分）",
    "criminal_received": "刑事裁判涉财产部分移送立案",
    "criminal_property_carried": "随案移送已查封、扣押、冻结的财产",
}


def _error(code: str, zh: str, en: str, field: str = "") -> LawError:
    return LawError(code, zh, en, field=field) if field else LawError(code, zh, en)


def _text(value: Any, field: str, max_length: int, *, required: bool = False, multiline: bool = False) -> str:
    text = check_text(str(value or ""), field=field, max_length=max_length, multiline=multiline).strip()
    if required and not text:
        raise _error("field_required", f"请填写“{field}”。", f"'{field}' is required.", field)
    return text


def _date(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise _error("field_required", f"请填写“{field}”。", f"'{field}' is required.", field)
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _error(
            "invalid_date",
            f"“{field}”日期无效，应为 YYYY-MM-DD。",
            f"'{field}' is not a date (YYYY-MM-DD).",
            field,
        ) from None


def _rows(raw: Any, field: str, most: int) -> list[Mapping[str, Any]]:
    rows = (
        list(raw or []) if isinstance(raw, Iterable) and not isinstance(raw, str | bytes | Mapping) else None
    )
    if rows is None or not all(isinstance(r, Mapping) for r in rows):
        raise _error("invalid_list", f"“{field}”应为列表。", f"'{field}' must be a list of entries.", field)
    if len(rows) > most:
        raise _error(
            "too_many_entries",
            f"“{field}”至多 {most} 项。",
            f"'{field}' holds at most {most} entries.",
            field,
        )
    return rows


def _item(i: int, raw: Mapping[str, Any]) -> dict[str, Any]:
    """One item of the transfer form, checked (Art 6: the amount or the property's value is definite)."""
    field = f"items[{i}]"
    kind = str(raw.get("kind") or "")
    if kind not in ItemKind.values:
        raise _error(
            "item_kind_invalid",
            f"第 {i + 1} 项的执行事项无效。",
            f"Item {i + 1}: unknown kind (one of {', '.join(ItemKind.values)}).",
            f"{field}.kind",
        )
    amount = clean_amount(raw.get("amount"), f"{field}.amount", allow_zero=False)
    if amount is None:
        raise _error(
            "item_amount_required",
            f"第 {i + 1} 项须载明金额（财物载明其价值）。",
            f"Item {i + 1} needs its amount (the value of property named in kind).",
            f"{field}.amount",
        )
    victim = raw.get("victim") or None
    if victim is not None and not isinstance(victim, Mapping):
        raise _error("victim_invalid", "被害人信息无效。", "The victim is not valid.", f"{field}.victim")
    if kind in rules.TO_VICTIM and victim is None:
        raise _error(
            "victim_required",
            f"第 {i + 1} 项（{ItemKind(kind).label}）须载明被害人。",
            f"Item {i + 1} ({kind}) is owed to a victim: name the victim.",
            f"{field}.victim",
        )
    if kind in rules.TO_TREASURY and victim is not None:
        raise _error(
            "victim_not_allowed",
            f"第 {i + 1} 项（{ItemKind(kind).label}）上缴国库，不列被害人。",
            f"Item {i + 1} ({kind}) is paid to the treasury; it names no victim.",
            f"{field}.victim",
        )
    secured = raw.get("secured") in (True, "true", "1", "on")
    if secured and victim is None:
        raise _error(
            "secured_not_allowed",
            f"第 {i + 1} 项不是对债权人的给付，不能主张优先受偿。",
            f"Item {i + 1} is owed to no creditor; it cannot be secured.",
            f"{field}.secured",
        )
    person = None
    if victim is not None:
        person = PartyIn(
            _text(victim.get("name"), f"{field}.victim.name", 200, required=True),
            Side.PLAINTIFF,
            _text(victim.get("id_number"), f"{field}.victim.id_number", ID_NUMBER_MAX),
            phone=_text(victim.get("phone"), f"{field}.victim.phone", 40),
        )
    return {
        "kind": kind,
        "amount": amount,
        "description": _text(raw.get("description"), f"{field}.description", 200),
        "victim": person,
        "secured": secured,
    }


def _seized(i: int, raw: Mapping[str, Any], transferred_on: dt.date) -> dict[str, Any]:
    """One piece of property sealed, seized or frozen in the criminal proceedings (Art 7 (四)), with its
    measure's dates where they are known."""
    field = f"seized[{i}]"
    asset_class = str(raw.get("asset_class") or "")
    if asset_class not in AssetClass.values:
        raise _error(
            "asset_class_invalid", "未知的财产类别。", "Unknown asset class.", f"{field}.asset_class"
        )
    measure = str(raw.get("measure") or "")
    if measure not in SEIZED_MEASURES:
        raise _error(
            "measure_kind_invalid",
            "控制措施应为查封、扣押或冻结。",
            "The measure is a seal, a seizure or a freeze.",
            f"{field}.measure",
        )
    starts_on = _date(raw.get("starts_on"), f"{field}.starts_on", required=False)
    ends_on = _date(raw.get("ends_on"), f"{field}.ends_on", required=False)
    if starts_on is not None and starts_on > transferred_on:
        raise _error(
            "measure_after_transfer",
            "控制措施的起始日不能晚于移送日期。",
            "A measure cannot start after the transfer.",
            f"{field}.starts_on",
        )
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise _error(
            "measure_dates_reversed",
            "届满日不能早于起始日。",
            "The measure ends before it starts.",
            f"{field}.ends_on",
        )
    return {
        "asset_class": asset_class,
        "description": _text(raw.get("description"), f"{field}.description", 200, required=True),
        "register_ref": _text(raw.get("register_ref"), f"{field}.register_ref", 100),
        "location": _text(raw.get("location"), f"{field}.location", 200),
        "estimated_value": clean_amount(raw.get("estimated_value"), f"{field}.estimated_value"),
        "measure": measure,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "authority": _text(raw.get("authority"), f"{field}.authority", 100),
    }


def _defendant(case: Case, party_id: Any) -> CaseParty:
    links = list(CaseParty.objects.filter(case=case, side=Side.DEFENDANT).select_related("party"))
    if party_id in (None, "") and len(links) == 1:
        return links[0]
    found = [cp for cp in links if str(cp.party_id) == str(party_id)]
    if not found:
        raise _error(
            "defendant_required" if party_id in (None, "") else "defendant_unknown",
            "请选定本案的被告人作为被执行人。",
            "Name a defendant of the criminal case as the judgment debtor.",
            "defendant_id",
        )
    return found[0]


def _first_instance(case: Case) -> Case:
    """The case whose court enforces (Art 2): the criminal case itself, or the first instance of an appeal."""
    if case.type_code == "刑初":
        return case
    if case.origin is not None and case.origin.type_code == "刑初":
        return case.origin
    raise _error(
        "first_instance_unknown",
        "二审刑事案件须关联其一审案件，方可确定执行法院（由第一审人民法院执行）。",
        "An appeal must be linked to its first instance to know the enforcing court (the first-instance court enforces).",
    )


def _judgment(first: Case) -> list[int]:
    """The cases of one criminal judgment: the first instance and its appeals (a judgment is transferred
    once, whichever of them the trial division transfers)."""
    appeals = Case.objects.filter(origin=first, type_code="刑终").values_list("pk", flat=True)
    return [first.pk, *appeals]


def _refuse_twice(case: Case) -> LawError:
    done = (
        CriminalTransfer.objects.filter(criminal_case_id__in=_judgment(_first_instance(case)))
        .select_related("enforcement_case")
        .first()
    )
    number = done.enforcement_case.case_number if done is not None else ""
    return LawError(
        "already_transferred",
        f"该刑事案件已移送执行（{number}），不能重复移送。",
        f"This criminal case was already transferred for enforcement ({number}).",
    )


def transfer(
    user: Any,
    criminal_case: Case,
    *,
    effective_on: Any,
    transferred_on: Any,
    items: Any,
    seized: Any = (),
    defendant_id: Any = None,
    property_leads: str = "",
    note: str = "",
    request: Any = None,
) -> CriminalTransfer:
    """Transfer the judgment's property parts: check the form, file the enforcement case, carry the seized
    property over. Refused before anything is written when the form is incomplete or inconsistent."""
    authorize_in_scope(user, TRANSFER, criminal_case, request)
    if getattr(user, "court_id", None) != criminal_case.court_id:
        raise refuse(
            user,
            "transfer_not_own_court",
            "只有作出裁判的法院的刑事审判部门可以移送执行。",
            "Only the trial division of the court that decided the case transfers it.",
            request,
            criminal_case,
        )
    if criminal_case.type_code not in rules.CRIMINAL_TITLES:
        raise _error(
            "not_criminal_judgment",
            "只有刑事案件（刑初、刑终）的裁判可以移送执行涉财产部分。",
            "Only a criminal judgment (刑初 or 刑终) has property parts to transfer.",
        )
    effective = _date(effective_on, "effective_on")
    on = _date(transferred_on, "transferred_on")
    assert effective is not None
    assert on is not None
    decided = criminal_case.closed_on or criminal_case.filed_on
    if effective < decided or on < effective:
        raise _error(
            "transfer_dates_invalid",
            "裁判生效日期不能早于立案日期或裁判（结案）日期，移送日期不能早于生效日期。",
            "The judgment takes effect after filing and after it is pronounced (closing), and is transferred "
            "after it takes effect.",
            "transferred_on",
        )
    if on > timezone.localdate():
        raise _error(
            "transfer_in_future",
            "移送日期不能晚于今天。",
            "The transfer cannot be dated later than today.",
            "transferred_on",
        )
    rows = [_item(i, r) for i, r in enumerate(_rows(items, "items", MAX_ITEMS))]
    if not rows:
        raise _error(
            "items_required", "请至少列明一项执行事项。", "List at least one item to enforce.", "items"
        )
    property_rows = [_seized(i, r, on) for i, r in enumerate(_rows(seized, "seized", MAX_SEIZED))]
    leads = _text(property_leads, "property_leads", NOTES_MAX, multiline=True)
    remark = _text(note, "note", NOTE_MAX, multiline=True)
    defendant = _defendant(criminal_case, defendant_id)
    enforcing = _first_instance(criminal_case)
    if CriminalTransfer.objects.filter(criminal_case_id__in=_judgment(enforcing)).exists():
        raise _refuse_twice(criminal_case)
    who = actor_of(user, request)
    try:
        with transaction.atomic():
            made = _write(
                user,
                who,
                criminal_case,
                enforcing,
                defendant,
                rows,
                property_rows,
                effective,
                on,
                leads,
                remark,
            )
    except IntegrityError:
        if CriminalTransfer.objects.filter(criminal_case_id__in=_judgment(enforcing)).exists():
            raise _refuse_twice(criminal_case) from None
        raise
    return made


def _victims(rows: list[dict[str, Any]]) -> list[PartyIn]:
    """The victims as applicants, each once (by identity number, else by name)."""
    seen: dict[str, PartyIn] = {}
    for r in rows:
        person = r["victim"]
        if person is not None:
            seen.setdefault(person.id_number or person.name, person)
    return list(seen.values())


def _write(
    user: Any,
    who: Actor,
    criminal_case: Case,
    enforcing: Case,
    defendant: CaseParty,
    rows: list[dict[str, Any]],
    property_rows: list[dict[str, Any]],
    effective: dt.date,
    on: dt.date,
    leads: str,
    remark: str,
) -> CriminalTransfer:
    # the first instance's row is the lock a parallel transfer of the judgment (from its first instance or
    # an appeal) waits on (PostgreSQL; SQLite writes one at a time)
    Case.objects.select_for_update().filter(pk=enforcing.pk).first()
    if CriminalTransfer.objects.filter(criminal_case_id__in=_judgment(enforcing)).exists():
        raise _refuse_twice(criminal_case)
    total = sum((r["amount"] for r in rows), Decimal("0.00"))
    victims = _victims(rows)
    case = cases.file_case(
        None,
        court_code=enforcing.court_code,
        type_code="执",
        filed_on=on,
        parties_in=[*victims, carried_over(defendant)],
        cause=criminal_case.cause_text,
        claim_amount=total,
        origin=criminal_case,
        actor=who,
    )
    links = list(CaseParty.objects.filter(case=case).order_by("position").select_related("party"))
    by_person = {(p.id_number or p.name): links[n].party for n, p in enumerate(victims)}
    debtor = links[len(victims)].party
    citations = rules.citations(rules.ART_1, rules.ART_2, rules.ART_6, rules.ART_7, rules.ART_8)
    made = CriminalTransfer.objects.create(
        criminal_case=criminal_case,
        enforcement_case=case,
        defendant=debtor,
        effective_on=effective,
        transferred_on=on,
        property_leads=leads,
        note=remark,
        total=total,
        citations=citations,
        transferred_by_id=user.pk,
        transferred_by_name=user.get_full_name()[:150],
    )
    for position, r in enumerate(rows):
        person = r["victim"]
        TransferItem.objects.create(
            transfer=made,
            position=position,
            kind=r["kind"],
            amount=r["amount"],
            description=r["description"],
            victim=by_person[person.id_number or person.name] if person is not None else None,
            secured=r["secured"],
        )
    made.seized = [_carry(case, criminal_case, debtor, p, on, who) for p in property_rows]
    made.save(update_fields=["seized"])
    after = {
        "transfer": made.pk,
        "enforcement_case": case.case_number,
        "total": str(total),
        "items": [{"kind": r["kind"], "amount": str(r["amount"])} for r in rows],
        "seized": len(property_rows),
    }
    record(who, "enforcement.criminal.transfer", obj=criminal_case, after=after)
    log_node(criminal_case, "criminal_transferred", on, who, {"case": case.case_number, "total": str(total)})
    log_node(case, "criminal_received", on, who, {"case": criminal_case.case_number, "total": str(total)})
    return made


def _carry(
    case: Case, criminal_case: Case, owner: Any, p: dict[str, Any], on: dt.date, who: Actor
) -> dict[str, Any]:
    """One seized piece into the inventory with its measure (lapsed when its period ended before the transfer)."""
    asset = Asset.objects.create(
        case=case,
        asset_class=p["asset_class"],
        description=p["description"],
        register_ref=p["register_ref"],
        location=p["location"],
        estimated_value=p["estimated_value"],
        owner=owner,
    )
    lapsed = p["ends_on"] is not None and p["ends_on"] < on
    measure = Measure.objects.create(
        case=case,
        asset=asset,
        court=criminal_case.court,
        kind=p["measure"],
        starts_on=p["starts_on"],
        ends_on=p["ends_on"],
        first_start=p["starts_on"],
        status=MeasureStatus.LAPSED if lapsed else MeasureStatus.ACTIVE,
        ended_on=p["ends_on"] if lapsed else None,
        citations=rules.citations(rules.ART_5),
    )
    kept = {
        "asset": asset.pk,
        "measure": measure.pk,
        "asset_class": p["asset_class"],
        "description": p["description"],
        "measure_kind": p["measure"],
        "starts_on": p["starts_on"].isoformat() if p["starts_on"] else None,
        "ends_on": p["ends_on"].isoformat() if p["ends_on"] else None,
        "authority": p["authority"],
        "lapsed": lapsed,
    }
    record(who, "enforcement.criminal.carry", obj=case, after=kept)
    log_node(case, "criminal_property_carried", on, who, {"asset": p["description"], "measure": p["measure"]})
    return kept
