"""What every figure of the command center means, in both languages: the page ``/command/definitions/``
shows them, and every figure on the overview links to its entry (``#<anchor>``).

The governance indicators' English definitions are the registry's own (``governance.definitions`` through ``governance.selectors``, the
text of docs/indicators.md); their Chinese ones are here. Two figures with different definitions never
share a name: the indicator 诉前调解成功率 (by closing, over 民诉前调 cases) and the mediation figure
委派调解成功率 (by delegation date, over delegated mediations with an outcome) are told apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from zhiyuan.governance.selectors import indicator_definitions


@dataclass(frozen=True, slots=True)
class Definition:
    """One figure: its anchor on the definitions page, names and definitions in both languages."""

    anchor: str
    zh: str
    en: str
    definition_zh: str
    definition_en: str
    source: str = ""

    @property
    def name(self) -> str:
        return self.en if (get_language() or "").startswith("en") else self.zh

    @property
    def text(self) -> str:
        return self.definition_en if (get_language() or "").startswith("en") else self.definition_zh


E = "执行实施案件（执、执恢，不含执保）"
ZH: dict[str, str] = {
    "intake": f"期间内立案的{E}件数。",
    "closed": f"期间内结案的{E}件数。",
    "pending": f"截至期末已立案且期末尚未结案的{E}件数。",
    "full_performance_rate": f"期间内结案的{E}中，以“执行完毕”或“和解履行完毕”方式结案的件数 ÷ 结案数。",
    "tcp_rate": f"期间内结案的{E}中，以“终结本次执行程序”方式结案的件数 ÷ 结案数。",
    "first_enforcement_tcp_rate": "期间内结案的首次执行案件（执，不含执恢）中，终结本次执行程序的件数 ÷ 首次执行案件结案数。",
    "recovery_rate": f"期间内结案且标的额大于零的{E}，各案执行到位金额（以该案标的额为上限）之和 ÷ 标的额之和；"
    "超出标的额的部分（利息、费用）不计入，故不超过 100%。",
    "recovered_amount": f"期间内结案的{E}执行到位金额之和（不设上限）。",
    "mean_enforcement_days": f"期间内结案的{E}，自立案至结案的平均天数（保留一位小数）。",
    "judgment_to_enforcement_rate": "期间内生效的民事裁判（以判决或调解结案的民终案件，及未上诉的民初案件）中，"
    "截至期末已有衍生执行案件立案的比例。",
    "mediation_success_rate": "期间内结案的诉前调解案件（民诉前调）中，以调解成功或司法确认结案的件数 ÷ 期间内结案的诉前调解案件数（按结案日计）。",
    "mediation_enforcement_rate": "期间内调解成功的诉前调解案件中，其纠纷截至期末已有执行案件立案的比例。",
    "case_per_dispute": "期间内在本辖区首次立案的纠纷，其诉讼和执行案件总数 ÷ 纠纷数（不含诉前调解与保全案件）。",
    "derivative": "期间内立案的案件，按衍生类型（上诉、执行、执行异议等）计数。",
}
#: the overview's own names of the indicators where they differ from the registry's
NAMES_ZH = {
    "intake": "收案数",
    "closed": "结案数",
    "pending": "存案数",
    "mean_enforcement_days": "平均执行用时（天）",
}
NAMES_EN = {"mean_enforcement_days": "Mean enforcement days"}


def _indicators() -> dict[str, Definition]:
    out = {}
    for key, entry in indicator_definitions().items():
        out[key] = Definition(
            key,
            NAMES_ZH.get(key, entry.name_zh),
            NAMES_EN.get(key, entry.name_en),
            ZH[key],
            entry.definition,
            entry.source,
        )
    return out


INDICATORS = _indicators()
#: where the triage figures are computed
SOURCE = "zhiyuan.enforcement.selectors.figures"
#: the figures of the mediation and performance apps on the overview (``<area>.<key>``)
FIGURES: dict[str, dict[str, Definition]] = {
    "mediation": {
        "mediation_success_rate": Definition(
            "mediation-mediation_success_rate",
            "委派调解成功率",
            "Delegated mediation success rate",
            "期间内委派的调解中，调解成功的件数 ÷（调解成功 + 调解不成）的件数（按委派日计；撤回和仍在调解中的不计）。"
            "与按结案日统计诉前调解案件的“诉前调解成功率”口径不同。",
            "Mediations delegated in the period that succeeded ÷ those that succeeded or failed (by "
            "delegation date; withdrawn and pending ones excluded). Not the indicator 'Pre-litigation "
            "mediation success rate', which counts 民诉前调 cases by closing date.",
            "zhiyuan.mediation.selectors.figures",
        ),
        "mean_mediation_days": Definition(
            "mediation-mean_mediation_days",
            "平均调解用时（天）",
            "Mean mediation days",
            "期间内委派且已调解成功或调解不成的调解，自委派至结束的平均天数。",
            "Mean days from delegation to the end, over mediations delegated in the period that "
            "succeeded or failed.",
            "zhiyuan.mediation.selectors.figures",
        ),
        "delegated": Definition(
            "mediation-delegated",
            "委派调解（件）",
            "Delegated",
            "期间内委派给调解组织的纠纷件数。",
            "Disputes delegated to a mediation organization in the period.",
        ),
        "succeeded": Definition(
            "mediation-succeeded",
            "调解成功（件）",
            "Succeeded",
            "期间内委派、已调解成功的件数。",
            "Delegated in the period and succeeded.",
        ),
        "failed": Definition(
            "mediation-failed",
            "调解不成（件）",
            "Failed",
            "期间内委派、调解不成的件数。",
            "Delegated in the period and failed.",
        ),
        "withdrawn": Definition(
            "mediation-withdrawn",
            "撤回调解（件）",
            "Withdrawn",
            "期间内委派、当事人撤回的件数。",
            "Delegated in the period and withdrawn.",
        ),
        "pending": Definition(
            "mediation-pending",
            "调解中（件）",
            "Still mediating",
            "期间内委派、仍在调解中的件数。",
            "Delegated in the period and still mediating.",
        ),
    },
    "performance": {
        "voluntary_performance_rate": Definition(
            "performance-voluntary_performance_rate",
            "自动履行率",
            "Voluntary performance rate",
            "期间内生效的执行依据（判决、调解书、司法确认裁定）中，义务人未经申请执行即全部履行的件数 ÷ 生效执行依据件数"
            "（按生效日计）。与按执行案件结案方式计算的“执行完毕率”口径不同。",
            "Titles that took effect in the period and were fully performed with no enforcement "
            "application ÷ titles that took effect in the period. Not the 'Full performance rate', "
            "which is over closed enforcement cases.",
            "zhiyuan.performance.selectors.figures",
        ),
        "urging_success_rate": Definition(
            "performance-urging_success_rate",
            "执前督促成功率",
            "Urging success rate",
            "期间内开始的执前督促中，督促期内履行完毕的件数 ÷ 开始的执前督促件数（按申请日计）。",
            "Urging periods opened in the period that ended in performance ÷ urging periods opened.",
            "zhiyuan.performance.selectors.figures",
        ),
        "titles": Definition(
            "performance-titles",
            "生效法律文书（件）",
            "Titles",
            "期间内生效并纳入履行跟踪的执行依据件数。",
            "Titles that took effect in the period.",
        ),
        "performed": Definition(
            "performance-performed",
            "自动履行完毕（件）",
            "Performed voluntarily",
            "期间内生效、未经申请执行即全部履行的执行依据件数。",
            "Titles of the period fully performed with no enforcement application.",
        ),
        "urging_opened": Definition(
            "performance-urging_opened",
            "执前督促（件）",
            "Urging periods",
            "期间内开始的执前督促件数。",
            "Urging periods opened in the period.",
        ),
        "urging_performed": Definition(
            "performance-urging_performed",
            "督促后履行（件）",
            "Performed after urging",
            "期间内开始、督促期内履行完毕的执前督促件数。",
            "Urging periods of the period that ended in performance.",
        ),
        "auto_filed": Definition(
            "performance-auto_filed",
            "督促期满转执行立案（件）",
            "Filed after urging",
            "期间内开始、督促期满未履行而转为执行立案的件数。",
            "Urging periods of the period that lapsed and filed an enforcement case.",
        ),
    },
    "enforcement": {
        "simple_open": Definition(
            "enforcement-simple_open",
            "未结简案（件）",
            "Open simple-track cases",
            "辖区内现未结的执行实施案件（执、执恢、执保）中，繁简分流现为简案的件数（含承办人人工调整的结果；不受期间限制）。",
            "Open enforcement cases (执, 执恢, 执保) of the district whose track in force is simple (an "
            "officer's override included; not limited to the period).",
            SOURCE,
        ),
        "complex_open": Definition(
            "enforcement-complex_open",
            "未结繁案（件）",
            "Open complex-track cases",
            "辖区内现未结的执行实施案件中，繁简分流现为繁案的件数（含人工调整；不受期间限制）。",
            "Open enforcement cases of the district whose track in force is complex (overrides included; "
            "not limited to the period).",
            SOURCE,
        ),
        "untriaged_open": Definition(
            "enforcement-untriaged_open",
            "未结未分流（件）",
            "Open cases not triaged",
            "辖区内现未结的执行实施案件中，尚未分流或因未登记申请执行标的额而无法分流的件数。",
            "Open enforcement cases of the district not triaged yet, or without a claim amount to triage on.",
            SOURCE,
        ),
        "simple_quick_rate": Definition(
            "enforcement-simple_quick_rate",
            "简案45日内结案率",
            "Simple track closed within 45 days",
            "期间内结案、分流为简案的执行实施案件中，自立案起45日内结案的件数 ÷ 结案数。衡量分流是否准确：简案应快结。",
            "Simple-track enforcement cases closed in the period that closed within 45 days of filing ÷ "
            "those closed. Measures triage: simple cases should close quickly.",
            SOURCE,
        ),
        "complex_quick_rate": Definition(
            "enforcement-complex_quick_rate",
            "繁案45日内结案率",
            "Complex track closed within 45 days",
            "期间内结案、分流为繁案的执行实施案件中，自立案起45日内结案的件数 ÷ 结案数；与简案的差距越大，分流越有区分力。",
            "Complex-track enforcement cases closed in the period that closed within 45 days of filing ÷ "
            "those closed; the wider the gap to the simple track, the better triage separates.",
            SOURCE,
        ),
    },
    "hearings": {
        "held": Definition(
            "hearings-held",
            "听证（次）",
            "Hearings held",
            "期间内举行的执行听证次数（按听证日计）。",
            "Enforcement hearings held in the period (by hearing date).",
            "zhiyuan.enforcement.hearings.selectors.overview_figures",
        ),
        "objections_filed": Definition(
            "hearings-objections_filed",
            "执行异议案件（件）",
            "Objection cases filed",
            "期间内立案的执异案件数。",
            "执异 cases filed in the period.",
            "zhiyuan.enforcement.hearings.selectors.overview_figures",
        ),
        "objections_heard": Definition(
            "hearings-objections_heard",
            "经听证的执行异议案件（件）",
            "Objection cases heard",
            "期间内立案的执异案件中，已举行听证的件数。",
            "执异 cases filed in the period with a hearing held.",
            "zhiyuan.enforcement.hearings.selectors.overview_figures",
        ),
        "objection_heard_rate": Definition(
            "hearings-objection_heard_rate",
            "执行异议案件听证率",
            "Share of objection cases heard",
            "期间内立案的执异案件中，已举行听证的件数 ÷ 立案数。",
            "执异 cases filed in the period with a hearing held ÷ those filed.",
            "zhiyuan.enforcement.hearings.selectors.overview_figures",
        ),
        "median_wait_days": Definition(
            "hearings-median_wait_days",
            "申请至听证天数（中位数）",
            "Median days from request to hearing",
            "期间内举行的听证，自申请听证之日至听证之日天数的中位数。",
            "Median days from the request to the hearing, over hearings held in the period.",
            "zhiyuan.enforcement.hearings.selectors.overview_figures",
        ),
    },
    "credit": {
        "listed": Definition(
            "credit-listed",
            "公布失信（人次）",
            "Listed",
            "期间内公布的失信被执行人名单条数（按公布日计）。",
            "Dishonest-debtor listings published in the period (by publication date).",
            "zhiyuan.credit.selectors.figures",
        ),
        "deleted": Definition(
            "credit-deleted",
            "删除失信（人次）",
            "Deleted",
            "期间内删除的失信信息条数（按删除日计，含信用修复）。",
            "Listings deleted in the period (by deletion date; restorations included).",
            "zhiyuan.credit.selectors.figures",
        ),
        "deleted_on_time": Definition(
            "credit-deleted_on_time",
            "按期删除（人次）",
            "Deleted on time",
            "期间内删除的失信信息中，删除日不晚于应删除日（删除事由发生后三个工作日内）的条数。",
            "Listings deleted in the period no later than their deletion deadline (three working days "
            "after the trigger).",
            "zhiyuan.credit.selectors.figures",
        ),
        "restored": Definition(
            "credit-restored",
            "信用修复（人次）",
            "Restored",
            "期间内准予信用修复的申请件数（按审查日计）。",
            "Restoration requests granted in the period (by decision date).",
            "zhiyuan.credit.selectors.figures",
        ),
        "restrictions_in_force": Definition(
            "credit-restrictions_in_force",
            "限制消费中（人）",
            "Restrictions in force",
            "辖区内现仍有效的限制消费令件数（不受期间限制）。",
            "Consumption restriction orders of the district in force now (not limited to the period).",
            "zhiyuan.credit.selectors.figures",
        ),
    },
    "refusal": {
        "referred": Definition(
            "refusal-referred",
            "移送拒执（件）",
            "Referred",
            "期间内移送公安机关的拒执案件数（按移送日计）。",
            "Refusals referred to the police in the period (by referral date).",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "accepted": Definition(
            "refusal-accepted",
            "公安机关立案（件）",
            "Accepted by the police",
            "期间内移送的拒执案件中，公安机关答复立案的件数。",
            "Referrals of the period the police answered by opening a case.",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "declined": Definition(
            "refusal-declined",
            "公安机关不予立案（件）",
            "Declined by the police",
            "期间内移送的拒执案件中，公安机关不予立案的件数。",
            "Referrals of the period the police declined.",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "overdue": Definition(
            "refusal-overdue",
            "逾期未答复（件）",
            "Answer overdue",
            "期间内移送的拒执案件中，公安机关决定期限已届满仍未答复的件数（法发〔2025〕8号：7日，重大疑难复杂的30日）。",
            "Referrals of the period still unanswered after the police's last day (7 days, 30 for complex cases).",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "private": Definition(
            "refusal-private",
            "拒执自诉（件）",
            "Private prosecutions",
            "期间内移送的拒执案件中，申请执行人已提起自诉（刑初案件）的件数。",
            "Referrals of the period followed by the applicant's private prosecution (a 刑初 case).",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "convicted": Definition(
            "refusal-convicted",
            "拒执定罪（件）",
            "Convicted",
            "期间内移送的拒执案件中，以有罪判决结案的件数。",
            "Referrals of the period that ended in a conviction.",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "recovered_amount": Definition(
            "refusal-recovered_amount",
            "因移送追回金额",
            "Recovered because of the referral",
            "期间内移送的拒执案件中，被执行人在移送、追诉后履行的金额之和（承办人登记）。",
            "Money the debtors paid after being referred or prosecuted, as the officers recorded it, over referrals of the period.",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "fines": Definition(
            "refusal-fines",
            "罚款（次）",
            "Fines",
            "期间内经院长批准的罚款决定数（按决定日计）。",
            "Fines approved by the president in the period (by decision date).",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
        "detentions": Definition(
            "refusal-detentions",
            "拘留（次）",
            "Detentions",
            "期间内经院长批准的拘留决定数（按决定日计）。",
            "Detentions approved by the president in the period (by decision date).",
            "zhiyuan.enforcement.refusal.selectors.overview_figures",
        ),
    },
    "criminal": {
        "transferred": Definition(
            "criminal-transferred",
            "移送执行（件）",
            "Transferred",
            "期间内刑事审判部门移送执行的刑事裁判涉财产部分件数（按移送日计，执行法院在辖区内）。",
            "Criminal judgments whose property parts the trial division transferred for enforcement in the "
            "period (by transfer date; enforcing court in the district).",
            "zhiyuan.funds.criminal.figures",
        ),
        "items": Definition(
            "criminal-items",
            "移送执行事项（项）",
            "Items transferred",
            "上述移送的执行事项数（罚金、没收财产、责令退赔、追缴、医疗费用、其他民事债务各计一项）。",
            "The items of those transfers (each fine, confiscation, restitution, recovery, medical expense "
            "and civil debt counts once).",
            "zhiyuan.funds.criminal.figures",
        ),
        "due_amount": Definition(
            "criminal-due_amount",
            "移送执行金额",
            "Amount due",
            "上述移送的执行事项金额之和（元）。",
            "The sum of those items' amounts (yuan).",
            "zhiyuan.funds.criminal.figures",
        ),
        "recovered_amount": Definition(
            "criminal-recovered_amount",
            "刑事涉财到位金额",
            "Amount recovered",
            "上述移送所立执行案件至今到账的案款（未冲正）之和（元）。",
            "Money received to date (not reversed) on the enforcement cases those transfers filed (yuan).",
            "zhiyuan.funds.criminal.figures",
        ),
        "paid_victims_amount": Definition(
            "criminal-paid_victims_amount",
            "发还被害人金额",
            "Paid to victims",
            "上述执行案件至今发放给被害人（申请执行人）的案款（未冲正）之和（元）。",
            "Money paid to date (not reversed) to victims (the applicants) on those cases (yuan).",
            "zhiyuan.funds.criminal.figures",
        ),
        "paid_treasury_amount": Definition(
            "criminal-paid_treasury_amount",
            "上缴国库金额",
            "Paid to the treasury",
            "上述执行案件至今上缴国库的罚金、没收财产和追缴款（未冲正）之和（元）。",
            "Fines, confiscation and recovered gains paid to the treasury to date (not reversed) on those "
            "cases (yuan).",
            "zhiyuan.funds.criminal.figures",
        ),
    },
}
OVERDUE = Definition(
    "overdue",
    "节点超期",
    "Overdue nodes",
    "辖区内未结案件中，仍在计算且届满日早于今天的法定期限（执行期限、执行通知、司法确认受理等）个数。",
    "Statutory deadlines still running on open cases of the district whose last day was before today.",
    "zhiyuan.cases.selectors.overdue_deadlines",
)
CAMPAIGNS = Definition(
    "campaigns",
    "专项行动",
    "Campaigns",
    f"各专项行动按案由、标的额、案件类型、执行依据类型、法院等条件筛选期间内结案的{E}：结案数及其执行到位金额之和。"
    "专项行动在平台中保存和管理。",
    "Each campaign filters the enforcement cases closed in the period (by cause, claim, case type, title "
    "type, court, derived cases): their number and the sum of their recovered amounts. Campaigns are saved "
    "and managed in the platform.",
    "zhiyuan.command.campaigns (initial data: src/zhiyuan/governance/campaigns.yaml)",
)


def every() -> list[Definition]:
    """Every definition, in page order."""
    from zhiyuan.command import board_definitions  # it builds on Definition, defined here

    return [
        *INDICATORS.values(),
        *(d for area in FIGURES.values() for d in area.values()),
        OVERDUE,
        CAMPAIGNS,
        *board_definitions.every(),
    ]


def anchor(area: str, key: str) -> str:
    """The anchor of a figure on the definitions page ("" when it has no definition)."""
    if area == "indicators":
        return key if key in INDICATORS else ""
    found = FIGURES.get(area, {}).get(key)
    return found.anchor if found else ""
