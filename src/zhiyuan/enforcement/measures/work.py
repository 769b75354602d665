"""The routine work that measures and disposal give the affairs center (执行事务中心): which task each step
spawns, the daily spawning of renewal tasks for measures entering the expiry calendar, and the batch
action that renews them.

Each task is spawned inside the step's transaction with a source key naming the step, so a step replayed
(or a daily job run twice) spawns nothing twice (``affairs.services.spawn`` is idempotent on the key):

- a seal, seizure or freeze taken by hand → 文书制作: the ruling and the notice of assistance to issue and
  serve on the registry or bank (``measure:<id>:documents``); a waiting seal that takes effect → the same
  for the case now holding the thing;
- a deduction (by hand or a network receipt), a sale at auction or at a set price → 案款发放准备 within
  the law's thirty days (``funds_disbursement``), counted from the day the money came or the sale closed;
- an asset other than money added to the inventory → 评估辅助 (``asset:<id>:valuation``); a reference
  price set → 拍卖辅助 due on the auction rule's latest announcement day when that is known;
- a measure whose last day is at most the calendar's window away → 续行查封、冻结 due on that day
  (``measure:<id>:renewal``), by the daily job ``enforcement.renewal_tasks``; the batch
  ``enforcement.renew_due`` renews every such measure of the court and completes its task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

import zhiyuan.affairs.services as affairs
from zhiyuan.audit.services import Actor
from zhiyuan.enforcement import money_hooks
from zhiyuan.enforcement import task_kinds as kinds
from zhiyuan.enforcement.measures import periods, selectors
from zhiyuan.enforcement.models import Asset, Measure, MeasureKind, MeasureStatus
from zhiyuan.law.errors import LawError

RENEW_DUE = "enforcement.renew_due"
_KIND_ZH = {"seal": "查封", "seizure": "扣押", "freeze": "冻结", "deduction": "扣划"}


def _label(m: Measure) -> str:
    asset = m.asset.description if m.asset is not None else ""
    return f"{_KIND_ZH.get(m.kind, m.kind)} {asset}".strip()


def measure_taken(m: Measure, on: dt.date, who: Actor, *, by_network: bool = False) -> None:
    """A measure was taken (or a waiting one took effect): its documents to issue and serve, unless the
    network carried the order; a deduction's money to pay out."""
    if m.kind == MeasureKind.DEDUCTION:
        money_arrived(m, on, who)
    elif not by_network and m.status == MeasureStatus.ACTIVE:
        affairs.spawn(
            m.case,
            kinds.DOCUMENTS,
            source_key=f"measure:{m.pk}:documents",
            payload={"measure": m.pk, "what": f"{_label(m)}：制作并送达裁定书、协助执行通知书"},
            actor=who,
            on=on,
        )


def renewed(user: Any, old: Measure, new: Measure, request: Any = None) -> None:
    """The officer renewed a measure: its renewal task, if one was spawned and is not someone else's, is
    done."""
    affairs.complete_by_key(user, f"measure:{old.pk}:renewal", f"已续行至 {new.ends_on}", request)


def money_arrived(m: Measure, on: dt.date, who: Actor) -> None:
    """Money deducted into the case's account: the disbursement is due within the law's thirty days; the
    apps registered in ``money_hooks`` (the funds ledger) book it."""
    if m.amount:
        money_hooks.deducted(
            m.case, amount=m.amount, on=on, source=f"measure:{m.pk}", what=_label(m), who=who
        )
    affairs.spawn(
        m.case,
        kinds.DISBURSEMENT,
        source_key=f"measure:{m.pk}:disbursement",
        payload={"measure": m.pk, "amount": str(m.amount or ""), "what": _label(m)},
        actor=who,
        on=on,
    )


def asset_added(a: Asset, on: dt.date, who: Actor) -> None:
    """Property other than money needs a reference price before it can be sold."""
    if a.asset_class not in periods.MONEY and a.asset_class not in periods.DEPOSIT_LIKE:
        affairs.spawn(
            a.case,
            kinds.VALUATION,
            source_key=f"asset:{a.pk}:valuation",
            payload={"asset": a.pk, "what": a.description},
            actor=who,
            on=on,
        )


