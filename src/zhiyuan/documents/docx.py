"""The DOCX machinery every app's documents share: open a file (a bad one is ``template_invalid``), walk its
paragraphs (body, tables, headers, footers), list and check its ``{fields}``, build a plain A4 court
document, fill the fields, read its text back."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from zhiyuan.law.errors import LawError

FIELD = re.compile(r"\{([a-z_]+)\}")
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def paragraphs(doc: DocumentObject) -> Iterator[Paragraph]:
    """Every paragraph of ``doc``: the body, table cells (nested too), headers and footers."""

    def in_tables(tables: list[Table]) -> Iterator[Paragraph]:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
                    yield from in_tables(cell.tables)

    yield from doc.paragraphs
    yield from in_tables(doc.tables)
    for section in doc.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs
            yield from in_tables(part.tables)


def set_font(run_or_style: object, east_asian: str, latin: str) -> None:
    """Set a run's or a style's font, the East Asian one included (宋体, 仿宋 ...)."""
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = latin
    element = run_or_style.element  # type: ignore[attr-defined]
    r_pr = element.get_or_add_rPr()
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def open_docx(content: bytes) -> DocumentObject:
    """The document in ``content``; ``template_invalid`` when it is not a DOCX."""
    try:
        return Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LawError(
            "template_invalid",
            "模板文件无法打开，请上传 Word（.docx）文件。",
            "The template cannot be opened; upload a Word (.docx) file.",
            reason=type(exc).__name__,
        ) from None


def save(doc: DocumentObject) -> bytes:
    """The document as bytes."""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def fields_in(content: bytes) -> list[str]:
    """The ``{placeholder}`` fields a DOCX uses, in order of first appearance."""
    seen: dict[str, None] = {}
    for paragraph in paragraphs(open_docx(content)):
        for name in FIELD.findall(paragraph.text):
            seen.setdefault(name, None)
    return list(seen)


def check_fields(content: bytes, known: Iterable[str], required: Iterable[str]) -> list[str]:
    """Check an uploaded template: at most 2 MB, a DOCX, only ``known`` fields, every ``required`` one
    present. Returns the fields it uses."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise LawError("template_too_large", "模板文件不得超过 2 MB。", "A template may not exceed 2 MB.")
    used = fields_in(content)
    known_set = set(known)
    unknown = [f for f in used if f not in known_set]
    if unknown:
        names = "、".join("{" + f + "}" for f in unknown)
        raise LawError(
            "template_field_unknown",
            f"模板含有未知占位符：{names}。",
            f"The template uses unknown fields: {', '.join(unknown)}.",
            fields=unknown,
            known=sorted(known_set),
        )
    missing = [f for f in required if f not in used]
    if missing:
        names = "、".join("{" + f + "}" for f in missing)
        raise LawError(
            "template_field_missing",
            f"模板缺少必需的占位符：{names}。",
            f"The template lacks required fields: {', '.join(missing)}.",
            fields=missing,
        )
    return used


def court_document(
    heading: str,
    body: Iterable[str],
    *,
    number_field: str = "{document_number}",
    foot: str = "{court_name}\n{issued_on}",
) -> bytes:
    """A plain court document template: A4, ``{court_name}`` and ``heading`` in 宋体 (二号, 一号), the
    document number on the right, ``body`` paragraphs in 仿宋 三号 (a line ending in "：" is an address,
    not indented), ``foot`` (the court and ``{issued_on}``; a signatory above them where the document has
    one) on the right. Every field in one run, so courts can edit."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    set_font(style, "仿宋", "FangSong")
    for text, size in (("{court_name}", 22), (heading, 26)):
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = head.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        set_font(run, "宋体", "SimSun")
    right = doc.add_paragraph()
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.add_run(number_field)
    for text in body:
        paragraph = doc.add_paragraph()
        if not text.endswith("："):
            paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.add_run(text)
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run(foot)
    return save(doc)


def fill(doc: DocumentObject, values: Mapping[str, str], skip: Iterable[str] = ()) -> list[Paragraph]:
    """Replace every ``{field}`` of ``doc`` with its value (an unknown field stays as it is; a field in
    ``skip`` becomes empty); a paragraph with fields keeps its first run's formatting. Returns the
    paragraphs whose fields were filled."""
    skipped = set(skip)
    changed = []
    for paragraph in paragraphs(doc):
        text = paragraph.text
        if "{" not in text or not paragraph.runs:
            continue
        filled = FIELD.sub(
            lambda m: "" if m.group(1) in skipped else values.get(m.group(1), m.group(0)), text
        )
        if filled == text and not (set(FIELD.findall(text)) & skipped):
            continue
        runs = paragraph.runs
        runs[0].text = filled
        for run in runs[1:]:
            run.text = ""
        changed.append(paragraph)
    return changed


def render(template: bytes, values: Mapping[str, str]) -> bytes:
    """``template`` with its fields filled."""
    doc = open_docx(template)
    fill(doc, values)
    return save(doc)


def images_in(content: bytes) -> list[bytes]:
    """The pictures a DOCX holds, in no particular order."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def text_of(content: bytes) -> str:
    """All the text of a DOCX (paragraphs, tables, headers and footers), one paragraph a line."""
    return "\n".join(p.text for p in paragraphs(open_docx(content)))
