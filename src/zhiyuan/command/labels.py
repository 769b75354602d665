"""Names and number formats of the command center, in the current language."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: indicator ids of ../shared/formats/indicators.md → (name, kind of value)
INDICATORS: dict[str, tuple[Any, str]] = {
    "intake": (_("收案数"), "count"),
    "closed": (_("结案数"), "count"),
    "pending": (_("存案数"), "count"),
    "full_performance_rate": (_("执行完毕率"), "rate"),
    "tcp_rate": (_("终本率"), "rate"),
    "first_enforcement_tcp_rate": (_("首执终本率"), "rate"),
    "recovery_rate": (_("执行到位率"), "rate"),
    "recovered_amount": (_("执行到位金额"), "amount"),
    "mean_enforcement_days": (_("平均执行用时（天）"), "days"),
    "judgment_to_enforcement_rate": (_("民事裁判申请执行率"), "rate"),
    "mediation_success_rate": (_("诉前调解成功率"), "rate"),
    "mediation_enforcement_rate": (_("诉前调解案件申请执行率"), "rate"),
    "case_per_dispute": (_("案-件比"), "ratio"),
}
#: the rates drawn in the monthly trend, when the monthly rows carry them
TREND_RATES = (
    "full_performance_rate",
    "tcp_rate",
    "recovery_rate",
    "judgment_to_enforcement_rate",
    "mediation_success_rate",
)
#: the built-in campaigns of governance/campaigns.yaml
CAMPAIGNS: dict[str, Any] = {
    "migrant_wages": _("农民工工资专项执行"),
    "small_claims": _("小额案件"),
    "business_environment": _("优化营商环境（涉企合同纠纷）"),
    "criminal_property": _("刑事裁判涉财产部分执行"),
    "refusal_crime": _("打击拒执"),
}
#: names of the optional mediation / performance figures, per area (other keys show as they are)
FIGURES: dict[str, dict[str, Any]] = {
    "mediation": {
        "mediation_success_rate": _("委派调解成功率"),
        "mean_mediation_days": _("平均调解用时（天）"),
        "delegated": _("委派调解"),
        "succeeded": _("调解成功"),
        "failed": _("调解不成"),
        "withdrawn": _("撤回调解"),
        "pending": _("调解中"),
    },
    "performance": {
        "voluntary_performance_rate": _("自动履行率"),
        "urging_success_rate": _("执前督促成功率"),
        "titles": _("生效法律文书"),
        "performed": _("自动履行完毕"),
        "urging_opened": _("执前督促"),
        "urging_performed": _("督促后履行"),
        "auto_filed": _("督促期满转执行立案"),
    },
    "enforcement": {
        "simple_open": _("未结简案"),
        "complex_open": _("未结繁案"),
        "untriaged_open": _("未结未分流"),
        "simple_quick_rate": _("简案45日内结案率"),
        "complex_quick_rate": _("繁案45日内结案率"),
    },
    "hearings": {
        "held": _("听证（次）"),
        "objections_filed": _("执行异议案件（件）"),
        "objections_heard": _("经听证的执行异议案件（件）"),
        "objection_heard_rate": _("执行异议案件听证率"),
        "median_wait_days": _("申请至听证天数（中位数）"),
    },
    "credit": {
        "listed": _("公布失信（人次）"),
        "deleted": _("删除失信（人次）"),
        "deleted_on_time": _("按期删除（人次）"),
        "restored": _("信用修复（人次）"),
        "restrictions_in_force": _("限制消费中（人）"),
    },
    "refusal": {
        "referred": _("移送拒执（件）"),
        "accepted": _("公安机关立案（件）"),
        "declined": _("公安机关不予立案（件）"),
        "overdue": _("逾期未答复（件）"),
        "private": _("拒执自诉（件）"),
        "convicted": _("拒执定罪（件）"),
        "recovered_amount": _("因移送追回金额"),
        "fines": _("罚款（次）"),
        "detentions": _("拘留（次）"),
    },
    "criminal": {
        "transferred": _("移送执行（件）"),
        "items": _("移送执行事项（项）"),
        "due_amount": _("移送执行金额"),
        "recovered_amount": _("刑事涉财到位金额"),
        "paid_victims_amount": _("发还被害人金额"),
        "paid_treasury_amount": _("上缴国库金额"),
    },
}
FIGURE_AREAS: dict[str, Any] = {
    "mediation": _("诉前调解"),
    "performance": _("自动履行"),
    "enforcement": _("繁简分流"),
    "hearings": _("执行听证"),
    "credit": _("信用惩戒"),
    "refusal": _("打击拒执"),
    "criminal": _("刑事裁判涉财产部分执行"),
}
LEVELS: dict[str, Any] = {
    "supreme": _("最高人民法院"),
    "high": _("高级人民法院"),
    "intermediate": _("中级人民法院"),
    "basic": _("基层人民法院"),
    "special": _("专门人民法院"),
}
#: the case lists behind the tree's counts
MEASURES: dict[str, Any] = {
    "intake": _("收案数"),
    "closed": _("结案数"),
    "pending": _("存案数"),
}


def indicator_name(key: str) -> str:
    """The indicator's name, or its id when unknown."""
    entry = INDICATORS.get(key)
    return str(entry[0]) if entry else key


