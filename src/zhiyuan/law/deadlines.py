"""Statutory deadlines (民法典 Arts 200–204, 1259).

Day periods exclude the start day; month and year periods end on the corresponding day (the month's
last day when there is none); working-day periods count working days only. What happens to a last day
that is not a working day depends on the kind of period (``kind`` in ``params/deadlines.yaml``):

- ``act``: a period within which an act must be done moves to the next working day (民法典 Art 203;
  make-up working days count as working days);
- ``sanction`` (a listing's duration) and ``measure`` (the lifetime of a seal or freeze) end on their last
  day, never later;
- ``waiting``: a time that must have passed (已超过) before an act is allowed; ``due`` is the first day on
  which more than the period has passed, the day after its last day (Art 1259: 超过 excludes the number).

The enforcement application period takes interruptions, suspensions and instalments; seals and freezes
take renewals, each within the cap of the version in force on the renewal date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from zhiyuan.law.calendar import ONE_DAY, LegalCalendar, add_months
from zhiyuan.law.citations import CIVIL_CODE_PERIODS, Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.parameters import Parameter, ParameterBook

PREFIX = "deadlines."
PERIODS = "periods."
UNITS = ("day", "working_day", "month", "year")
KINDS = ("act", "sanction", "measure", "waiting")
MORE_THAN = Citation("《中华人民共和国民法典》", "第一千二百五十九条", note="“超过”不包括本数")
LIMITATION_FIELDS = ("interruptions", "suspensions", "instalments", "last_instalment_due")
MEASURE_FIELDS = ("renewals",)


@dataclass(frozen=True, slots=True)
class Period:
    """A period length: ``amount`` of ``unit``; ``roll`` moves a non-working last day forward."""

    amount: int
    unit: str
    roll: bool = True
    kind: str = "act"

    @classmethod
    def from_value(cls, value: Mapping[str, Any]) -> Period:
        """From a parameter value: ``kind`` decides rolling (older files give ``roll`` alone)."""
        kind = str(value.get("kind") or ("act" if value.get("roll", True) else "measure"))
        return cls(int(value["amount"]), str(value["unit"]), kind == "act", kind)

    def as_dict(self) -> dict[str, Any]:
        """The ``period`` field of a result."""
        return {"amount": self.amount, "unit": self.unit, "kind": self.kind}


def period_end(start: dt.date, period: Period, cal: LegalCalendar) -> dt.date:
    """The last day of ``period`` from ``start``, before any move off a holiday."""
    if period.unit == "working_day":
        return cal.add_working_days(start, period.amount)
    if period.unit == "day":
        return start + dt.timedelta(days=period.amount)
    if period.unit == "month":
        return add_months(start, period.amount)
    if period.unit == "year":
        return add_months(start, 12 * period.amount)
    raise ValueError(period.unit)  # pragma: no cover - parameter files are validated by the scenarios


def waiting_due(start: dt.date, period: Period, cal: LegalCalendar) -> dt.date:
    """The first day on which more than ``period`` has passed since ``start`` (已超过): the day after the
    period's last day (民法典 Art 1259: 超过 excludes the number), never moved for holidays."""
    return period_end(start, period, cal) + ONE_DAY


def due_date(start: dt.date, period: Period, cal: LegalCalendar) -> tuple[dt.date, dt.date | None]:
    """Last day of ``period`` from ``start``, and the unrolled date when rolling moved it."""
    end = period_end(start, period, cal)
    if period.roll and period.unit != "working_day":
        rolled = cal.next_working_day(end)
        if rolled != end:
            return rolled, end
    return end, None


def rule_names(params: ParameterBook) -> list[str]:
    """Every deadline rule defined in the parameters."""
    return [n.removeprefix(PREFIX) for n in params.names(PREFIX)]


def citation_of(param: Parameter, value: Any) -> Citation:
    """The parameter's citation with the version-specific fields of ``value`` (instrument, article, note,
    verified); another instrument does not inherit the parameter's note."""
    if not isinstance(value, Mapping):
        return param.citation
    changes: dict[str, Any] = {k: str(value[k]) for k in ("instrument", "article", "note") if k in value}
    if "instrument" in value and "note" not in value:
        changes["note"] = ""
    if "verified" in value:
        changes["verified"] = bool(value["verified"])
    return replace(param.citation, **changes) if changes else param.citation


