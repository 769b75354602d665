"""Definitions of the people, property and case-situation figures (人、案、物) of the command center, one
each, shown on ``/command/definitions/`` with the rest (``command.definitions.every``)."""

from __future__ import annotations

from zhiyuan.command.definitions import Definition

E = "执行实施案件（执、执恢，不含执保）"
E_EN = "enforcement cases (执, 执恢; not 执保)"
PEOPLE_SOURCE = "zhiyuan.command.people"
PROPERTY_SOURCE = "zhiyuan.command.property"
SITUATION_SOURCE = "zhiyuan.command.situation"


def _d(area: str, key: str, zh: str, en: str, dzh: str, den: str, source: str) -> Definition:
    return Definition(f"{area}-{key}", zh, en, dzh, den, source)


def _people(key: str, zh: str, en: str, dzh: str, den: str) -> Definition:
    return _d("people", key, zh, en, dzh, den, PEOPLE_SOURCE)


PEOPLE: dict[str, Definition] = {
    "officers": _people(
        "officers",
        "执行实施人员",
        "Enforcement officers",
        "辖区内在岗（账号有效）、持“执行实施人员”角色的人数，按账号所属法院计。",
        "Active accounts holding the enforcement officer role, counted at the account's court.",
    ),
    "reviewers": _people(
        "reviewers",
        "执行审查人员",
        "Enforcement reviewers",
        "辖区内在岗、持“执行审查人员”角色的人数。",
        "Active accounts holding the enforcement reviewer role.",
    ),
    "affairs_staff": _people(
        "affairs_staff",
        "事务中心人员",
        "Affairs-center staff",
        "辖区内在岗、持“执行事务中心人员”角色的人数。一人持多个角色时在各角色下各计一次。",
        "Active accounts holding the affairs-center staff role. A person holding several roles counts "
        "once under each.",
    ),
    "open_cases": _people(
        "open_cases",
        "未结执行实施案件",
        "Open enforcement cases",
        f"法院现未结的{E}件数（不论有无承办人），即人均案件数的分子。",
        f"Open {E_EN} of the court, with or without a handler: the numerator of cases per officer.",
    ),
    "handled_cases": _people(
        "handled_cases",
        "在办案件",
        "Cases handled",
        "上述人员现为承办人的未结案件件数（各类案件，含执行审查案件）。对个人即其在办案件数。",
        "Open cases (of any type, review cases included) whose current handler is one of these people; "
        "for a person, the open cases they handle.",
    ),
    "claimed_tasks": _people(
        "claimed_tasks",
        "在办事务",
        "Tasks in hand",
        "执行事务中心任务中，由上述人员领取、尚未办结的件数。",
        "Affairs-center tasks claimed by these people and not finished.",
    ),
    "queue_tasks": _people(
        "queue_tasks",
        "待领取事务",
        "Tasks in the queues",
        "法院各小组队列中尚无人领取的任务件数（人员不属于固定小组，故只按法院计）。",
        "Tasks waiting unclaimed in the court's team queues (people belong to no fixed team, so this is "
        "a court's figure only).",
    ),
    "overdue": _people(
        "overdue",
        "逾期事项",
        "Overdue items",
        "个人：其承办的未结案件中有法定期限已超期的件数（节点超期口径），加其领取的任务中已过办理期限的件数。"
        "法院：其人员逾期事项之和，加队列中待领取且已过办理期限的任务。",
        "A person: open cases they handle with an overdue running deadline (as 'Overdue nodes'), plus "
        "claimed tasks past their due date. A court: its people's overdue items plus unclaimed queue "
        "tasks past their due date.",
    ),
    "closed": _people(
        "closed",
        "近12个月结案",
        "Closed, last 12 months",
        "本月及此前11个月内结案、结案时由该人承办（此前未被改派）的案件件数；逐月数见人员明细和导出表。",
        "Cases closed in this month and the 11 before with the person as handler at the closing (not "
        "reassigned before it); month by month on the person's page and in the workbook.",
    ),
    "load": _people(
        "load",
        "人均未结案件",
        "Open cases per officer",
        "未结执行实施案件 ÷ 执行实施人员（保留一位小数；无执行实施人员时显示“—”）。用于比较各法院的办案负荷。",
        "Open enforcement cases ÷ enforcement officers (one decimal; '—' without officers): the load "
        "compared across courts.",
    ),
}


