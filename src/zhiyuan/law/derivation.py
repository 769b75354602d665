"""Derivative kinds (衍生案件): what a case is relative to the case it derives from.

The table of the case import format: the kind follows from this case's type code (and, for a 民初 case,
its cause) and the type code of its origin. Pure; used by filing, import and the dispute graph.
"""

from __future__ import annotations

from zhiyuan.law.case_types import ENFORCEMENT_ACTION

KINDS = (
    "appeal",
    "retrial",
    "enforcement",
    "objection",
    "reconsideration",
    "supervision",
    "resumption",
    "objection_suit",
    "refusal_crime",
    "bankruptcy",
    "confirmation",
    "filing_after_mediation",
    "other",
)
FIRST_INSTANCE = frozenset({"民初", "行初", "刑初"})
APPEAL = frozenset({"民终", "行终", "刑终"})
RETRIAL = frozenset(f"{p}{s}" for p in "民行刑" for s in ("申", "再", "监", "抗"))
ENFORCEMENT_CASES = ENFORCEMENT_ACTION | {"执异", "执复", "执监", "执协", "执他"}
MEDIATION = frozenset({"民诉前调", "诉前调"})
CONFIRMATION = frozenset({"诉前调确", "诉前调书", "民特"})
BANKRUPTCY = frozenset({"破申", "破"})
OBJECTION_SUIT_CAUSES = frozenset(
    {
        "执行异议之诉",
        "案外人执行异议之诉",
        "申请执行人执行异议之诉",
        "追加、变更被执行人异议之诉",
        "执行分配方案异议之诉",
    }
)
#: excluded from the case-per-dispute ratio (import format: pre-litigation mediation and preservation)
NOT_LITIGATION = frozenset({"民诉前调", "诉前调", "诉前调确", "诉前调书", "执保", "财保"})


def derivative_kind(type_code: str, origin_type_code: str, cause: str = "") -> str:
    """The kind of a case of ``type_code`` derived from a case of ``origin_type_code``."""
    origin_enforcement = origin_type_code in ENFORCEMENT_CASES
    if type_code in APPEAL and origin_type_code in FIRST_INSTANCE:
        return "appeal"
    if type_code in RETRIAL:
        return "retrial"
    if type_code == "执" and not origin_enforcement:
        return "enforcement"
    if type_code == "执异" and origin_type_code in ENFORCEMENT_ACTION:
        return "objection"
    if type_code == "执复" and origin_type_code == "执异":
        return "reconsideration"
    if type_code == "执监" and origin_enforcement:
        return "supervision"
    if type_code == "执恢" and origin_type_code == "执":
        return "resumption"
    if type_code == "民初" and origin_type_code in MEDIATION:
        return "filing_after_mediation"
    if type_code == "民初" and origin_enforcement and cause in OBJECTION_SUIT_CAUSES:
        return "objection_suit"
    if type_code == "刑初" and origin_enforcement:
        return "refusal_crime"
    if type_code in BANKRUPTCY and origin_enforcement:
        return "bankruptcy"
    if type_code in CONFIRMATION and origin_type_code in MEDIATION:
        return "confirmation"
    return "other"


def counts_for_case_per_dispute(type_code: str) -> bool:
    """Litigation and enforcement cases count in 案-件比; mediation and preservation do not."""
    return type_code not in NOT_LITIGATION
