"""Files entering the platform: the text of an uploaded CSV, and the rows of a CSV or XLSX table.

**Encodings.** Excel on a Chinese Windows saves "CSV (comma delimited)" in the ANSI code page, GBK (code
page 936); "CSV UTF-8" adds a byte order mark; other tools write UTF-8 without one. :func:`decode_text`
accepts all three, with one rule everywhere a CSV is accepted (the case import, the register import, the
mediation bulk intake):

1. UTF-8, strictly (a leading BOM is dropped: ``utf-8-sig``);
2. otherwise GB18030, the national standard that contains GBK and GB2312 and maps every Unicode
   character (four-byte sequences for the rest, e.g. 𠀀 U+20000), its own BOM dropped as well;
3. otherwise, or when the file is UTF-8 up to a damaged byte (several non-ASCII characters decoded as
   UTF-8 before it: reading such a file as GB18030 would garble every Chinese name), or UTF-16 (Excel's
   "Unicode text"), or holds NUL bytes (not a text file): :class:`LawError` ``encoding_invalid`` with a
   bilingual message naming the byte offset.

The encoding found is reported (``utf-8``, ``utf-8-sig`` or ``gb18030``), so a user can see how the file
was read.

**Formula guard.** Our CSV and XLSX exports neutralise a cell that a spreadsheet would run as a formula
(OWASP "CSV injection"): a value beginning with one of :data:`FORMULA_PREFIXES` is written with a leading
``'`` (:func:`quote_formula`). :func:`unquote_formula` undoes exactly that on import, so a file exported by
the platform imports back to the original text; :func:`read_table` applies it to every cell. A value that
itself begins with quotes and then a formula prefix (``'=x``) gets one more quote on export, so it too
comes back as it was.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhiyuan.inputs.report import FileProblem, Issue
from zhiyuan.law.errors import LawError

#: the stable error code of a file that is not text in an accepted encoding
ENCODING_INVALID = "encoding_invalid"
#: what a spreadsheet takes for the start of a formula; an export writes such a value after a ``'``
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: non-ASCII characters decoded as UTF-8 before a damaged byte that make the file UTF-8 (not GB18030):
#: GBK text fails as UTF-8 at once, or after one or two characters by chance
UTF8_EVIDENCE = 4
_GB18030_BOM = "\ufeff"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE_AS_ZH = "请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新上传。"
_SAVE_AS_EN = "In Excel use Save As → 'CSV UTF-8 (Comma delimited)' and upload it again."


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and the encoding it was read in."""

    text: str
    encoding: str  # "utf-8", "utf-8-sig" or "gb18030"


def decode_text(data: bytes) -> Decoded:
    """The text of a CSV file in UTF-8 (with or without BOM) or GB18030/GBK, else ``encoding_invalid``."""
    if data.startswith(_UTF16_BOMS):
        raise LawError(
            ENCODING_INVALID,
            f"文件是 UTF-16 编码（Excel 的“Unicode 文本”），不能读取。{_SAVE_AS_ZH}",
            f"The file is UTF-16 (Excel's 'Unicode Text') and cannot be read. {_SAVE_AS_EN}",
            encoding="utf-16",
        )
    try:
        decoded = (
            Decoded(data[3:].decode("utf-8"), "utf-8-sig")
            if data.startswith(codecs.BOM_UTF8)
            else (Decoded(data.decode("utf-8"), "utf-8"))
        )
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        seen = sum(1 for c in data[:offset].decode("utf-8", errors="replace") if c > "\x7f" and c != "\ufeff")
        if seen >= UTF8_EVIDENCE or data.startswith(codecs.BOM_UTF8):
            raise LawError(
                ENCODING_INVALID,
                f"文件是 UTF-8 编码，但第 {offset} 字节处不是有效的 UTF-8（文件已损坏，或混有其他编码）。",
                f"The file is UTF-8 but byte offset {offset} is not valid UTF-8 (the file is damaged or "
                "mixes encodings).",
                encoding="utf-8",
                offset=offset,
            ) from None
        try:
            decoded = Decoded(data.decode("gb18030").removeprefix(_GB18030_BOM), "gb18030")
        except UnicodeDecodeError as gb:
            raise LawError(
                ENCODING_INVALID,
                f"文件既不是 UTF-8 也不是 GB18030（GBK）编码：第 {gb.start} 字节无法解码。{_SAVE_AS_ZH}",
                f"The file is neither UTF-8 nor GB18030 (GBK): byte offset {gb.start} cannot be decoded. "
                f"{_SAVE_AS_EN}",
                offset=gb.start,
            ) from None
    nul = decoded.text.find("\x00")
    if nul >= 0:
        raise LawError(
            ENCODING_INVALID,
            f"文件含有 NUL 字符（第 {nul + 1} 个字符），不是文本 CSV 文件（UTF-16 编码或二进制文件？）。{_SAVE_AS_ZH}",
            f"The file holds a NUL character (character {nul + 1}): it is not a text CSV file (UTF-16, or "
            f"binary?). {_SAVE_AS_EN}",
            encoding=decoded.encoding,
            position=nul + 1,
        )
    return decoded


