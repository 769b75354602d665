"""The registry of rules exposed as ``zhiyuan law RULE`` (and ``/api/law/RULE``).

Each entry names its input fields and the citations it may apply, so ``zhiyuan law list`` and
``docs/rules.md`` are generated from here.
"""

from __future__ import annotations

from zhiyuan.law import (
    case_numbers,
    causes,
    deadlines,
    executability,
    fees,
    identity,
    interest,
    performance,
    triage,
)
from zhiyuan.law.citations import CIVIL_CODE_PERIODS
from zhiyuan.law.rule import Rule, param_citations, text_field
from zhiyuan.law.rules_dispatch import DISPATCH_RULES
from zhiyuan.law.rules_enforcement import ENFORCEMENT_RULES

__all__ = ["RULES", "Rule"]

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
            lambda facts, ref: case_numbers.parse(text_field(facts), ref.case_numbers),
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
            lambda facts, ref: case_numbers.extract(text_field(facts), ref.case_numbers),
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
            lambda ref: [*param_citations(ref, "fees."), fees.JUDICIAL_CONFIRMATION],
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
                *param_citations(ref, "interest."),
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
            lambda ref: [
                *param_citations(ref, "deadlines."),
                *param_citations(ref, "periods."),
                CIVIL_CODE_PERIODS,
            ],
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
                *param_citations(ref, "identity."),
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
            lambda ref: param_citations(ref, "executability."),
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
            lambda ref: [
                performance.DUE_ON_EFFECT,
                *param_citations(ref, "performance."),
                CIVIL_CODE_PERIODS,
            ],
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
            lambda ref: [triage.SPC_OPINION_ART_7, *param_citations(ref, "triage.")],
            lambda ref: ref.params.names("triage."),
        ),
        *ENFORCEMENT_RULES,
        *DISPATCH_RULES,
    ]
}
