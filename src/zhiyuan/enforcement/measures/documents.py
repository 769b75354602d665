"""The measures' documents as DOCX: rulings (裁定书) to freeze, deduct and seal or seize, the assistance
notice (协助执行通知书) to the bank or registry, the auction announcement (拍卖公告), and the enforcement
notice (执行通知书) and property report order (报告财产令) of a case. Each has a built-in template (built by
``zhiyuan.documents``) and a court may replace it with its own DOCX using the same ``{fields}`` (checked on
upload: only known fields, the required ones present)."""

from __future__ import annotations

from zhiyuan.documents.docx import court_document

COMMON = {
    "court_name": "法院名称",
    "case_number": "案号",
    "document_number": "文书编号",
    "issued_on": "落款日期（二〇二六年一月五日）",
    "creditors": "申请执行人",
    "debtors": "被执行人",
}
MEASURE = {
    **COMMON,
    "measure_kind": "措施（查封、扣押、冻结、扣划）",
    "asset": "财产描述",
    "asset_class": "财产类别",
    "register_ref": "权证号或账号",
    "location": "所在地或开户机构",
    "amount": "金额（元）",
    "starts_on": "起始日（2026年1月5日）",
    "ends_on": "届满日（2026年1月5日）",
    "citation": "法律依据",
}
AUCTION = {
    **COMMON,
    "asset": "财产描述",
    "location": "所在地",
    "round": "拍卖轮次（一拍、二拍）",
    "reference_price": "参考价（元）",
    "reserve": "起拍价（元）",
    "auction_on": "拍卖日（2026年1月5日）",
    "announced_on": "公告日（2026年1月5日）",
    "citation": "法律依据",
}
CASE = {**COMMON, "claim_amount": "申请执行标的（元）"}
TCP = {
    **CASE,
    "recovered_amount": "已执行到位金额（元）",
    "unpaid_amount": "未履行金额（元）",
    "terminated_on": "终本日期（2026年1月5日）",
    "citation": "法律依据",
}