def quote_formula(value: str) -> str:
    """``value`` as an export writes it into a CSV or XLSX cell: after a ``'`` when a spreadsheet would take
    it for a formula — it begins with one of :data:`FORMULA_PREFIXES`, or with ``'`` characters followed by
    one (so that the quote an import drops is always the export's own); as it is otherwise."""
    return "'" + value if value.lstrip("'")[:1] in FORMULA_PREFIXES and value.lstrip("'") else value


def unquote_formula(cell: str) -> str:
    """``cell`` as it was before :func:`quote_formula`: exactly one leading ``'`` is dropped, and only when
    what follows the leading quotes begins with one of :data:`FORMULA_PREFIXES` (``'=1+1`` → ``=1+1``,
    ``''=1+1`` → ``'=1+1``; ``'abc`` stays)."""
    if cell[:1] == "'":
        rest = cell.lstrip("'")
        if rest and rest[0] in FORMULA_PREFIXES:
            return cell[1:]
    return cell


def _clean(cells: list[str]) -> list[str]:
    """Cells stripped of surrounding white space, the export's formula guard removed."""
    out = [c.strip() for c in cells]
    for i, c in enumerate(out):
        if c[:1] == "'":
            out[i] = unquote_formula(c)
    return out


def xlsx_cell(value: Any) -> str:
    """The text of an XLSX cell value: a date without its midnight, a whole float without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


@dataclass
class Table:
    """The rows of a CSV file or of an XLSX file's first sheet, as lists of cell texts (header first).

    Iterating a CSV table may raise :class:`csv.Error` (malformed quoting, an oversized field): the caller
    knows which row it was reading."""

    rows: Iterator[list[str]]
    estimated_rows: int
    encoding: str  # the CSV's text encoding (see decode_text); "" for XLSX


def read_table(data: bytes, filename: str) -> Table:
    """The table of a ``.csv`` or ``.xlsx`` file (by ``filename``'s suffix); a :class:`FileProblem`
    (``file_unreadable``, ``file_format_unsupported``) when the file cannot be read as one."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        try:
            decoded = decode_text(data)
        except LawError as err:
            raise FileProblem(Issue(None, None, "file_unreadable", err.message_zh, err.message_en)) from None
        text = decoded.text
        rows = (_clean(cells) for cells in csv.reader(io.StringIO(text)))
        return Table(rows, text.count("\n"), decoded.encoding)
    if suffix == ".xlsx":
        import openpyxl  # type: ignore[import-untyped]
        from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.worksheets[0]
        except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, ValueError, OSError):
            raise FileProblem(
                Issue(
                    None, None, "file_unreadable", "无法读取该 XLSX 文件。", "The XLSX file cannot be read."
                )
            ) from None

        def sheet_rows() -> Iterator[list[str]]:
            try:
                for values in sheet.iter_rows(values_only=True):
                    yield _clean([xlsx_cell(v) for v in values])
            finally:
                book.close()

        return Table(sheet_rows(), sheet.max_row or 0, "")
    raise FileProblem(
        Issue(
            None,
            None,
            "file_format_unsupported",
            f"不支持的文件类型“{suffix or filename}”：须为 .csv 或 .xlsx。",
            f"Unsupported file type '{suffix or filename}': use .csv or .xlsx.",
        )
    )