def _property(key: str, zh: str, en: str, dzh: str, den: str) -> Definition:
    return _d("property", key, zh, en, dzh, den, PROPERTY_SOURCE)


PROPERTY: dict[str, Definition] = {
    "held": _property(
        "held",
        "在控财产",
        "Assets under control",
        "辖区内执行案件登记的财产中，状态为已控制、确定参考价或拍卖中，且有查封、扣押或冻结措施现为有效的件数，"
        "按财产类别和案件所属法院计；估计价值为登记的估计价值之和。",
        "Assets of the district's enforcement cases that are seized, being valued or in auction and "
        "have a seal, seizure or freeze in force, by asset class and the case's court; the value is "
        "the sum of the recorded estimated values.",
    ),
    "expiring": _property(
        "expiring",
        "30日内到期的控制措施",
        "Measures expiring within 30 days",
        "有效的查封、扣押、冻结措施中，届满日在今后30日内的件数（含届满日已过、每日检查尚未处理的），与措施到期日历同一口径。",
        "Seals, seizures and freezes in force whose last day is within the next 30 days (past ones "
        "the daily check has not lapsed yet included): the expiry calendar's definition.",
    ),
    "disposal": _property(
        "disposal",
        "处置中财产",
        "Assets in disposal",
        "状态为确定参考价或拍卖中的财产件数。",
        "Assets whose reference price is being set or that are in auction.",
    ),
}


def _situation(key: str, zh: str, en: str, dzh: str, den: str) -> Definition:
    return _d("situation", key, zh, en, dzh, den, SITUATION_SOURCE)


SITUATION: dict[str, Definition] = {
    "open": _situation(
        "open",
        "未结执行实施案件",
        "Open enforcement cases",
        f"现未结的{E}件数（不受期间限制）。",
        f"Open {E_EN} now (not limited to the period).",
    ),
    "simple": _situation(
        "simple",
        "简案",
        "Simple track",
        "上述未结案件中，繁简分流现为简案的件数（含人工调整）。",
        "Of those, cases whose track in force is simple (overrides included).",
    ),
    "complex": _situation(
        "complex",
        "繁案",
        "Complex track",
        "上述未结案件中，繁简分流现为繁案的件数。",
        "Of those, cases whose track in force is complex.",
    ),
    "untriaged": _situation(
        "untriaged",
        "未分流",
        "Not triaged",
        "上述未结案件中，尚未分流或无法分流的件数。",
        "Of those, cases not triaged or that could not be triaged.",
    ),
    "over_6_months": _situation(
        "over_6_months",
        "立案超6个月未结",
        "Open over 6 months",
        "上述未结案件中，立案日在今天6个月以前（含恰满6个月）的件数。",
        "Of those, cases filed 6 months ago or earlier (to the day).",
    ),
    "over_12_months": _situation(
        "over_12_months",
        "立案超12个月未结",
        "Open over 12 months",
        "上述未结案件中，立案日在今天12个月以前（含恰满12个月）的件数；也计入超6个月。",
        "Of those, cases filed 12 months ago or earlier; they are also counted as over 6 months.",
    ),
    "warned": _situation(
        "warned",
        "近30日节点预警",
        "Node warnings, last 30 days",
        "上述未结案件中，流程节点记录在今天及此前30日内带有预警（逾期、结果异常、缺失信息等）的件数，每案计一次。",
        "Of those, cases whose node log carries a warning (overdue, abnormal result, missing "
        "information…) dated within the last 30 days; each case counts once.",
    ),
    "in_dispatch": _situation(
        "in_dispatch",
        "调度中",
        "In dispatch",
        "上述未结案件中，正在委托、指定、提级或交叉执行的件数：调度已发出待受理法院立案的原案件，或受理法院已立案、"
        "调度尚未办结的案件（zhiyuan.dispatch）。",
        "Of those, cases being dispatched (delegated, designated, escalated, cross-court): the case sent and "
        "waiting for the receiving court, or the receiving court's linked case while the dispatch is open "
        "(zhiyuan.dispatch).",
    ),
}


def every() -> list[Definition]:
    """The people, property and situation definitions, in page order (with the property figures other
    apps add, :func:`zhiyuan.command.property.extra_figures`)."""
    from zhiyuan.command.property import extra_figures

    extra = [
        Definition(f"property-{f.key}", f.zh, f.en, f.definition_zh, f.definition_en, "")
        for f in extra_figures()
    ]
    return [*PEOPLE.values(), *SITUATION.values(), *PROPERTY.values(), *extra]