FIELDS: dict[str, dict[str, str]] = {
    "freeze_ruling": MEASURE,
    "deduct_ruling": MEASURE,
    "seal_ruling": MEASURE,
    "assistance_notice": MEASURE,
    "auction_announcement": AUCTION,
    "enforcement_notice": CASE,
    "property_report_order": CASE,
    "tcp_ruling": TCP,
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "freeze_ruling": ("case_number", "asset", "amount", "ends_on"),
    "deduct_ruling": ("case_number", "asset", "amount"),
    "seal_ruling": ("case_number", "asset", "ends_on"),
    "assistance_notice": ("case_number", "asset", "measure_kind"),
    "auction_announcement": ("case_number", "asset", "reserve", "auction_on"),
    "enforcement_notice": ("case_number", "debtors"),
    "property_report_order": ("case_number", "debtors"),
    "tcp_ruling": ("case_number", "debtors", "unpaid_amount"),
}
NAMES = {
    "freeze_ruling": ("执行裁定书（冻结）", "Ruling to freeze"),
    "deduct_ruling": ("执行裁定书（扣划）", "Ruling to deduct"),
    "seal_ruling": ("执行裁定书（查封、扣押）", "Ruling to seal or seize"),
    "assistance_notice": ("协助执行通知书", "Assistance notice"),
    "auction_announcement": ("拍卖公告", "Auction announcement"),
    "enforcement_notice": ("执行通知书", "Enforcement notice"),
    "property_report_order": ("报告财产令", "Property report order"),
    "tcp_ruling": ("执行裁定书（终结本次执行程序）", "Ruling terminating the current procedure"),
}
HEADINGS = {
    "freeze_ruling": "执行裁定书",
    "deduct_ruling": "执行裁定书",
    "seal_ruling": "执行裁定书",
    "assistance_notice": "协助执行通知书",
    "auction_announcement": "拍卖公告",
    "enforcement_notice": "执行通知书",
    "property_report_order": "报告财产令",
    "tcp_ruling": "执行裁定书",
}
BODIES: dict[str, list[str]] = {
    "freeze_ruling": [
        "申请执行人：{creditors}",
        "被执行人：{debtors}",
        "本院在执行{case_number}案件中，被执行人未按执行通知履行法律文书确定的义务。依照{citation}的规定，裁定如下：",
        "冻结被执行人{debtors}名下{asset}（{register_ref}，{location}）中的存款人民币{amount}元，冻结期限自{starts_on}"
        "起至{ends_on}止。",
        "本裁定立即执行。",
    ],
    "deduct_ruling": [
        "申请执行人：{creditors}",
        "被执行人：{debtors}",
        "本院在执行{case_number}案件中，依照{citation}的规定，裁定如下：",
        "扣划被执行人{debtors}名下{asset}（{register_ref}，{location}）中的存款人民币{amount}元。",
        "本裁定立即执行。",
    ],
    "seal_ruling": [
        "申请执行人：{creditors}",
        "被执行人：{debtors}",
        "本院在执行{case_number}案件中，被执行人未按执行通知履行法律文书确定的义务。依照{citation}的规定，裁定如下：",
        "{measure_kind}被执行人{debtors}所有的{asset}（{register_ref}，{location}），期限自{starts_on}起至{ends_on}止。",
        "本裁定立即执行。",
    ],
    "assistance_notice": [
        "{location}：",
        "关于申请执行人{creditors}与被执行人{debtors}一案（{case_number}），本院作出的执行裁定已经发生法律效力。"
        "依照{citation}的规定，请协助执行下列事项：",
        "对被执行人{debtors}名下的{asset}（{register_ref}）予以{measure_kind}，金额人民币{amount}元，期限自{starts_on}"
        "起至{ends_on}止。",
        "特此通知。",
    ],
    "auction_announcement": [
        "本院在执行{case_number}案件中，将于{auction_on}在网络司法拍卖平台对下列财产进行公开拍卖（{round}）：",
        "{asset}，所在地：{location}。",
        "参考价人民币{reference_price}元，起拍价人民币{reserve}元。",
        "本公告于{announced_on}发布。依照{citation}的规定，特此公告。",
    ],
    "enforcement_notice": [
        "{debtors}：",
        "申请执行人{creditors}申请执行的{case_number}案件，本院已立案执行，申请执行标的人民币{claim_amount}元。"
        "你（单位）应立即履行生效法律文书确定的义务，并负担迟延履行期间的债务利息或迟延履行金。",
        "逾期不履行的，本院将依法强制执行。",
        "特此通知。",
    ],
    "property_report_order": [
        "{debtors}：",
        "本院在执行{case_number}案件中，你（单位）未按执行通知履行法律文书确定的义务。你（单位）应当在收到本令后"
        "五日内，如实向本院报告当前以及收到执行通知之日前一年的财产情况。",
        "拒绝报告或者虚假报告的，本院将根据情节轻重予以罚款、拘留，构成犯罪的依法追究刑事责任。",
    ],
    "tcp_ruling": [
        "申请执行人：{creditors}",
        "被执行人：{debtors}",
        "本院在执行{case_number}案件中，申请执行标的人民币{claim_amount}元，已执行到位人民币{recovered_amount}元，"
        "尚有人民币{unpaid_amount}元未履行。本院已穷尽财产调查措施，未发现被执行人有可供执行的财产，并已告知申请执行人"
        "本案执行情况、财产调查情况及终结本次执行程序的依据和后果，听取其意见。依照{citation}的规定，裁定如下：",
        "终结本次执行程序。",
        "申请执行人发现被执行人有可供执行财产的，可以向本院申请恢复执行，再次申请不受申请执行时效期间的限制。"
        "被执行人负有继续向申请执行人履行债务的义务。",
        "本裁定送达后立即生效。（{terminated_on}）",
    ],
}


def default_template(kind: str) -> bytes:
    """The built-in template of ``kind``."""
    return court_document(HEADINGS[kind], BODIES[kind])