def campaign_names() -> dict[str, str]:
    """Each saved campaign's name in the current language (one read of the definitions)."""
    from django.utils.translation import get_language

    from zhiyuan.governance.selectors import campaigns

    english = (get_language() or "").startswith("en")
    return {c.id: c.name_en if english else c.name_zh for c in campaigns()}


def campaign_name(key: str, names: dict[str, str] | None = None) -> str:
    """The name of a campaign in the current language: its saved name, else the built-in one, else its id."""
    found = (campaign_names() if names is None else names).get(key)
    return found if found is not None else str(CAMPAIGNS.get(key, key))


def figure(area: str, key: str, value: Any) -> tuple[str, str]:
    """An optional figure's name (as its definition names it: ``command.definitions``) and display value,
    its kind read from the key's suffix."""
    from zhiyuan.command.definitions import FIGURES as DEFINED

    defined = DEFINED.get(area, {}).get(key)
    name = defined.name if defined else str(FIGURES.get(area, {}).get(key, key))
    if value is None:
        return name, "—"
    if key.endswith("_rate"):
        return name, percent(value)
    if key.endswith("_days"):
        return name, f"{value:.1f}" if isinstance(value, float) else str(value)
    if "amount" in key:
        return name, yuan_compact(value)
    return name, f"{value:,}" if isinstance(value, int) else str(value)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def percent(value: Any) -> str:
    """A fraction as a percentage with two places (44.32%), or — when undefined (empty denominator)."""
    number = _decimal(value)
    return "—" if number is None else f"{number * 100:.2f}%"


def yuan(value: Any) -> str:
    """Exact yuan with thousands separators (¥1,234.50)."""
    number = _decimal(value)
    return "—" if number is None else f"¥{number:,.2f}"


def yuan_compact(value: Any) -> str:
    """Large amounts for a screen: 亿元 / 万元 in Chinese, billion / million in English."""
    number = _decimal(value)
    if number is None:
        return "—"
    if get_language() == "en":
        for size, unit in ((Decimal(10) ** 9, " bn"), (Decimal(10) ** 6, " m")):
            if abs(number) >= size:
                return f"¥{number / size:,.2f}{unit}"
        return f"¥{number:,.2f}"
    for size, unit in ((Decimal(10) ** 8, " 亿元"), (Decimal(10) ** 4, " 万元")):
        if abs(number) >= size:
            return f"{number / size:,.2f}{unit}"
    return f"{number:,.2f} 元"


def formatted(key: str, value: Any) -> str:
    """An indicator's value for display, by its kind."""
    kind = INDICATORS.get(key, (None, "count"))[1]
    if value is None:
        return "—"
    if kind == "rate":
        return percent(value)
    if kind == "amount":
        return yuan_compact(value)
    if kind == "ratio":
        number = _decimal(value)
        return "—" if number is None else f"{number:.2f}"
    if kind == "days":
        number = _decimal(value)
        return "—" if number is None else f"{number:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)
