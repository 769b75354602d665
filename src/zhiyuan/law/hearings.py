"""Enforcement hearings (执行听证, ``zhiyuan law hearing``): which matters may or must be heard, and whether
every participant was served in time to hold the hearing.

The matters and the notice period are dated parameters (``params/hearings.yaml``): the default list cites
the SPC rules on objections and reconsiderations (执行异议复议规定 Arts 11–12, wording UNVERIFIED) and the
notice period (three days) the Guizhou opinion on enforcement hearings (UNVERIFIED). A participant served on
day D may be heard on day H when H − D ≥ the notice days; one not served at all, or served later, blocks the
hearing (``not_served``). The values in force on the hearing day apply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.parameters import ParameterBook

MATTERS = "hearings.matters"
NOTICE_DAYS = "hearings.notice_days"


@dataclass(frozen=True, slots=True)
class Matter:
    """One matter of the list: code, names, whether it must be heard, the article it rests on."""

    code: str
    zh: str
    en: str
    must_hear: bool
    citation: str

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "code": self.code,
            "name_zh": self.zh,
            "name_en": self.en,
            "must_hear": self.must_hear,
            "citation": self.citation,
        }


def matters(params: ParameterBook, on: dt.date | None = None) -> list[Matter]:
    """The matters in force on ``on`` (the latest list when None), in the list's order."""
    return [
        Matter(str(m["code"]), str(m["zh"]), str(m["en"]), bool(m["must_hear"]), str(m["citation"]))
        for m in params[MATTERS].at(on)
    ]


def matter(code: str, params: ParameterBook, on: dt.date | None = None) -> Matter:
    """The matter ``code`` in force on ``on``; ``hearing_matter_unknown`` otherwise."""
    for m in matters(params, on):
        if m.code == code:
            return m
    known = ", ".join(m.code for m in matters(params, on))
    raise LawError(
        "hearing_matter_unknown",
        f"未知的听证事项“{code}”。可选：{known}。",
        f"Unknown hearing matter '{code}'. Known: {known}.",
        field="matter",
    )


def notice_days(params: ParameterBook, on: dt.date) -> int:
    """How many days before ``on`` every participant must have been served."""
    return int(params[NOTICE_DAYS].at(on))


def latest_service(hearing_on: dt.date, params: ParameterBook) -> dt.date:
    """The last day a participant may be served for a hearing on ``hearing_on``."""
    return hearing_on - dt.timedelta(days=notice_days(params, hearing_on))


def citations(params: ParameterBook) -> list[Citation]:
    """What the rule rests on."""
    return [params[MATTERS].citation, params[NOTICE_DAYS].citation]


def served_in_time(served_on: dt.date | None, hearing_on: dt.date, params: ParameterBook) -> bool:
    """Was a participant served on ``served_on`` (None: not served) in time for ``hearing_on``?"""
    return served_on is not None and served_on <= latest_service(hearing_on, params)


def check(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law hearing``: ``{matter, hearing_on, participants: [{id, served_on|null}]}`` → the matter
    (must it be heard), the notice days, the last day of service, which participants were not served in
    time, and whether the hearing may be held."""
    data = require_fields(facts, "matter", "hearing_on", "participants")
    hearing_on = parse_date(data["hearing_on"], "hearing_on")
    m = matter(str(data["matter"]), params, hearing_on)
    people = data["participants"]
    if not isinstance(people, list):
        raise LawError(
            "participants_not_list",
            "participants 应为数组。",
            "participants must be a list.",
            field="participants",
        )
    late = []
    for i, p in enumerate(people):
        if not isinstance(p, dict) or "id" not in p:
            raise LawError(
                "participant_invalid",
                f"第 {i + 1} 个参加人须为含 id 的对象。",
                f"Participant {i + 1} must be an object with an id.",
                field="participants",
            )
        raw = p.get("served_on")
        served = None if raw is None else parse_date(raw, f"participants.{i}.served_on")
        if not served_in_time(served, hearing_on, params):
            late.append(p["id"])
    return {
        "matter": m.as_dict(),
        "notice_days": notice_days(params, hearing_on),
        "latest_service_on": latest_service(hearing_on, params).isoformat(),
        "not_served": late,
        "may_hold": not late and bool(people),
        **cite(citations(params)),
    }
