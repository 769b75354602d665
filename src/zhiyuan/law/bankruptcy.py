"""Transfer of an enforcement case to bankruptcy review (执转破, ``zhiyuan law bankruptcy-transfer``).

《最高人民法院关于执行案件移送破产审查若干问题的指导意见》 (法发〔2017〕2号) item 2: a case may be transferred
only when (1) the debtor is an enterprise legal person, (2) the debtor or any applicant in any case against
it consents in writing, and (3) the debtor cannot pay its debts due and its assets do not cover its debts or
it is clearly unable to pay. ``missing`` names each condition that fails, in that order
(``debtor_kind``, ``written_consent``, ``unable_to_pay_due_debts``, ``insolvent_or_clearly_unable``).

Item 3: the court of the debtor's domicile has jurisdiction, the intermediate court as a rule. So the
``receiving_court`` is the intermediate court above the domicile court, found in the court tree handed in
(:class:`~zhiyuan.law.courts.CourtTree`), or the domicile court itself when it is an intermediate court
(parameter ``bankruptcy.receiving_level``: ``domicile`` keeps a basic court). A high, supreme or special
court is not the court of a domicile and is refused (``domicile_court_not_local``); an unknown code is
refused (``court_unknown``). The receiving court is given even when the case is not transferable.
"""

from __future__ import annotations

from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.courts import CourtNode, CourtTree
from zhiyuan.law.deadlines import citation_of
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_choice, parse_date, parse_flag, require_fields
from zhiyuan.law.parameters import ParameterBook

DEBTOR_KINDS = ("enterprise_legal_person", "person", "other_organization")
CONSENTS = ("debtor", "applicant", "none")
FLAGS = ("unable_to_pay_due_debts", "insolvent_or_clearly_unable")
RECEIVING_LEVELS = ("intermediate", "domicile")

GUIDANCE_2 = Citation(
    "《最高人民法院关于执行案件移送破产审查若干问题的指导意见》（法发〔2017〕2号）",
    "第2条",
    note="被执行人为企业法人；被执行人或者有关被执行人的任何一个执行案件的申请执行人书面同意；不能清偿到期债务，"
    "并且资产不足以清偿全部债务或者明显缺乏清偿能力",
)


def transfer(facts: object, params: ParameterBook, courts: CourtTree) -> dict[str, Any]:
    """``zhiyuan law bankruptcy-transfer``: the debtor's facts and domicile court → transferable, missing,
    receiving_court."""
    data = require_fields(facts, "debtor_kind", "written_consent", *FLAGS, "domicile_court")
    kind = parse_choice(data["debtor_kind"], "debtor_kind", DEBTOR_KINDS)
    consent = parse_choice(data["written_consent"], "written_consent", CONSENTS)
    flags = {name: parse_flag(data[name], name) for name in FLAGS}
    on = None if data.get("on") is None else parse_date(data["on"], "on")
    domicile = _court(data["domicile_court"], courts)
    level_param = params["bankruptcy.receiving_level"]
    receiving = _receiving(domicile, courts, str(level_param.at(on)))

    missing = []
    if kind != "enterprise_legal_person":
        missing.append("debtor_kind")
    if consent == "none":
        missing.append("written_consent")
    missing += [name for name in FLAGS if not flags[name]]
    procedure = params["bankruptcy.civil_procedure"]
    citations = [GUIDANCE_2, level_param.citation, citation_of(procedure, procedure.at(on))]
    return {
        "transferable": not missing,
        "missing": missing,
        "receiving_court": receiving.code,
        "receiving_court_name": receiving.name,
        "domicile_court": domicile.code,
        **cite(citations),
    }


def _court(value: object, courts: CourtTree) -> CourtNode:
    court = courts.find(value) if isinstance(value, str) else None
    if court is None:
        raise LawError(
            "court_unknown",
            f"法院代字“{value}”不在法院名录中。",
            f"Court code '{value}' is not in the court table.",
            field="domicile_court",
        )
    return court


def _receiving(domicile: CourtNode, courts: CourtTree, level: str) -> CourtNode:
    if domicile.level not in ("basic", "intermediate"):
        raise LawError(
            "domicile_court_not_local",
            f"{domicile.name}（{domicile.code}）不是被执行人住所地的基层或中级人民法院：执行案件移送破产审查由住所地"
            "法院管辖，以中级人民法院管辖为原则（执转破指导意见第3条）。",
            f"{domicile.code} is not a basic or intermediate court of a domicile: a transfer to bankruptcy goes "
            "to the court of the debtor's domicile, the intermediate court as a rule (guidance item 3).",
            field="domicile_court",
            level=domicile.level,
        )
    if level not in RECEIVING_LEVELS:
        raise LawError(
            "parameter_invalid",
            f"参数 bankruptcy.receiving_level 须为 {' | '.join(RECEIVING_LEVELS)}：{level!r}。",
            f"Parameter bankruptcy.receiving_level must be {' | '.join(RECEIVING_LEVELS)}: {level!r}.",
        )
    if level == "domicile" or domicile.level == "intermediate":
        return domicile
    found = courts.above(domicile, "intermediate")
    if found is None:
        raise LawError(
            "receiving_court_unknown",
            f"法院名录中没有 {domicile.name}（{domicile.code}）所属的中级人民法院。",
            f"The court table names no intermediate court above {domicile.code}.",
            field="domicile_court",
        )
    return found