@dataclass
class _Trace:
    """What a computation cites and warns about, in order, without duplicates."""

    citations: list[Citation] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def cite(self, citation: Citation) -> None:
        if citation not in self.citations:
            self.citations.append(citation)

    def warn(self, code: str, zh: str, en: str, **details: Any) -> None:
        entry = {"code": code, "message_zh": zh, "message_en": en, **details}
        if entry not in self.warnings:
            self.warnings.append(entry)

    def merge(self, other: _Trace) -> None:
        for c in other.citations:
            self.cite(c)
        for w in other.warnings:
            if w not in self.warnings:
                self.warnings.append(w)


def compute(facts: object, params: ParameterBook, cal: LegalCalendar) -> dict[str, Any]:
    """``zhiyuan law deadline``: ``{"rule", "start"}`` → ``due``, ``warnings``, ``citation``.

    The enforcement application period also takes ``interruptions``, ``suspensions`` and ``instalments``
    (or ``last_instalment_due``, then without ``start``); seals and freezes take ``renewals``."""
    data = require_fields(facts, "rule")
    name = str(data["rule"])
    key = PREFIX + name
    if key not in params:
        known = ", ".join(rule_names(params))
        raise LawError(
            "unknown_deadline_rule",
            f"未知的期限规则“{name}”。可用：{known}。",
            f"Unknown deadline rule '{name}'. Known: {known}.",
        )
    param = params[key]
    instalments = _instalments(data)
    if instalments is None:
        require_fields(data, "start")
        start = parse_date(data["start"], "start")
    else:
        start = instalments[-1]
    value = param.at(start)
    period = Period.from_value(value)
    _check_fields(name, data, value, period)
    trace = _Trace()
    extra: dict[str, Any] = {}
    if value.get("limitation"):
        limited = _Limitation(param, params, cal, data)
        end, due, events = limited.run(start, trace)
        extra["events"] = events
        if instalments is not None:
            extra["instalments"] = limited.instalments(instalments, data, trace)
    elif period.kind == "measure":
        trace.cite(citation_of(param, value))
        end, extra["renewals"], extra["renewal_max"] = _renewals(param, params, start, period, data, trace)
        due = end
    else:
        trace.cite(citation_of(param, value))
        end = period_end(start, period, cal)
        if period.kind == "waiting":
            due = waiting_due(start, period, cal)
            trace.cite(MORE_THAN)
        else:
            due = cal.next_working_day(end) if period.roll and period.unit != "working_day" else end
    trace.cite(CIVIL_CODE_PERIODS)
    warnings: list[dict[str, Any]] = []
    missing = cal.unpublished_years(range(start.year, due.year + 1)) if period.roll else []
    if missing:
        years = ", ".join(map(str, missing))
        warnings.append(
            {
                "code": "calendar_unpublished",
                "message_zh": f"{years} 年的法定节假日安排尚未公布或未录入，按仅周末休息计算，结果可能变化。",
                "message_en": f"No holiday arrangement is recorded for {years}; weekends only were used.",
                "years": missing,
            }
        )
    warnings.extend(trace.warnings)
    if any(not c.verified for c in trace.citations):
        warnings.append(
            {
                "code": "unverified_parameter",
                "message_zh": "该期限（或其适用的计算规则）的法律依据未经核实，为可配置的默认值。",
                "message_en": "The source of this period (or of a rule applied to it) is unverified; it is a "
                "configurable default.",
            }
        )
    return {
        "rule": name,
        "start": start.isoformat(),
        "period": period.as_dict(),
        "due": due.isoformat(),
        "rolled_from": end.isoformat() if due != end and period.kind != "waiting" else None,
        "period_end": end.isoformat(),
        **extra,
        "warnings": warnings,
        **cite(trace.citations),
    }


# ---------------------------------------------------------------------------------------------- input


def _check_fields(name: str, data: Mapping[str, Any], value: Mapping[str, Any], period: Period) -> None:
    allowed = (LIMITATION_FIELDS if value.get("limitation") else ()) + (
        MEASURE_FIELDS if period.kind == "measure" else ()
    )
    extra = [f for f in (*LIMITATION_FIELDS, *MEASURE_FIELDS) if data.get(f) is not None and f not in allowed]
    if extra:
        raise LawError(
            "field_not_applicable",
            f"期限规则“{name}”不接受字段：{', '.join(extra)}。",
            f"Deadline rule '{name}' does not take: {', '.join(extra)}.",
            fields=extra,
        )


