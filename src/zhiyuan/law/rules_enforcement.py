"""The registry's rules of enforcement (``zhiyuan law RULE``): hearings, auctions, distribution among
creditors, 终本, the criminal judgments' property, transfer to bankruptcy, the dishonest-debtor list and
the approval of disbursements — kept apart from the core rules of :mod:`zhiyuan.law.rules`, which lists
them after its own."""

from __future__ import annotations

from zhiyuan.law import (
    auction,
    bankruptcy,
    criminal_property,
    disbursement,
    dishonesty,
    distribution,
    hearings,
    refusal,
    termination,
)
from zhiyuan.law.citations import CIVIL_CODE_PERIODS
from zhiyuan.law.deadlines import MORE_THAN
from zhiyuan.law.rule import Rule, param_citations

ENFORCEMENT_RULES: list[Rule] = [
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
        lambda ref: param_citations(ref, "auction."),
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
        lambda ref: param_citations(ref, "distribution."),
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
            *param_citations(ref, "termination."),
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
        lambda ref: [bankruptcy.GUIDANCE_2, *param_citations(ref, "bankruptcy.")],
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
        lambda ref: [dishonesty.ART_1, *param_citations(ref, "dishonesty.")],
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
            *param_citations(ref, "dishonesty.deletion"),
            *param_citations(ref, "dishonesty.early"),
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
        lambda ref: param_citations(ref, "funds."),
        lambda ref: ref.params.names("funds."),
        today_input="on",
    ),
    Rule(
        "sanction-check",
        "罚款、拘留的限额（民事诉讼法第一百一十八条、第一百一十九条）：对个人罚款十万元以下，对单位罚款五万元以上"
        "一百万元以下；拘留十五日以下，只能对自然人（单位的主要负责人或者直接责任人员）适用；须经院长批准，"
        "用决定书。超出限额的答复 allowed 为 false 并列明理由。按决定日有效的参数适用。",
        "Fines and detention (Civil Procedure Law 2023 Arts 118-119): a fine on an individual is at most "
        "100 000 yuan, on a unit 50 000 to 1 000 000; detention is at most 15 days and only of a natural "
        "person (a unit's principal or directly responsible person); both need the court president's "
        "approval and a written decision. Outside the limits the answer is allowed false with reasons. The "
        "amounts in force on the decision day apply.",
        {
            "kind": " | ".join(refusal.KINDS),
            "subject": " | ".join(refusal.SUBJECTS),
            "amount": "yuan, a decimal string (fine)",
            "days": "whole days (detention)",
            "on": "date of the decision (YYYY-MM-DD)",
        },
        [
            "kind",
            "subject",
            "on",
            "amount",
            "days",
            "min_amount",
            "max_amount",
            "max_days",
            "approval",
            "reconsideration_days",
            "allowed",
            "reasons",
            "citation",
            "citations",
        ],
        lambda facts, ref: refusal.sanction_check(facts, ref.params),
        lambda ref: refusal.sanction_citations(ref.params),
        lambda ref: [
            f"refusal.{n}"
            for n in (
                "fine_individual_max",
                "fine_unit_min",
                "fine_unit_max",
                "detention_max_days",
                "approval",
                "reconsideration_days",
            )
        ],
        today_input="on",
    ),
    Rule(
        "refusal-deadlines",
        "拒执移送公安的期限：移送日 R 后公安机关于 R+7 日内决定是否立案（案情重大疑难复杂的 R+30 日）；不予立案"
        "或者撤销案件的于决定日 D 后 7 日内函告法院并说明理由；接受移送后 60 日内不予书面答复的，第 61 日起申请"
        "执行人可以提起自诉。期间开始之日不计算在内，期满日为节假日的顺延至节假日后第一个工作日（60 日的"
        "沉默期不顺延）。",
        "Periods of a refusal referral: after a referral on day R the police decide by R+7 (R+30 for a "
        "grave or complex case); a decline or withdrawal on day D is told to the court with reasons by D+7; "
        "60 days of silence after R open private prosecution from day 61. The first day is not counted; a "
        "period ending on a holiday ends on the next working day (the 60 days of silence do not move).",
        {
            "referred_on": "date of the referral (YYYY-MM-DD)",
            "complex": "true | false: the police extended the review (grave, difficult, complex case)",
            "declined_on": "date of the police's decline, or null",
        },
        [
            "referred_on",
            "complex",
            "decide_by",
            "inform_by",
            "silence_until",
            "private_prosecution_from",
            "citation",
            "citations",
        ],
        lambda facts, ref: refusal.deadlines(facts, ref.params, ref.calendar),
        lambda ref: refusal.deadline_citations(ref.params),
        lambda ref: [
            f"refusal.{n}"
            for n in ("police_decision_days", "police_complex_days", "police_inform_days", "silence_days")
        ],
    ),
]
