"""The registry of rules exposed as ``zhiyuan law RULE`` (and ``/api/law/RULE``).

Each entry names its input fields and the citations it may apply, so ``zhiyuan law list`` and
``docs/rules.md`` are generated from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from zhiyuan.law import (
    auction,
    bankruptcy,
    case_numbers,
    causes,
    criminal_property,
    deadlines,
    disbursement,
    dishonesty,
    distribution,
    executability,
    fees,
    hearings,
    identity,
    interest,
    performance,
    termination,
    triage,
)
from zhiyuan.law.citations import CIVIL_CODE_PERIODS, Citation
from zhiyuan.law.deadlines import MORE_THAN
from zhiyuan.law.errors import LawError
from zhiyuan.law.reference import Reference


@dataclass(frozen=True)
class Rule:
    """One rule: what it reads, what it answers, what it cites."""

    name: str
    summary_zh: str
    summary_en: str
    inputs: dict[str, str]
    outputs: list[str]
    run: Callable[[object, Reference], dict[str, Any]]
    citations: Callable[[Reference], list[Citation]]
    parameters: Callable[[Reference], list[str]] = field(default=lambda ref: [])
    #: an optional date input that the CLI and the API fill with today's date when it is absent
    #: (``law/`` reads no clock; the edge does)
    today_input: str = ""

    def with_today(self, facts: object, today: dt.date) -> object:
        """``facts`` with :attr:`today_input` set to ``today`` unless the caller gave it."""
        if self.today_input and isinstance(facts, dict) and facts.get(self.today_input) is None:
            return {**facts, self.today_input: today.isoformat()}
        return facts

    def describe(self, ref: Reference) -> dict[str, Any]:
        """The ``zhiyuan law list`` entry."""
        return {
            "name": self.name,
            "summary_zh": self.summary_zh,
            "summary_en": self.summary_en,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "citations": [c.as_dict() | {"text": c.text()} for c in self.citations(ref)],
            "parameters": [_param(ref, name) for name in self.parameters(ref)],
        }


def _param(ref: Reference, name: str) -> dict[str, Any]:
    p = ref.params[name]
    return {
        "name": name,
        "description_zh": p.description_zh,
        "description_en": p.description_en,
        "values": [{"from": start.isoformat(), "value": value} for start, value in p.values],
        "citation": p.citation.text(),
        "verified": p.citation.verified,
    }


def _text(facts: object) -> object:
    if not isinstance(facts, dict) or "text" not in facts:
        raise LawError("missing_field", "缺少字段：text。", "Missing field(s): text.", fields=["text"])
    return facts["text"]


def _params(ref: Reference, prefix: str) -> list[Citation]:
    return [ref.params[n].citation for n in ref.params.names(prefix)]


RULES: dict[str, Rule] = {
    r.name: r
    for r in [
        Rule(
            "casenum",
            "解析案号：规范化、收案年度、法院代字及层级、类型代字及类别、案件编号；2016年前的“字第”案号按旧案号解析"
            "（法院简称照录，能唯一确定时才对应法院）。",
            "Parse one case number: normalised form, year, court code and level, type code and class, sequence; "
            "a pre-2016 字第 number parses as legacy (the court abbreviation as written, a court only where it "
            "is unambiguous).",
            {"text": "the case number, e.g. （2017）京04民终367号"},
            [
                "ok",
                "normalized",
                "year",
                "court_code",
                "court_abbreviation",
                "court_level",
                "court_kind",
                "province",
                "specialized_code",
                "type_code",
                "type_class",
                "enforcement_kind",
                "sequence",
                "suffix",
                "legacy",
                "court_name",
                "warnings",
                "citation",
                "citations",
                "error",
            ],
            lambda facts, ref: case_numbers.parse(_text(facts), ref.case_numbers),
            lambda ref: [
                case_numbers.CASE_NUMBER_RULE,
                case_numbers.SPECIALIZED_RULE,
                case_numbers.SERIES_RULE,
                case_numbers.LEGACY_RULE,
            ],
            lambda ref: ["case_numbers.specialized_codes", "case_numbers.legacy_court_abbreviations"],
        ),
        Rule(
            "casenum-extract",
            "从自由文本中提取全部案号（展开“第682号、第683号”等列举）。",
            "Extract every case number from free text, expanding lists such as 第682号、第683号.",
            {"text": "free text"},
            ["ok", "count", "case_numbers"],
            lambda facts, ref: case_numbers.extract(_text(facts), ref.case_numbers),
            lambda ref: [case_numbers.CASE_NUMBER_RULE],
        ),
        Rule(
            "fee",
            "诉讼费用：案件受理费（含人格权、管辖权异议、不交纳受理费的案件）与申请费（执行、保全、支付令、破产、"
            "海事等）。减半交纳仅适用于案件受理费（《诉讼费用交纳办法》第十五条、第十六条、第十八条）：对申请费"
            "请求减半的，拒绝并返回 reduction_not_applicable。幅度内由省级制定标准的（第十三条末款）取参数默认值并列出幅度。",
            "Litigation fees: case acceptance fees (including personality rights, failed jurisdiction objections "
            "and cases with no fee) and application fees (enforcement, preservation, payment order, bankruptcy, "
            "maritime and others). Halving applies to the case acceptance fee only (Arts 15, 16, 18 of the "
            "Measures): asking to halve an application fee is refused with reduction_not_applicable. Where the "
            "province sets the figure within a range (Art 13, last paragraph), the parameter's default is used "
            "and the range is shown.",
            {
                "kind": "|".join(fees.KINDS),
                "amount": "yuan as a string, or null (divorce: the property to divide; personality_rights: the "
                "damages claimed)",
                "reduction": "null | half (case acceptance fees only)",
                "ground": "no_fee only: " + " | ".join(fees.NO_FEE_GROUNDS) + " (办法 Art 8)",
                "on": "optional date; the schedule in force on it (default: the latest)",
            },
            [
                "kind",
                "category",
                "ground",
                "amount",
                "reduction",
                "fee",
                "range",
                "brackets",
                "warnings",
                "citation",
                "citations",
            ],
            lambda facts, ref: fees.compute(facts, ref.params),
            lambda ref: [*_params(ref, "fees."), fees.JUDICIAL_CONFIRMATION],
            lambda ref: ref.params.names("fees."),
        ),
        Rule(
            "delay-interest",
            "迟延履行期间加倍部分债务利息（日万分之一点七五，分段计算，先清偿金钱债务）。分期履行的，各期自其履行"
            "期间届满之日起算，付款先冲抵先到期的一期；非因被执行人申请、为审查生效法律文书而中止或暂缓执行的期间及再审"
            "中止执行的期间（suspensions，首尾两日均含，由调用方判断是否属于此类）不计算，重叠的期间合并，部分超出范围的截去，完全超出或首尾颠倒的拒绝；2014年8月1日前的迟延期间"
            "按之前的规定计算，本规则只报告该期间（period_before_2014），自2014年8月1日起计算。",
            "The doubled part of delay interest (0.0175 % a day, per part paid, money debt paid first). "
            "Instalments run each from its own due date, payments going to the earliest-due instalment first; "
            "suspensions or postponements for review of the title not at the debtor's request, and suspensions "
            "for a retrial (both days inclusive; the caller decides which qualify), bear none, overlapping ones are "
            "merged, ones partly outside the range clipped, ones wholly outside or inverted refused; delay "
            "before 2014-08-01 falls under the earlier rule and is reported (period_before_2014), the "
            "computation starting on 2014-08-01.",
            {
                "debt": "yuan as a string (or give instalments)",
                "due": "last day allowed for performance (or give instalments)",
                "instalments": "[{due, amount}] instead of debt and due: an instalment title",
                "until": "date of computation or full performance",
                "payments": "[{on, amount}]",
                "suspensions": "[{from, to}] periods of 中止/暂缓执行 for review of the title not at the debtor's "
                "request, or of 再审中止执行 (Art 3 para 3), both days inclusive",
            },
            [
                "doubled_interest",
                "days",
                "segments",
                "principal_outstanding",
                "paid_towards_interest",
                "period_before_2014",
                "suspended",
                "by_instalment",
                "warnings",
                "citation",
                "citations",
            ],
            lambda facts, ref: interest.compute(facts, ref.params),
            lambda ref: [
                *_params(ref, "interest."),
                interest.ARTICLE_2,
                interest.ARTICLE_3,
                interest.ARTICLE_3_SUSPENSION,
                interest.ARTICLE_4,
                interest.ARTICLE_7,
                interest.REPLY_2009,
            ],
            lambda ref: ref.params.names("interest."),
        ),
        Rule(
            "deadline",
            "法定期限的届满日：为某行为设定的期间（act）届满日为法定休假日的顺延（调休工作日计为工作日）；"
            "制裁期间（sanction，如失信名单期限）与查封、扣押、冻结期限（measure）不顺延；须“已超过”的等待期间"
            "（waiting，如终本须自立案起已超过三个月）的 due 为期间届满的次日，不顺延。申请执行期间接受中断、中止"
            "与分期履行；查封、扣押、冻结接受续行。条文号按起算日施行的版本引用。",
            "Due date of a statutory period: a period for an act (act) whose last day is a holiday moves to the "
            "next working day (make-up working days count); a sanction's duration (sanction, e.g. the "
            "dishonesty listing) and a seal's or freeze's lifetime (measure) never move; for a time that must "
            "have passed (waiting, e.g. 终本 only after more than three months) 'due' is the day after the "
            "period, never moved. The enforcement application period takes interruptions, suspensions and "
            "instalments; seals and freezes take renewals. Articles are cited in the version in force on the "
            "start date.",
            {
                "rule": "one of the names in the parameters deadlines.*",
                "start": "date the period starts (not with instalments / last_instalment_due)",
                "interruptions": "enforcement_application_limitation only: [dates]; the period runs afresh "
                "from each",
                "suspensions": "enforcement_application_limitation only: [{from, to}]; to = the day the cause "
                "ended; counts when within the last six months",
                "instalments": "enforcement_application_limitation only: [each instalment's last day], "
                "instead of start",
                "last_instalment_due": "enforcement_application_limitation only: the last instalment's last "
                "day, instead of start",
                "renewals": "bank_freeze, movable_seal, real_estate_seal only: [{on, amount?, unit?}]; "
                "default the longest renewal allowed",
            },
            [
                "rule",
                "start",
                "period",
                "due",
                "rolled_from",
                "period_end",
                "events",
                "instalments",
                "renewals",
                "renewal_max",
                "warnings",
                "citation",
                "citations",
            ],
            lambda facts, ref: deadlines.compute(facts, ref.params, ref.calendar),
            lambda ref: [*_params(ref, "deadlines."), *_params(ref, "periods."), CIVIL_CODE_PERIODS],
            lambda ref: [*ref.params.names("deadlines."), *ref.params.names("periods.")],
        ),
        Rule(
            "identity",
            "证件号码（居民身份证、港澳台居民居住证、统一社会信用代码、护照、港澳/台湾居民通行证、外国人永久居留"
            "身份证）：校验、脱敏、出生日期、地区。",
            "Identity document numbers (resident ID, HK/Macao/Taiwan residence permit, credit code, passport, "
            "travel permits, foreign permanent resident ID): check, mask, birth date, region.",
            {
                "number": "the document number",
                "type": "optional: " + " | ".join(identity.ID_TYPES) + " (default: from the shape)",
                "on": "optional date of the check: a later birth date is invalid (CLI and API: today)",
            },
            [
                "kind",
                "kind_zh",
                "kind_en",
                "valid",
                "reason",
                "message_zh",
                "message_en",
                "masked",
                "birth_date",
                "sex",
                "region",
                "region_code",
                "on",
                "warnings",
                "citation",
                "citations",
            ],
            lambda facts, ref: identity.check(facts, ref.params, ref.regions),
            lambda ref: [
                identity.GB_11643,
                identity.GB_32100,
                identity.RESIDENCE_PERMIT,
                identity.LIFELONG_NUMBER,
                *_params(ref, "identity."),
            ],
            lambda ref: ref.params.names("identity."),
            today_input="on",
        ),
        Rule(
            "cause",
            "按立案日期适用的案由规定版本查询案由。",
            "Look up causes of action in the edition in force on a date.",
            {"query": "text to look for (empty: the first-level parts)", "on": "filing date"},
            ["query", "on", "edition", "count", "matches", "citation", "citations"],
            lambda facts, ref: causes.lookup(facts, ref.causes),
            lambda ref: [e.citation for e in ref.causes.editions],
        ),
        Rule(
            "executability",
            "可执行性审查：判项或调解协议是否写明谁向谁、给付什么、多少、何时，义务人是否可识别。",
            "Executability check: who pays whom, what, how much and by when; is the obligor identified.",
            {
                "kind": "judgment | mediation_agreement",
                "parties": "[{ref, name, id_type, id_number, role}] (id_type optional: from the number's shape)",
                "items": "[{obligors, obligee, liability, type, amount, due, instalments, act, object, interest}]",
                "on": "optional date of the title (effective_on is read too): the article's version; "
                "default the current one",
            },
            ["kind", "executable", "errors", "warnings_count", "findings", "citation", "citations"],
            lambda facts, ref: executability.check(facts, ref.params),
            lambda ref: _params(ref, "executability."),
            lambda ref: ref.params.names("executability."),
        ),
        Rule(
            "performance",
            "履行计划与执前督促：生效法律文书的履行事项、各期履行期限、合计金额，以及执前督促期限届满日。",
            "Performance plan and pre-enforcement urging: obligations with due dates, the total, and the last "
            "day of the urging period.",
            {
                "kind": "judgment | mediation_agreement",
                "effective_on": "date the title took effect",
                "parties": "[{ref, name, id_type, id_number, role}] (id_type optional)",
                "items": "the executability format",
                "applied_on": "optional date of the enforcement application (opens the urging period)",
            },
            [
                "executable",
                "findings",
                "obligations",
                "total_amount",
                "last_due",
                "urging",
                "warnings",
                "citation",
                "citations",
            ],
            lambda facts, ref: performance.plan(facts, ref.params, ref.calendar),
            lambda ref: [performance.DUE_ON_EFFECT, *_params(ref, "performance."), CIVIL_CODE_PERIODS],
            lambda ref: ref.params.names("performance."),
        ),
        Rule(
            "triage",
            "执行案件繁简分流：无案外人异议、无须评估、被执行人下落明确，且已冻结扣划款项足以清偿"
            "（funds_cover_claim）、标的额不超过小额标准（small_claim，含本数）或十二个月工资足以清偿"
            "（salary_covers_claim）之一的，为简易案件，reasons 列出成立的快速执行条件；否则为复杂案件，reasons "
            "逐项列出阻却事由（third_party_objection、needs_valuation、whereabouts_unknown、no_quick_means），"
            "恢复执行（resumption）与被执行人未结执行案件多于三件（repeat_debtor）亦列为复杂案件。标准为各院"
            "可调整的参数（未核实的地方做法默认值），适用最新值。金额缺省或为 null 的按 0 计；各项事实须写明。",
            "Enforcement triage: simple when no third party objects, no valuation is needed, the debtor's "
            "whereabouts are known, and frozen plus deducted money covers the claim (funds_cover_claim), the "
            "claim is at most the small-claim limit (small_claim, the limit included) or twelve months of "
            "salary cover it (salary_covers_claim); reasons then lists the quick means that hold. Otherwise "
            "complex, with one reason per blocking fact (third_party_objection, needs_valuation, "
            "whereabouts_unknown, no_quick_means); a resumed case (resumption) and a debtor with more than "
            "three other pending cases (repeat_debtor) are complex too. The criteria are parameters a court "
            "may change (UNVERIFIED local-practice defaults); the latest values apply. An amount absent or "
            "null counts as 0; every fact must be stated.",
            {
                "claim_amount": "yuan, a decimal string or a JSON number, > 0",
                "frozen_amount": "yuan frozen so far (absent or null: 0)",
                "deducted_amount": "yuan deducted so far (absent or null: 0)",
                "salary_monthly": "the debtor's fixed monthly salary in yuan (absent or null: 0)",
                "needs_valuation": "true | false",
                "third_party_objection": "true | false",
                "debtor_whereabouts_unknown": "true | false",
                "is_resumption": "true | false (执恢)",
                "pending_cases_of_debtor": "whole number ≥ 0: other pending enforcement cases against the debtor",
            },
            ["track", "reasons", "citation", "citations"],
            lambda facts, ref: triage.classify(facts, ref.params),
            lambda ref: [triage.SPC_OPINION_ART_7, *_params(ref, "triage.")],
            lambda ref: ref.params.names("triage."),
        ),
        Rule(
            "hearing",
            "执行听证：听证事项是否在可以或者应当听证的清单内（must_hear 为应当听证），以及各参加人是否在听证日前"
            "规定日数（默认 3 日，未核实的地方规定）以前送达：送达日为 D、听证日为 H，H − D 不少于规定日数的为及时"
            "送达；未送达或送达过迟的列入 not_served，有一人未及时送达即不得举行听证（may_hold 为 false）。"
            "按听证日有效的参数适用。",
            "Enforcement hearing: whether the matter is on the list of matters that may or must be heard "
            "(must_hear), and whether every participant was served at least the notice days before the hearing "
            "(default 3, an UNVERIFIED local rule): served on day D, heard on day H, in time when H - D is at "
            "least the notice days; anyone not served or served later is listed in not_served and the hearing "
            "may not be held (may_hold false). The parameters in force on the hearing day apply.",
            {
                "matter": "the matter's code (hearings.matters)",
                "hearing_on": "date of the hearing (YYYY-MM-DD)",
                "participants": "[{id, served_on: YYYY-MM-DD | null}]",
            },
            ["matter", "notice_days", "latest_service_on", "not_served", "may_hold", "citation", "citations"],
            lambda facts, ref: hearings.check(facts, ref.params),
            lambda ref: hearings.citations(ref.params),
            lambda ref: ref.params.names("hearings."),
        ),
        Rule(
            "auction",
            "网络司法拍卖的最低起拍价与公告最迟日期：一拍起拍价不低于参考价（2018年9月1日前为评估价或市价）的"
            "70%，动产拍卖15日前、不动产和其他财产权拍卖30日前公告；一拍流拍后再次拍卖，起拍价降价幅度不超过前次"
            "起拍价的20%，动产7日前、不动产和其他财产权15日前公告。起拍价向上取整到分；公告日为拍卖日减去相应日历"
            "日数，不因节假日调整。按拍卖日适用的规定计算。",
            "Online judicial auction, the lowest reserve and the last day to announce: a first auction's "
            "reserve is at least 70 % of the reference price (before 2018-09-01: the valuation or market "
            "price), announced 15 days before for movables and 30 days for real estate and other property "
            "rights; a second auction after a failed first lowers the previous reserve by at most 20 %, "
            "announced 7 / 15 days before. The reserve is rounded up to the cent; announce_by is the auction "
            "date minus those calendar days, with no holiday shift. The rules in force on the auction date apply.",
            {
                "reference_price": "yuan, a decimal string or a JSON number, > 0 (required in round 1)",
                "round": "1 (first auction) | 2 (second auction after a failed first)",
                "previous_reserve": "yuan, the failed first auction's reserve (required in round 2; null in round 1)",
                "asset": " | ".join(auction.ASSETS),
                "auction_on": "date of the auction (YYYY-MM-DD)",
            },
            [
                "round",
                "asset",
                "basis",
                "min_reserve",
                "share",
                "notice_days",
                "announce_by",
                "warnings",
                "citation",
                "citations",
            ],
            lambda facts, ref: auction.compute(facts, ref.params),
            lambda ref: _params(ref, "auction."),
            lambda ref: ref.params.names("auction."),
        ),
        Rule(
            "distribution",
            "参与分配与首封顺序：执行所得价款先扣除执行费用（costs_paid，以价款为限）；再按 priority_rank 由小到大"
            "清偿优先受偿的债权，每一顺位全额清偿后再及于下一顺位（顺位相同的按比例）；其余普通债权，被执行人为公民或"
            "者其他组织（person、other_organization）的按债权数额比例受偿（参与分配），为企业法人（enterprise）的按"
            "查封、扣押、冻结的先后（seal_order 由小到大，相同的按比例）清偿，无查封顺序的排在最后、按输入顺序依次清偿。"
            "任何人所得不超过其债权额，剩余为 remainder。按比例的份额以分计，采用最大余数法（先向下取整，再把剩余的分"
            "逐一分给小数部分最大者，相同时给排在前面的债权人）。allocations 与 creditors 一一对应、顺序相同。",
            "Distribution among creditors: the proceeds pay the enforcement costs first (costs_paid, at most the "
            "proceeds); then creditors with a priority_rank, the lowest first, each rank in full before the next "
            "(equal ranks pro rata); then ordinary creditors — for a person or other organization debtor pro "
            "rata to their amounts (参与分配), for an enterprise debtor by seal_order ascending (first seal "
            "first, equal orders pro rata), creditors without a seal order last, one after another in input "
            "order. Nobody gets more than their amount; what is left is remainder. Pro-rata shares are in "
            "cents by the largest-remainder method (floor every share, then one cent each to the largest "
            "fractional parts, ties to the earlier creditor). allocations follows creditors, one for one.",
            {
                "proceeds": "yuan, a decimal string or a JSON number, ≥ 0: what enforcement realised",
                "costs": "yuan ≥ 0: enforcement costs to deduct first (absent or null: 0)",
                "debtor_kind": " | ".join(distribution.DEBTOR_KINDS),
                "creditors": "[{id, amount, priority_rank: int ≥ 0 | null, seal_order: int ≥ 0 | null}]; id "
                "a non-empty string or a whole number, unique",
                "on": "optional date: the articles are cited in the version in force on it (default the latest)",
            },
            ["allocations", "costs_paid", "remainder", "citation", "citations"],
            lambda facts, ref: distribution.distribute(facts, ref.params),
            lambda ref: _params(ref, "distribution."),
            lambda ref: ref.params.names("distribution."),
        ),
        Rule(
            "tcp-check",
            "终结本次执行程序的条件（《最高人民法院关于严格规范终结本次执行程序的规定（试行）》第一条、第三条）："
            "missing 按输入顺序列出每一项为 false 的条件，disposable_property_found 为 true 时列出该项，on 早于 "
            "earliest_on 时最后列出 too_early；missing 为空时 allowed 为 true。earliest_on 为自立案之日起已超过三个月的"
            "第一日，即立案日三个月后的对应日（无对应日的为该月末日）的次日；这是等待期间，不因节假日顺延。",
            "Conditions to terminate the current procedure (终本规定 Arts 1 and 3): missing lists, in input order, "
            "every condition that is false, disposable_property_found when it is true, and last too_early when "
            "on is before earliest_on; allowed is true when missing is empty. earliest_on is the first day on "
            "which more than three months have passed since filing: the day after the date three months after "
            "filed_on (the same day of the month, or the month's last day when it has none); a waiting period, "
            "never moved for holidays.",
            {
                "filed_on": "date the enforcement case was filed (YYYY-MM-DD)",
                "on": "date of the intended termination (YYYY-MM-DD, from 2016-12-01)",
                "notice_served": "true | false: enforcement notice served (Art 1(1))",
                "property_report_ordered": "true | false: debtor ordered to report property (Art 1(1), Art 2)",
                "consumption_restriction_issued": "true | false: consumption restriction order issued (Art 1(2))",
                "dishonesty_listed_or_ineligible": "true | false: listed as dishonest, or not eligible (Art 1(2))",
                "leads_checked": "true | false: property leads checked (Art 3)",
                "network_inquiry_done": "true | false: network inquiry done (Art 3)",
                "onsite_inquiry_done_or_unneeded": "true | false: on-site inquiry done or not needed (Art 3)",
                "search_done_or_unneeded": "true | false: search done or not needed (Art 3)",
                "disposable_property_found": "true | false: property that can be disposed of was found (Art 1(3); "
                "must be false)",
                "whereabouts_known_or_searched": "true | false: whereabouts known, or searched for (Art 1(5))",
                "obstruction_sanctioned_or_none": "true | false: obstruction sanctioned, or none (Art 1(5))",
                "applicant_informed": "true | false: applicant informed and heard (Art 5, UNVERIFIED)",
            },
            ["allowed", "missing", "earliest_on", "filed_on", "on", "citation", "citations"],
            lambda facts, ref: termination.check(facts, ref.params, ref.calendar),
            lambda ref: [
                termination.ART_1,
                ref.params[termination.EARLIEST].citation,
                MORE_THAN,
                *_params(ref, "termination."),
            ],
            lambda ref: [termination.EARLIEST, *ref.params.names("termination.")],
        ),
        Rule(
            "criminal-priority",
            "刑事裁判涉财产部分的执行顺序（《最高人民法院关于刑事裁判涉财产部分执行的若干规定》第十三条）：人身损害赔偿"
            "中的医疗费用；其次为主张优先受偿的债权（secured 为 true，不论种类）；再次为退赔被害人的损失、其他民事债务、"
            "罚金、没收财产。同一顺序内按债权数额比例受偿，以分计，采用最大余数法（相同时给排在前面的）；任何一项所得"
            "不超过其数额，剩余为 remainder。allocations 与 claims 一一对应、顺序相同。",
            "Order of payment of the property parts of criminal judgments (SPC provisions of 2014, Art 13): "
            "medical expenses of personal-injury compensation; then claims with a right to be paid first "
            "(secured true, whatever their kind); then victims' losses, other civil debts, fines, confiscation. "
            "Within one step, pro rata by amount in cents by the largest-remainder method (ties to the earlier "
            "claim); nobody above the amount; what is left is remainder. allocations follows claims, one for one.",
            {
                "available": "yuan, a decimal string or a JSON number, ≥ 0: the money to pay out",
                "claims": "[{id, kind: " + " | ".join(criminal_property.KINDS) + ", amount, secured: true | "
                "false (absent or null: false)}]; id a non-empty string or a whole number, unique",
            },
            ["allocations", "remainder", "citation", "citations"],
            lambda facts, ref: criminal_property.allocate(facts),
            lambda ref: [criminal_property.ART_13, criminal_property.ART_13_SECURED],
        ),
        Rule(
            "bankruptcy-transfer",
            "执行案件移送破产审查（《最高人民法院关于执行案件移送破产审查若干问题的指导意见》第2条、第3条）：被执行人"
            "为企业法人、被执行人或任一申请执行人书面同意、不能清偿到期债务并且资产不足以清偿全部债务或者明显缺乏清偿"
            "能力，三项同时具备方可移送；missing 依次列出不具备的条件（debtor_kind、written_consent、"
            "unable_to_pay_due_debts、insolvent_or_clearly_unable）。受移送法院（receiving_court）为住所地基层法院所属的"
            "中级人民法院，住所地法院本身为中级法院的即为该院（以中级人民法院管辖为原则）；高级法院等非住所地法院与未知"
            "法院代字均拒绝。法院层级取自法院名录（参考数据）。",
            "Transfer of an enforcement case to bankruptcy review (SPC guidance 法发〔2017〕2号 items 2 and 3): "
            "the debtor an enterprise legal person, written consent of the debtor or any applicant, and unable "
            "to pay debts due while insolvent or clearly unable to pay — all three; missing lists those that "
            "fail (debtor_kind, written_consent, unable_to_pay_due_debts, insolvent_or_clearly_unable). The "
            "receiving_court is the intermediate court above the domicile court, or the domicile court itself "
            "when it is an intermediate court (the intermediate court as a rule); a high or other non-local "
            "court and an unknown code are refused. Levels come from the court table (reference data).",
            {
                "debtor_kind": " | ".join(bankruptcy.DEBTOR_KINDS),
                "written_consent": " | ".join(bankruptcy.CONSENTS) + ": who consented in writing",
                "unable_to_pay_due_debts": "true | false",
                "insolvent_or_clearly_unable": "true | false: assets short of all debts, or clearly unable to pay",
                "domicile_court": "court code (法院代字) of the debtor's domicile, e.g. 黔0102 (alias codes accepted)",
                "on": "optional date: the parameters and articles in force on it (default the latest)",
            },
            [
                "transferable",
                "missing",
                "receiving_court",
                "receiving_court_name",
                "domicile_court",
                "citation",
                "citations",
            ],
            lambda facts, ref: bankruptcy.transfer(facts, ref.params, ref.courts),
            lambda ref: [bankruptcy.GUIDANCE_2, *_params(ref, "bankruptcy.")],
            lambda ref: ref.params.names("bankruptcy."),
        ),
        Rule(
            "dishonesty",
            "纳入失信被执行人名单（《最高人民法院关于公布失信被执行人名单信息的若干规定》2017年修正）：第一条六项情形；"
            "未成年人不得纳入（minor，第四条）；提供充分有效担保、已查封扣押冻结的财产足以清偿、履行顺序在后的，不得依据"
            "第一条第一项纳入（guarantee、seized_property_sufficient、performance_order_later，第三条），仍可依据其他情形"
            "纳入；具有第二项至第六项情形的，纳入期限为二年，情节严重或具有多项失信行为的（aggravated）可以延长一至三年"
            "（第二条）；仅依据第一项纳入的没有纳入期限（null）。until 为决定日加期限年数（对应日，无对应日的为月末日）。",
            "Listing a dishonest debtor (SPC provisions on publishing the list of dishonest debtors, 2017 "
            "revision): the six grounds of Art 1; a minor is never listed (minor, Art 4); sufficient security, "
            "sufficient property already seized and a later turn to perform exclude ground 1 only (guarantee, "
            "seized_property_sufficient, performance_order_later, Art 3), so another ground still lists the "
            "debtor; the period is two years when any of grounds 2–6 applies, extended by one to three years "
            "only for aggravated conduct (Art 2); ground 1 alone has no period (null). until is decided_on plus "
            "the years (the same day of the month; the month's last day when it has none).",
            {
                "grounds": "[1..6], the Art 1 items found (non-empty)",
                "debtor_is_minor": "true | false",
                "guarantee_provided": "true | false (Art 3 item 1)",
                "seized_property_sufficient": "true | false (Art 3 item 2)",
                "performance_order_later": "true | false (Art 3 item 3)",
                "aggravated": "true | false: violent or threatening obstruction, serious, or several dishonest acts",
                "extension_years": "0..3 (above 0 only when aggravated)",
                "decided_on": "date of the listing decision (YYYY-MM-DD, from 2017-05-01)",
            },
            [
                "listable",
                "grounds_applied",
                "exclusions",
                "period_years",
                "until",
                "decided_on",
                "citation",
                "citations",
            ],
            lambda facts, ref: dishonesty.decide(facts, ref.params),
            lambda ref: [dishonesty.ART_1, *_params(ref, "dishonesty.")],
            lambda ref: ref.params.names("dishonesty."),
        ),
        Rule(
            "dishonesty-deletion",
            "删除失信信息（第十条）：没有纳入期限的，履行完毕、执行和解协议履行完毕、申请执行人申请、终本后查控无财产、"
            "中止执行、不予执行、终结执行之一的，应当在三个工作日内删除；有纳入期限的，上述情形不适用，仅在期限届满"
            "（period_expired）后三个工作日内删除（积极履行的可以提前删除，为法院裁量）。delete_by 为 on 之后第三个"
            "工作日（法定节假日与调休上班日）。",
            "Deleting a listing (Art 10): without a period, performance, a performed settlement, the applicant's "
            "request, a concluded round with no property found, suspension, refusal to enforce or termination "
            "deletes it within three working days; with a period those grounds do not apply and only its expiry "
            "(period_expired) does (early deletion on active performance is the court's discretion). delete_by "
            "is the third working day after on (statutory holidays and make-up working days).",
            {
                "trigger": " | ".join(dishonesty.TRIGGERS),
                "on": "date the trigger occurred (YYYY-MM-DD)",
                "has_period": "true | false: the listing has a period (Art 2)",
            },
            [
                "trigger",
                "on",
                "has_period",
                "delete",
                "delete_by",
                "working_days",
                "warnings",
                "citation",
                "citations",
            ],
            lambda facts, ref: dishonesty.deletion(facts, ref.params, ref.calendar),
            lambda ref: [
                *_params(ref, "dishonesty.deletion"),
                *_params(ref, "dishonesty.early"),
                CIVIL_CODE_PERIODS,
            ],
            lambda ref: ref.params.names("dishonesty.deletion") + ref.params.names("dishonesty.early"),
        ),
        Rule(
            "disbursement-approval",
            "执行款发放审批分级：按金额确定审批人数及须由何种角色审批（各院规定，默认值未核实）。",
            "Approval grade of a disbursement of case funds by amount: how many approvers and which role "
            "(each court's rule; the defaults are UNVERIFIED).",
            {"amount": "the disbursement (yuan, a string)", "on": "date of the request (YYYY-MM-DD)"},
            ["amount", "on", "grade", "approvals", "final_role", "citation", "citations"],
            lambda facts, ref: disbursement.approval(facts, ref.params),
            lambda ref: _params(ref, "funds."),
            lambda ref: ref.params.names("funds."),
            today_input="on",
        ),
    ]
}
