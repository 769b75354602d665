"""The decision to list a dishonest debtor (纳入失信被执行人名单决定书, Art 5) as DOCX, built with
python-docx: A4, the court and the title in 宋体, the text in 仿宋 三号, the signing date in Chinese
numerals. (A court's own template can replace it later, as the three-notice chain's can.)"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from zhiyuan.credit.models import Listing
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


def _font(target: object, east_asian: str, latin: str) -> None:
    target.font.name = latin  # type: ignore[attr-defined]
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)  # type: ignore[attr-defined]


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
    """The decision document of an approved listing."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    _font(style, "仿宋", "FangSong")
    for text, size in ((listing.court_name, 22), (TITLE, 26)):
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = head.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        _font(run, "宋体", "SimSun")
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number.add_run(listing.case_number)  # already bracketed: （2026）黔0102执8号
    for text in body(listing):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.add_run(text)
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signed = signing_date(listing.decided_on) if listing.decided_on else ""
    sign.add_run(f"院长　{listing.decided_by_name}\n{listing.court_name}\n{signed}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def text_of(content: bytes) -> str:
    """The text of a DOCX (for tests and checks)."""
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
