"""What the dispatch and order services share: the court tree checks, who acts, and the errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from zhiyuan.accounts.policy import authorize_any, refuse
from zhiyuan.accounts.selectors import actor as actor_of
from zhiyuan.audit.services import Actor
from zhiyuan.courts.models import Court
from zhiyuan.inputs.text import check_text
from zhiyuan.law.errors import LawError

DISPATCH = "command:dispatch"
#: who answers for the receiving court: its enforcement officers, its command center or president
ANSWER = frozenset({"enforcement:handle", DISPATCH})
#: how far ahead an order's due date may lie
MAX_DUE_DAYS = 366


def who(user: Any, request: Any = None) -> Actor:
    """The audit actor."""
    return actor_of(user, request)


def ancestors(court: Court) -> list[int]:
    """The ids of the courts above ``court``, nearest first (the tree is at most four levels deep)."""
    out: list[int] = []
    parent_id = court.parent_id
    while parent_id is not None and parent_id not in out:
        out.append(parent_id)
        parent_id = Court.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return out


def above(upper_id: int, court: Court) -> bool:
    """Is the court ``upper_id`` strictly above ``court``?"""
    return upper_id in ancestors(court)


def court_by_code(code: str, field: str) -> Court:
    """The court with this code; ``unknown_court`` otherwise."""
    found = Court.objects.filter(code=(code or "").strip()).first() if isinstance(code, str) else None
    if found is None:
        raise LawError(
            "unknown_court", f"未知法院代字“{code}”。", f"Unknown court code '{code}'.", field=field
        )
    return found


def own_court(user: Any, request: Any = None) -> Court:
    """The user's court; an audited refusal when the account belongs to none."""
    court: Court | None = getattr(user, "court", None) if getattr(user, "court_id", None) else None
    if court is None:
        raise refuse(
            user, "no_court", "您的账号不属于任何法院。", "Your account belongs to no court.", request
        )
    return court


def answering(user: Any, court_id: int, request: Any, obj: object) -> None:
    """Only the receiving court's users answer (its officers, command center or president)."""
    authorize_any(user, ANSWER, request, obj=obj)
    if getattr(user, "court_id", None) != court_id:
        raise refuse(
            user,
            "not_receiving_court",
            "只有承办（受理）法院的人员可以办理。",
            "Only the receiving court's staff may act on this.",
            request,
            obj,
        )


def text(value: Any, field: str, max_length: int, *, required: bool = True, multiline: bool = False) -> str:
    """A checked text input (stripped); ``text_required`` when it must be given and is empty."""
    cleaned = check_text(str(value or "").strip(), field=field, max_length=max_length, multiline=multiline)
    if required and not cleaned:
        raise LawError("text_required", f"请填写“{field}”。", f"'{field}' is required.", field=field)
    return cleaned


def changed_meanwhile() -> LawError:
    """Another user acted first (the row was locked and found moved on)."""
    return LawError(
        "concurrent_change", "已被他人处理，请刷新后查看。", "Someone else acted on it meanwhile; reload."
    )


def not_before(on: dt.date, earliest: dt.date, field: str = "on") -> None:
    """A date may not precede the record it answers, nor lie in the future (what happened is recorded on
    the day it happened or later)."""
    if on > timezone.localdate():
        raise LawError(
            "date_in_future", "日期不得晚于今天。", "The date may not be later than today.", field=field
        )
    if on < earliest:
        raise LawError(
            "date_before_start",
            f"日期不得早于 {earliest.isoformat()}。",
            f"The date may not be before {earliest.isoformat()}.",
            field=field,
        )
