"""The registry's rule of dispatch between courts (``zhiyuan law dispatch``), listed after the others."""

from __future__ import annotations

from zhiyuan.law import dispatch
from zhiyuan.law.rule import Rule

DISPATCH_RULES: list[Rule] = [
    Rule(
        "dispatch",
        "上下级法院之间调度执行案件：委托执行只能委托同级法院，受托法院收到委托函后7日内立案、15日内开始执行、"
        "30日内未执行完毕应函告执行情况、6个月内应执结；自立案之日起超过六个月未执行的，上一级法院可以提级执行或"
        "指定执行（第六个月的对应日仍不足，次日起可以）；交叉执行只移送立案满规定月数（默认12个月，未核实）的"
        "长期未结案件。以日计算的期间自收到之次日起算，届满日为节假日的顺延至其后第一个工作日。",
        "Dispatch between courts: delegated enforcement goes to a court of the same level, which files within 7 "
        "days of the letter, starts within 15, reports within 30 if not finished and should finish within 6 "
        "months; once more than six months passed since filing without enforcement, the court above may "
        "escalate or designate (the day six months on is not yet enough, the day after is); a cross-court "
        "campaign moves only cases open the minimum months (default 12, UNVERIFIED). Day periods start the "
        "day after receipt; a last day off work moves to the next working day.",
        {
            "kind": " | ".join(dispatch.KINDS),
            "on": "date of the dispatch (YYYY-MM-DD), the day the receiving court receives it",
            "filed_on": "filing date of the case (YYYY-MM-DD)",
            "from_level": "level of the case's court: " + " | ".join(dispatch.LEVELS),
            "to_level": "level of the receiving court: " + " | ".join(dispatch.LEVELS),
        },
        [
            "kind",
            "allowed",
            "refusals",
            "deadlines",
            "escalation_from",
            "cross_from",
            "citation",
            "citations",
        ],
        lambda facts, ref: dispatch.check(facts, ref.params, ref.calendar),
        lambda ref: dispatch.citations(ref.params),
        lambda ref: ref.params.names(dispatch.PREFIX),
        today_input="on",
    ),
]
