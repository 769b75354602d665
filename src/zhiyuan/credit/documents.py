"""The decision to list a dishonest debtor (纳入失信被执行人名单决定书, Art 5) as DOCX, built with
python-docx: A4, the court and the title in 宋体, the text in 仿宋 三号, the signing date in Chinese
numerals. (A court's own template can replace it later, as the three-notice chain's can.)"""

from __future__ import annotations

from zhiyuan.credit.models import Listing
from zhiyuan.documents import docx
from zhiyuan.law.dishonesty import ART_1
from zhiyuan.law.document_style import signing_date, text_date

TITLE = "决定书"
#: Art 1 items, as the decision quotes them
GROUND_TEXT = {
    1: "有履行能力而拒不履行生效法律文书确定义务",
    2: "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
    3: "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
    4: "违反财产报告制度",
    5: "违反限制消费令",
    6: "无正当理由拒不履行执行和解协议",
}
ITEM = "一二三四五六"


def body(listing: Listing) -> list[str]:
    """The decision's paragraphs (what the document says, also for tests)."""
    grounds = "；".join(f"{GROUND_TEXT[g]}（第一条第{ITEM[g - 1]}项）" for g in listing.grounds_applied)
    period = (
        f"纳入失信被执行人名单的期限为{listing.period_years}年，自本决定作出之日起至{text_date(listing.until)}止。"
        if listing.period_years and listing.until
        else "被执行人履行生效法律文书确定的义务或者具有法定删除情形的，本院将在三个工作日内删除失信信息。"
    )
    grace = (
        f"本院给予{listing.grace_months}个月宽限期，宽限期届满（{text_date(listing.publish_on)}）仍未履行的，予以公布。"
        if listing.grace_months and listing.publish_on
        else ""
    )
    return [
        f"被执行人：{listing.name}{('，证件号码' + listing.id_masked) if listing.id_masked else ''}。",
        f"本院在执行{listing.case_number}案件中，被执行人负有{listing.obligation or '生效法律文书确定的义务'}，"
        f"至今未履行。经查，被执行人{grounds}。",
        f"依照{ART_1.instrument}第一条、第二条、第五条之规定，决定如下：",
        f"将{listing.name}纳入失信被执行人名单。{period}{grace}",
        "被执行人认为将其纳入失信被执行人名单错误的，可以向本院申请纠正；对本院的纠正决定不服的，"
        "可以自收到决定之日起十日内向上一级人民法院申请复议。复议期间，不停止原决定的执行。",
        "本决定一经作出即生效。",
    ]


def decision_docx(listing: Listing) -> bytes:
    """The decision document of an approved listing: the courts' plain document layout
    (``zhiyuan.documents.docx.court_document``) with the president signing above the court."""
    template = docx.court_document(
        TITLE,
        body(listing),
        number_field="{case_number}",
        foot="院长　{decided_by}\n{court_name}\n{issued_on}",
    )
    return docx.render(
        template,
        {
            "court_name": listing.court_name,
            "case_number": listing.case_number,  # already bracketed: （2026）黔0102执8号
            "decided_by": listing.decided_by_name,
            "issued_on": signing_date(listing.decided_on) if listing.decided_on else "",
        },
    )


text_of = docx.text_of