def price_set(a: Asset, on: dt.date, who: Actor, valuation_id: int) -> None:
    """A reference price was set: the auction is to be prepared."""
    affairs.spawn(
        a.case,
        kinds.AUCTION,
        source_key=f"valuation:{valuation_id}:auction",
        payload={"asset": a.pk, "what": a.description},
        actor=who,
        on=on,
    )


def asset_sold(a: Asset, on: dt.date, who: Actor) -> None:
    """Sold at auction or at a set price: the proceeds are to be paid out within thirty days."""
    affairs.spawn(
        a.case,
        kinds.DISBURSEMENT,
        source_key=f"asset:{a.pk}:disbursement",
        payload={"asset": a.pk, "amount": str(a.outcome_price or ""), "what": a.description},
        actor=who,
        on=on,
    )


def spawn_renewals(today: dt.date, within: int | None = None) -> int:
    """The daily job: a renewal task for every measure in force whose last day is at most ``within``
    days away (the calendar's window), due on that day. Idempotent; returns how many tasks it made."""
    window = selectors.warn_days() if within is None else within
    measures = list(selectors.due(today + dt.timedelta(days=window), open_cases_only=True))
    done = affairs.spawned(f"measure:{m.pk}:renewal" for m in measures)
    who = Actor.system("zhiyuan enforcement")
    made = 0
    for m in measures:
        key = f"measure:{m.pk}:renewal"
        if key in done:
            continue
        affairs.spawn(
            m.case,
            kinds.RENEWAL,
            source_key=key,
            due=m.ends_on,
            payload={"measure": m.pk, "ends_on": str(m.ends_on), "what": _label(m)},
            actor=who,
            on=today,
        )
        made += 1
    return made


# ------------------------------------------------------------------------------------------- batch


def _clean_days(raw: Mapping[str, Any]) -> dict[str, Any]:
    text = str(raw.get("days") or selectors.warn_days()).strip()
    if not text.isdigit() or not 0 <= int(text) <= selectors.MAX_WARN_DAYS:
        raise LawError(
            "days_invalid",
            f"天数须为 0 至 {selectors.MAX_WARN_DAYS} 的整数。",
            f"Days must be a whole number from 0 to {selectors.MAX_WARN_DAYS}.",
            field="days",
        )
    return {"days": int(text)}


def _select_due(court_id: int, params: Mapping[str, Any]) -> list[int]:
    last = timezone.localdate() + dt.timedelta(days=int(params["days"]))
    return list(
        selectors.due(last, open_cases_only=True)
        .filter(court_id=court_id)
        .values_list("case_id", flat=True)
        .distinct()
    )


def _renew_case(case_id: int, params: Mapping[str, Any], user: Any, who: Actor) -> str:
    """Renew the case's measures due within the window today, and complete their renewal tasks."""
    from zhiyuan.enforcement.measures import services

    today = timezone.localdate()
    last = today + dt.timedelta(days=int(params["days"]))
    renewed = []
    for m in selectors.due(last).filter(case_id=case_id):
        new = services.renew(user, m, today)
        renewed.append(f"{_label(m)} → {new.ends_on}")
        affairs.complete_by_key(user, f"measure:{m.pk}:renewal", f"已续行至 {new.ends_on}")
    if not renewed:
        return "无到期措施（已续行或已解除）\nNothing due (renewed or released meanwhile)"
    return f"已续行：{'；'.join(renewed)}\nRenewed: {len(renewed)}"


def register() -> None:
    """Declare the renewal batch (from ``EnforcementConfig.ready``)."""
    affairs.register_batch_action(
        affairs.BatchAction(
            RENEW_DUE,
            "批量续行即将到期的查封、扣押、冻结",
            "Renew every seal, seizure and freeze due soon",
            affairs.CASE,
            select=_select_due,
            run_one=_renew_case,
            clean=_clean_days,
            permission="enforcement:measure",
            fields=("days",),
            description_zh="本院在所填天数内到期的查封、扣押、冻结，以今日为续行日逐案续行法定最长期限，并办结对应的续行任务；每案一个事务，某案被拒不影响其他案件。",
            description_en="Renews, from today and for the longest legal period, every seal, seizure and freeze of the "
            "court that ends within the days given, case by case, and completes the renewal tasks; each case is "
            "its own transaction, so one refusal leaves the others renewed.",
        )
    )
