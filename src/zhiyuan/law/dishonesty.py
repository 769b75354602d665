"""The dishonest-debtor list (失信被执行人名单): ``zhiyuan law dishonesty`` and ``dishonesty-deletion``.

《最高人民法院关于公布失信被执行人名单信息的若干规定》 (2017 revision, 法释〔2017〕7号, in force 2017-05-01):

- Art 1: a debtor who has not performed is listed on any of six grounds: (1) able to perform but refuses;
  (2) obstructs enforcement by forged evidence, violence or threats; (3) evades it by sham litigation or
  arbitration, hiding or transferring property; (4) breaches the property-report duty; (5) breaches a
  consumption restriction order; (6) refuses without good reason to perform a settlement agreement.
- Art 3: ground (1) is excluded by sufficient security (``guarantee``), sufficient property already sealed,
  seized or frozen (``seized_property_sufficient``) or a later turn to perform (``performance_order_later``);
  the other grounds are not, so the debtor stays listable on them.
- Art 4: a minor is never listed (``minor``).
- Art 2: the period is two years when any of grounds (2)–(6) applies, extended by one to three years for
  aggravated conduct; ground (1) alone has no fixed period (``period_years`` and ``until`` null).
  ``until`` is ``decided_on`` plus the years: the same day of the month, the month's last day when it has
  none (29 February → 28 February).
- Art 10: without a period, the listing is deleted within three working days of performance, a performed
  settlement, the applicant's request, a concluded round with no property found, a suspension, a refusal
  to enforce or termination; with a period, those grounds do not apply and the listing is deleted within
  three working days after the period expires. ``delete_by`` is the third working day after ``on`` on the
  legal calendar (holidays and make-up working days).
"""

from __future__ import annotations

from typing import Any

from zhiyuan.law.calendar import LegalCalendar, add_months
from zhiyuan.law.citations import CIVIL_CODE_PERIODS, Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, parse_flag, require_fields
from zhiyuan.law.parameters import ParameterBook

INSTRUMENT = "《最高人民法院关于公布失信被执行人名单信息的若干规定》"
ART_1 = Citation(
    INSTRUMENT,
    "第一条",
    note="(1) 有履行能力而拒不履行; (2) 以伪造证据、暴力、威胁等方法妨碍、抗拒执行; (3) 以虚假诉讼、虚假仲裁或者以"
    "隐匿、转移财产等方法规避执行; (4) 违反财产报告制度; (5) 违反限制消费令; (6) 无正当理由拒不履行执行和解协议",
)
GROUNDS = (1, 2, 3, 4, 5, 6)
FLAGS = (
    "debtor_is_minor",
    "guarantee_provided",
    "seized_property_sufficient",
    "performance_order_later",
    "aggravated",
)
#: the Art 3 exclusion code of each input flag, in the article's order
GROUND_ONE_EXCLUSIONS = {
    "guarantee_provided": "guarantee",
    "seized_property_sufficient": "seized_property_sufficient",
    "performance_order_later": "performance_order_later",
}
#: Art 10 para 1 items (1)–(7), then the expiry of a period (para 2)
TRIGGERS = (
    "performed",
    "settlement_performed",
    "applicant_request",
    "tcp_no_property",
    "suspended",
    "not_enforced",
    "terminated",
    "period_expired",
)
P = "dishonesty."


def decide(facts: object, params: ParameterBook) -> dict[str, Any]:
    """``zhiyuan law dishonesty``: grounds and facts → ``listable``, ``grounds_applied``, ``exclusions``,
    ``period_years``, ``until``, ``citations``."""
    data = require_fields(facts, "grounds", *FLAGS, "extension_years", "decided_on")
    grounds = _grounds(data["grounds"])
    flags = {name: parse_flag(data[name], name) for name in FLAGS}
    decided_on = parse_date(data["decided_on"], "decided_on")
    period_param = params[P + "period_years"]
    base_years = int(period_param.at(decided_on))
    ext_param = params[P + "extension_years_max"]
    extension = _extension(data["extension_years"], int(ext_param.at(decided_on)), flags["aggravated"])
    citations = [ART_1]

    exclusions: list[str] = []
    applied = list(grounds)
    if flags["debtor_is_minor"]:
        minor = params[P + "minor_excluded"]
        minor.at(decided_on)
        exclusions.append("minor")
        citations.append(minor.citation)
    if 1 in grounds:
        excl_param = params[P + "ground_one_exclusions"]
        known = set(excl_param.at(decided_on))
        hit = [code for flag, code in GROUND_ONE_EXCLUSIONS.items() if flags[flag] and code in known]
        if hit:
            exclusions.extend(hit)
            applied.remove(1)
            citations.append(excl_param.citation)
    if flags["debtor_is_minor"]:
        applied = []
    listable = bool(applied)

    period: int | None = None
    until: str | None = None
    if listable and any(g != 1 for g in applied):
        period = base_years + extension
        until = add_months(decided_on, 12 * period).isoformat()
        citations.append(period_param.citation)
        if extension:
            citations.append(ext_param.citation)
    elif listable and extension:
        raise LawError(
            "extension_without_period",
            "仅依据第一条第一项纳入名单的，没有纳入期限，不能延长（extension_years 须为 0）。",
            "A listing on ground (1) alone has no period, so it cannot be extended (extension_years must be 0).",
            field="extension_years",
        )
    return {
        "listable": listable,
        "grounds_applied": applied,
        "exclusions": exclusions,
        "period_years": period,
        "until": until,
        "decided_on": decided_on.isoformat(),
        **cite(citations),
    }