def _instalments(data: Mapping[str, Any]) -> list[dt.date] | None:
    """The instalments' last days (sorted), from ``instalments`` or ``last_instalment_due``."""
    raw, last = data.get("instalments"), data.get("last_instalment_due")
    if raw is None and last is None:
        return None
    if data.get("start") is not None or (raw is not None and last is not None):
        raise LawError(
            "instalments_conflict",
            "请给出 start，或给出 instalments / last_instalment_due（分期履行），只能给出其一。",
            "Give one of 'start', 'instalments' or 'last_instalment_due' (instalments).",
        )
    if last is not None:
        return [parse_date(last, "last_instalment_due")]
    if not isinstance(raw, list) or not raw:
        raise LawError(
            "instalments_invalid",
            "instalments 必须是非空数组：各期履行期限的最后一日。",
            "'instalments' must be a non-empty array of each instalment's last day.",
        )
    return sorted({parse_date(d, f"instalments[{i}]") for i, d in enumerate(raw)})


def _dates(raw: object, name: str) -> list[dt.date]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise LawError(f"{name}_invalid", f"{name} 必须是日期数组。", f"'{name}' must be an array of dates.")
    return [parse_date(d, f"{name}[{i}]") for i, d in enumerate(raw)]


def _suspensions(raw: object) -> list[tuple[dt.date, dt.date]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise LawError(
            "suspensions_invalid",
            "suspensions 必须是数组：[{from, to}]。",
            "'suspensions' must be an array of {from, to}.",
        )
    out = []
    for i, s in enumerate(raw):
        item = require_fields(s, "from", "to")
        begin = parse_date(item["from"], f"suspensions[{i}].from")
        end = parse_date(item["to"], f"suspensions[{i}].to")
        if end < begin:
            raise LawError(
                "suspension_inverted",
                f"第 {i + 1} 个中止期间的结束日（中止原因消除之日）早于开始日。",
                f"Suspension {i + 1} ends (the day its cause ended) before it starts.",
                field=f"suspensions[{i}]",
            )
        out.append((begin, end))
    return out


# -------------------------------------------------------------------------- enforcement application period


@dataclass
class _Limitation:
    """The enforcement application period (民事诉讼法 2023 Art 250) with its interruptions, suspensions and
    instalments."""

    param: Parameter
    params: ParameterBook
    cal: LegalCalendar
    data: Mapping[str, Any]
    interruptions: list[dt.date] = field(init=False)
    suspensions: list[tuple[dt.date, dt.date]] = field(init=False)

    def __post_init__(self) -> None:
        self.interruptions = _dates(self.data.get("interruptions"), "interruptions")
        self.suspensions = _suspensions(self.data.get("suspensions"))

    def _end(self, start: dt.date) -> tuple[dt.date, dt.date]:
        """The last day of a full period from ``start``: unrolled, and moved off a holiday."""
        raw = period_end(start, Period.from_value(self.param.at(start)), self.cal)
        return raw, self.cal.next_working_day(raw)

    def run(self, start: dt.date, trace: _Trace) -> tuple[dt.date, dt.date, list[dict[str, Any]]]:
        """The period from ``start`` after every event, in date order: (unrolled end, last day, events)."""
        trace.cite(citation_of(self.param, self.param.at(start)))
        raw, end = self._end(start)
        events: list[tuple[dt.date, int, dt.date | None]] = [(d, 0, None) for d in self.interruptions]
        events += [(b, 1, e) for b, e in self.suspensions]
        log: list[dict[str, Any]] = []
        for on, kind, until in sorted(events, key=lambda e: (e[0], e[1])):
            if kind == 0:
                entry: dict[str, Any] = {"type": "interruption", "on": on.isoformat()}
                applied = self._interruption(on, start, end, trace)
                if applied:
                    raw, end = self._end(on)
            else:
                assert until is not None
                entry = {"type": "suspension", "from": on.isoformat(), "to": until.isoformat()}
                moved = self._suspension(on, until, start, raw, end, trace)
                applied = moved is not None
                if moved is not None:
                    raw, end = moved
                    entry["method"] = self.params[PERIODS + "limitation_suspension"].at(until)["method"]
            log.append({**entry, "applied": applied, "due": end.isoformat()})
        return raw, end, log

    def _interruption(self, on: dt.date, start: dt.date, end: dt.date, trace: _Trace) -> bool:
        if on < start:
            trace.warn(
                "event_before_start",
                f"中断事由（{on.isoformat()}）早于申请执行期间起算日（{start.isoformat()}），不产生中断效力。",
                f"The interruption on {on.isoformat()} is before the period started ({start.isoformat()}); "
                "it has no effect.",
                on=on.isoformat(),
            )
            return False
        if on > end:
            trace.warn(
                "event_after_expiry",
                f"中断事由（{on.isoformat()}）发生时申请执行期间已于 {end.isoformat()} 届满，不产生中断效力。",
                f"The interruption on {on.isoformat()} came after the period ended on {end.isoformat()}; it has "
                "no effect.",
                on=on.isoformat(),
            )
            return False
        rule = self.params[PERIODS + "limitation_interruption"]
        trace.cite(citation_of(rule, rule.at(on)))
        return True

    def _suspension(
        self, begin: dt.date, until: dt.date, start: dt.date, raw: dt.date, end: dt.date, trace: _Trace
    ) -> tuple[dt.date, dt.date] | None:
        rule = self.params[PERIODS + "limitation_suspension"]
        how = rule.at(until)
        window = add_months(end, -int(how["window_months"]))  # the last months begin the day after
        span = f"{begin.isoformat()}—{until.isoformat()}"
        if begin > end:
            trace.warn(
                "event_after_expiry",
                f"中止事由（{span}）发生时申请执行期间已于 {end.isoformat()} 届满，不产生中止效力。",
                f"The obstacle ({span}) arose after the period ended on {end.isoformat()}; it has no effect.",
                **{"from": begin.isoformat(), "to": until.isoformat()},
            )
            return None
        if until <= window or until < start:
            trace.warn(
                "suspension_outside_window",
                f"中止事由（{span}）在申请执行期间最后六个月（{(window + ONE_DAY).isoformat()} 起）之前已消除，"
                "不产生中止效力。",
                f"The obstacle ({span}) ended before the last six months of the period (from "
                f"{(window + ONE_DAY).isoformat()}); it has no effect.",
                **{"from": begin.isoformat(), "to": until.isoformat()},
            )
            return None
        trace.cite(citation_of(rule, how))
        if how["method"] == "resume":
            stopped = (until - max(begin, window + ONE_DAY)).days
            moved = raw + dt.timedelta(days=stopped)
        else:
            moved = add_months(until, int(how["months"]))
            trace.warn(
                "suspension_rule_differs",
                "执行程序解释（2020）第十九条规定中止原因消除后申请执行时效“继续计算”；本结果按民事诉讼法"
                "所指向的民法典第一百九十四条计算（自原因消除之日起满六个月届满）。",
                "执行程序解释 (2020) Art 19 says the period continues after the cause ends; this result follows "
                "the Civil Code Art 194 that the statute refers to (it ends six months after the cause ended).",
            )
        rolled = self.cal.next_working_day(moved)
        if rolled <= end:
            return raw, end
        return moved, rolled

    def instalments(
        self, dues: list[dt.date], data: Mapping[str, Any], trace: _Trace
    ) -> list[dict[str, Any]]:
        """Each instalment's period: from its own last day (``each``) or from the last instalment's
        (``last``); a period that had ended before the ``last`` rule took effect stays ended."""
        last = dues[-1]
        changed = next((d for d, v in self.param.values if v.get("instalments") == "last"), None)
        last_end = self.run(last, _Trace())[1]
        out = []
        rules = set()
        moved_old = False
        for d in dues:
            old = self.param.at(d).get("instalments") != "last"
            own = _Trace()
            own_end = self.run(d, own)[1]
            if old and (changed is None or own_end < changed):
                rule, end = "each", own_end
                trace.merge(own)
            else:
                rule, end = "last", last_end
                moved_old = moved_old or old
            rules.add(rule)
            out.append({"due_on": d.isoformat(), "rule": rule, "due": end.isoformat()})
        if changed is not None and (moved_old or rules == {"each", "last"}):
            when = self.param.at(changed)
            trace.cite(citation_of(self.param, when))
            transition = self.params[PERIODS + "limitation_instalment_transition"]
            trace.cite(citation_of(transition, transition.at(changed)))
        if data.get("last_instalment_due") is not None and changed is not None:
            trace.warn(
                "earlier_instalments_own_periods",
                f"只给出了最后一期：某期的申请执行期间（自该期履行期限的最后一日起算）在 {changed.isoformat()} "
                "前已届满的，该期按原规定已届满；请以 instalments 给出各期履行期限。",
                "Only the last instalment is given: an instalment whose period (from its own last day) ended "
                f"before {changed.isoformat()} stays ended; give 'instalments' to compute each.",
            )
        return out


# ------------------------------------------------------------------------------------------- measures


def _renewals(
    param: Parameter,
    params: ParameterBook,
    start: dt.date,
    period: Period,
    data: Mapping[str, Any],
    trace: _Trace,
) -> tuple[dt.date, list[dict[str, Any]], dict[str, Any]]:
    """A seal's or freeze's last day after its renewals; each renewal is made before the current last day
    and is no longer than the cap of the version in force on the renewal date."""
    raw = data.get("renewals")
    if raw is not None and not isinstance(raw, list):
        raise LawError(
            "renewals_invalid",
            "renewals 必须是数组：[{on, amount, unit}]。",
            "'renewals' must be an array of {on, amount, unit}.",
        )
    end = _add(start, period)
    out: list[dict[str, Any]] = []
    items = [require_fields(r, "on") for r in raw or []]
    dated = sorted(((parse_date(r["on"], f"renewals[{i}].on"), i, r) for i, r in enumerate(items)))
    for on, i, r in dated:
        if on < start:
            raise LawError(
                "renewal_before_start",
                f"第 {i + 1} 次续行（{on.isoformat()}）早于措施开始之日（{start.isoformat()}）。",
                f"Renewal {i + 1} ({on.isoformat()}) is before the measure started ({start.isoformat()}).",
                field=f"renewals[{i}]",
            )
        if on > end:
            raise LawError(
                "renewal_after_expiry",
                f"续行须在期限届满前办理：该措施已于 {end.isoformat()} 届满失效，{on.isoformat()} 的续行应作为"
                "新的查封、扣押、冻结计算。",
                f"A renewal must come before expiry: the measure lapsed after {end.isoformat()}; the act of "
                f"{on.isoformat()} is a new measure.",
                field=f"renewals[{i}]",
            )
        version = param.at(on)
        cap = Period.from_value({**version["renewal"], "kind": "measure"})
        asked = cap
        if r.get("amount") is not None or r.get("unit") is not None:
            asked = _renewal_length(r, i)
        rule = params[PERIODS + "measure_renewal_start"]
        start_from = end if rule.at(on)["runs_from"] == "previous_end" else on
        if _add(on, asked) > _add(on, cap):
            raise LawError(
                "renewal_too_long",
                f"第 {i + 1} 次续行期限超过上限 {_words(cap)}。",
                f"Renewal {i + 1} is longer than the cap of {cap.amount} {cap.unit}(s).",
                field=f"renewals[{i}]",
                max={"amount": cap.amount, "unit": cap.unit},
            )
        renewed = max(end, _add(start_from, asked))
        trace.cite(citation_of(param, version))
        trace.cite(citation_of(rule, rule.at(on)))
        out.append(
            {
                "on": on.isoformat(),
                "period": {"amount": asked.amount, "unit": asked.unit},
                "max": {"amount": cap.amount, "unit": cap.unit},
                "due": renewed.isoformat(),
            }
        )
        end = renewed
    cap_now = param.at(end)["renewal"]
    return end, out, {"amount": int(cap_now["amount"]), "unit": str(cap_now["unit"])}


def _renewal_length(r: Mapping[str, Any], i: int) -> Period:
    amount, unit = r.get("amount"), r.get("unit")
    if (
        not isinstance(amount, int)
        or isinstance(amount, bool)
        or amount < 1
        or unit not in ("day", "month", "year")
    ):
        raise LawError(
            "renewals_invalid",
            f"第 {i + 1} 次续行的期限须为正整数 amount 与 unit（day、month、year）。",
            f"Renewal {i + 1} needs a positive whole 'amount' and a 'unit' (day, month, year).",
            field=f"renewals[{i}]",
        )
    return Period(amount, str(unit), False, "measure")


def _add(start: dt.date, period: Period) -> dt.date:
    if period.unit == "day":
        return start + dt.timedelta(days=period.amount)
    return add_months(start, period.amount * (12 if period.unit == "year" else 1))


def _words(period: Period) -> str:
    unit = {"day": "日", "month": "个月", "year": "年"}[period.unit]
    return f"{period.amount}{unit}"
