"""How a case's codes read in the interface: families, states, closing methods, roles, party kinds,
derivative kinds, log nodes and deadline rules by their names in the current language, and amounts in
yuan. The one place other pages and apps (workbench, command center) take these names from."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases import workflows
from zhiyuan.cases.lifecycles import FAMILIES, GENERIC, Family, family_of
from zhiyuan.cases.models import ClosingMethod, Side
from zhiyuan.courts import selectors as courts
from zhiyuan.parties.models import PartyKind

ENFORCEMENT_FAMILIES = frozenset({"enforcement", "enforcement_review"})
ROLE_NAMES: dict[bool, dict[str, Any]] = {
    True: {Side.PLAINTIFF: _("申请执行人"), Side.DEFENDANT: _("被执行人"), Side.THIRD_PARTY: _("案外人")},
    False: {
        Side.PLAINTIFF: _("原告/申请人"),
        Side.DEFENDANT: _("被告/被申请人"),
        Side.THIRD_PARTY: _("第三人"),
    },
}
DERIVATIVE_KINDS: dict[str, Any] = {
    "appeal": _("上诉"),
    "retrial": _("再审"),
    "enforcement": _("申请执行"),
    "objection": _("执行异议"),
    "reconsideration": _("执行复议"),
    "supervision": _("执行监督"),
    "resumption": _("恢复执行"),
    "objection_suit": _("执行异议之诉"),
    "refusal_crime": _("拒不执行判决、裁定罪"),
    "bankruptcy": _("执行转破产"),
    "confirmation": _("司法确认"),
    "filing_after_mediation": _("调解不成转立案"),
    "other": _("其他"),
}
FILING_NODE = "filing"
#: nodes ``cases.duties`` writes to the log
DUTY_NODES: dict[str, Any] = {"assignment": _("分案"), "reassignment": _("改派")}


def zh(text: str) -> str:
    """A Chinese name declared as data (families, states, transitions), in the current language."""
    return gettext(text) if text else text


def family_name(family: Family) -> str:
    """The family's name in the current language."""
    return zh(family.zh)


def status_name(case_type: str, status: str) -> str:
    """The Chinese name of ``status`` in the type's family (translated when English is on)."""
    return zh(family_of(case_type).states.get(status, status))


def closing_name(method: str) -> str:
    """The label of a closing method."""
    return str(ClosingMethod(method).label) if method in ClosingMethod.values else method


def yuan(amount: Decimal | None) -> str:
    """An amount in yuan with thousands separators and two places (¥1,234.50), or an empty string."""
    return f"¥{amount:,.2f}" if amount is not None else ""


def role_name(family_code: str, side: str) -> str:
    """The party's role in a case of this family: 申请执行人 / 被执行人 in enforcement, else by side."""
    return str(ROLE_NAMES[family_code in ENFORCEMENT_FAMILIES].get(side, side))


def party_kind_name(kind: str) -> str:
    """自然人 / 法人 / 非法人组织."""
    return str(PartyKind(kind).label) if kind in PartyKind.values else ""


def kind_name(kind: str) -> str:
    """The label of a derivative kind."""
    return str(DERIVATIVE_KINDS.get(kind, kind)) if kind else ""


def node_name(family: Family, node: str) -> str:
    """A node of the log: the filing, or the transition of that name."""
    if node == FILING_NODE:
        return gettext("立案")
    if node == "correction":
        return gettext("更正记录")
    if node in DUTY_NODES:
        return str(DUTY_NODES[node])
    move = family.transitions.get(node)
    return zh(move.zh if move else workflows.node_zh(node) or "") or node


def deadline_name(rule: str) -> str:
    """The deadline rule's description from the parameters, in the current language."""
    key = f"deadlines.{rule}"
    params = courts.reference().params
    if key not in params:
        return rule
    param = params[key]
    text = param.description_en if get_language() == "en" else param.description_zh
    return text or rule


def all_states() -> list[tuple[str, str]]:
    """Every state code with its names across the families, for a filter (first: any)."""
    names: dict[str, list[str]] = {}
    for family in [*FAMILIES.values(), GENERIC]:
        for code, name in family.states.items():
            if zh(name) not in names.setdefault(code, []):
                names[code].append(zh(name))
    return [("", "—"), *((code, " / ".join(n)) for code, n in names.items())]
