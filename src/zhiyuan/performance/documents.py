"""The three-notice chain as DOCX: default templates built with python-docx, court templates with
``{placeholder}`` fields (validated on upload), and rendering by replacing the fields' text.

Every notice carries its verification address and the QR code of that address: where the template puts
``{verify_url}`` and ``{verify_qr}`` (the default templates do), or else in a paragraph added at its end,
so a court's own template cannot leave them out. Dates are written as court documents write them
(``zhiyuan.law.document_style``): the issue date at the foot in Chinese numerals, the others in the body
as 2026年1月5日."""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from zhiyuan.documents.docx import FIELD, MAX_TEMPLATE_BYTES, check_fields, fields_in, images_in, text_of
from zhiyuan.documents.docx import open_docx as _open
from zhiyuan.documents.docx import paragraphs as _paragraphs
from zhiyuan.documents.docx import set_font as _font
from zhiyuan.law.errors import LawError

__all__ = ["FIELD", "MAX_TEMPLATE_BYTES", "fields_in", "images_in", "text_of"]

#: the field replaced by the QR code of the verification address (an image, not text)
QR_FIELD = "verify_qr"
#: fields that print the verification address
ADDRESS_FIELDS = ("verify_url", "verify_path")
QR_WIDTH = Cm(2.6)

COMMON = {
    "court_name": "法院名称",
    "case_number": "案号",
    "title_kind": "生效法律文书名称（民事判决书、民事调解书、民事裁定书）",
    "effective_on": "生效日期（2026年1月5日）",
    "creditors": "权利人",
    "debtors": "义务人",
    "notice_number": "文书编号",
    "issued_on": "落款日期（二〇二六年一月五日）",
    "verification_code": "验证码",
    "verify_url": "在线验证地址（完整网址）",
    "verify_path": "在线验证地址（同 verify_url，旧模板沿用）",
    QR_FIELD: "在线验证二维码（图片；单独成段）",
}
FIELDS: dict[str, dict[str, str]] = {
    "performance_notice": {
        **COMMON,
        "obligations": "履行事项（每行一项：金额或行为、期限）",
        "total_amount": "金钱给付合计",
        "last_due": "最后履行期限",
        "consequences": "不履行的后果",
    },
    "sanction_warning": {
        **COMMON,
        "lapsed_due": "已届满的履行期限",
        "outstanding_amount": "尚未履行金额",
        "outstanding": "尚未履行事项",
        "consequences": "不履行的后果",
    },
    "certificate": {
        **COMMON,
        "performed_on": "履行完毕日期",
        "total_amount": "履行金额合计",
        "performance": "履行情况（按期或逾期）",
    },
}
REQUIRED = {
    "performance_notice": ("case_number", "notice_number", "obligations"),
    "sanction_warning": ("case_number", "notice_number", "outstanding"),
    "certificate": ("case_number", "notice_number", "verification_code"),
}
#: the documents' names, as the courts running the three-notice chain (三书联动) title them
HEADINGS = {
    "performance_notice": "生效法律文书自动履行告知书",
    "sanction_warning": "失信、限制消费及拘留（罚款）预告书",
    "certificate": "自动履行证明书",
}
BODIES: dict[str, list[str]] = {
    "performance_notice": [
        "{debtors}：",
        "本院{case_number}{title_kind}已于{effective_on}发生法律效力。该法律文书确定你（单位）向"
        "{creditors}履行下列义务：",
        "{obligations}",
        "金钱给付合计人民币{total_amount}元，最后履行期限为{last_due}。",
        "请你（单位）在上述期限内主动、全面履行，并将履行凭证提交本院。{consequences}",
        "你（单位）按期自动履行完毕的，本院将出具《自动履行证明书》，并将你（单位）纳入诚信履行名单。",
        "特此告知。",
    ],
    "sanction_warning": [
        "{debtors}：",
        "本院{case_number}{title_kind}确定的履行期限已于{lapsed_due}届满，你（单位）尚未履行下列义务：",
        "{outstanding}",
        "尚未履行金额合计人民币{outstanding_amount}元。",
        "{consequences}",
        "请你（单位）立即履行，并将履行凭证提交本院。",
        "特此预告。",
    ],
    "certificate": [
        "兹证明：{debtors}已于{performed_on}全面履行本院{case_number}{title_kind}确定的义务"
        "（金钱给付合计人民币{total_amount}元），{performance}。",
        "特此证明。",
    ],
}
VERIFY_LINE = "本文书可扫描上方二维码，或登录 {verify_url} 核验。验证码：{verification_code}"
ADDED_LINE = "验证码：{verification_code}；在线核验：{verify_url}"


def default_template(kind: str) -> bytes:
    """The shipped template for ``kind``: A4, the court's name and the document's name in 宋体 (二号 and
    一号), the text in 仿宋 三号, every field in one run so courts can edit it; the signature with the issue
    date, then the QR code and the verification address."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    _font(style, "仿宋", "FangSong")
    for text, size in (("{court_name}", 22), (HEADINGS[kind], 26)):
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = head.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        _font(run, "宋体", "SimSun")
    right = doc.add_paragraph()
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.add_run("{notice_number}")
    for text in BODIES[kind]:
        paragraph = doc.add_paragraph()
        if not text.endswith("：") and text != "{obligations}" and text != "{outstanding}":
            paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.add_run(text)
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run("{court_name}\n{issued_on}")
    qr = doc.add_paragraph()
    qr.alignment = WD_ALIGN_PARAGRAPH.LEFT
    qr.add_run("{" + QR_FIELD + "}")
    line = doc.add_paragraph().add_run(VERIFY_LINE)
    line.font.size = Pt(10.5)
    section.footer.paragraphs[0].add_run("验证码 {verification_code}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def validate_template(kind: str, content: bytes) -> list[str]:
    """Check an uploaded template: a DOCX, only known fields, the required ones present."""
    if kind not in FIELDS:
        raise LawError("notice_kind_unknown", f"未知文书类型“{kind}”。", f"Unknown notice kind '{kind}'.")
    return check_fields(content, FIELDS[kind], REQUIRED[kind])


def render(template: bytes, values: Mapping[str, str], qr: bytes | None = None) -> bytes:
    """Fill every ``{field}`` of ``template``; a paragraph with fields keeps its first run's formatting.
    ``{verify_qr}`` becomes the picture ``qr`` (a PNG); a template without the QR or without the address
    gets them in a paragraph added at its end."""
    doc = _open(template)
    placed_qr = placed_address = False
    for paragraph in _paragraphs(doc):
        text = paragraph.text
        if "{" not in text:
            continue
        names = set(FIELD.findall(text))
        placed_address = placed_address or bool(names & set(ADDRESS_FIELDS))
        wants_qr = QR_FIELD in names
        filled = FIELD.sub(
            lambda m: "" if m.group(1) == QR_FIELD else values.get(m.group(1), m.group(0)), text
        )
        if (filled == text and not wants_qr) or not paragraph.runs:
            continue
        runs = paragraph.runs
        runs[0].text = filled
        for run in runs[1:]:
            run.text = ""
        if wants_qr and qr is not None:
            runs[0].add_picture(io.BytesIO(qr), width=QR_WIDTH)
            placed_qr = True
    if (qr is not None and not placed_qr) or not placed_address:
        added = doc.add_paragraph()
        if qr is not None and not placed_qr:
            added.add_run().add_picture(io.BytesIO(qr), width=QR_WIDTH)
        if not placed_address:
            added.add_run(("\n" if qr is not None and not placed_qr else "") + ADDED_LINE.format_map(values))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