def deletion(facts: object, params: ParameterBook, cal: LegalCalendar) -> dict[str, Any]:
    """``zhiyuan law dishonesty-deletion``: ``{"trigger", "on", "has_period"}`` → ``delete``,
    ``delete_by``, ``warnings``, ``citations``."""
    data = require_fields(facts, "trigger", "on", "has_period")
    trigger = data["trigger"]
    if not isinstance(trigger, str) or trigger not in TRIGGERS:
        raise LawError(
            "unknown_trigger",
            f"未知的删除事由“{trigger}”。可用：{', '.join(TRIGGERS)}。",
            f"Unknown deletion trigger '{trigger}'. Known: {', '.join(TRIGGERS)}.",
            field="trigger",
        )
    on = parse_date(data["on"], "on")
    has_period = parse_flag(data["has_period"], "has_period")
    param = params[P + ("deletion_with_period" if has_period else "deletion_working_days")]
    days = int(param.at(on))
    citations = [param.citation]
    warnings: list[dict[str, Any]] = []
    if has_period:
        delete = trigger == "period_expired"
        if not delete:
            early = params[P + "early_deletion"]
            early.at(on)
            citations.append(early.citation)
            if trigger in ("performed", "settlement_performed"):
                warnings.append(
                    {
                        "code": "early_deletion_possible",
                        "message_zh": "有纳入期限的，第十条第一款的删除情形不适用；被执行人积极履行的，人民法院可以决定"
                        "提前删除失信信息（第二条第二款）。",
                        "message_en": "A listing with a period is not deleted on the Art 10 para 1 grounds; on active "
                        "performance the court may decide to delete it early (Art 2 para 2).",
                    }
                )
    else:
        delete = trigger != "period_expired"
    delete_by: str | None = None
    if delete:
        due = cal.add_working_days(on, days)
        delete_by = due.isoformat()
        citations.append(CIVIL_CODE_PERIODS)
        missing = cal.unpublished_years(range(on.year, due.year + 1))
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
    if any(not c.verified for c in citations):
        warnings.append(
            {
                "code": "unverified_parameter",
                "message_zh": "所适用条款的依据未经核实，为可配置的默认值。",
                "message_en": "The source of the provision applied is unverified; it is a configurable default.",
            }
        )
    return {
        "trigger": trigger,
        "on": on.isoformat(),
        "has_period": has_period,
        "delete": delete,
        "delete_by": delete_by,
        "working_days": days if delete else None,
        "warnings": warnings,
        **cite(citations),
    }


def _grounds(value: object) -> list[int]:
    """A non-empty list of Art 1 item numbers 1–6 (JSON integers), sorted, duplicates merged."""
    ok = (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(g, int) and not isinstance(g, bool) and g in GROUNDS for g in value)
    )
    if not ok:
        raise LawError(
            "grounds_invalid",
            f"失信情形 grounds 须为第一条第一项至第六项的编号列表（1–6，至少一项）：{value!r}。",
            f"grounds must be a non-empty list of Art 1 item numbers 1–6: {value!r}.",
            field="grounds",
        )
    assert isinstance(value, list)
    return sorted(set(value))


def _extension(value: object, maximum: int, aggravated: bool) -> int:
    """Whole years 0..``maximum``; above 0 only for aggravated conduct (Art 2 para 1)."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum):
        raise LawError(
            "extension_invalid",
            f"延长年数 extension_years 须为 0 至 {maximum} 的整数：{value!r}。",
            f"extension_years must be a whole number from 0 to {maximum}: {value!r}.",
            field="extension_years",
        )
    if value and not aggravated:
        raise LawError(
            "extension_not_aggravated",
            "只有以暴力、威胁方法妨碍、抗拒执行情节严重或具有多项失信行为的（aggravated 为 true），才可以延长纳入期限。",
            "The period may be extended only for violent or threatening obstruction with serious circumstances "
            "or several dishonest acts (aggravated true).",
            field="extension_years",
        )
    return value
