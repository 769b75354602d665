"""Files entering the platform: a CSV in UTF-8 (with or without BOM) or GB18030/GBK reads the same, the
encoding is named, anything else is refused with ``encoding_invalid`` in both languages; the exports'
formula guard is undone on import."""

from __future__ import annotations

import codecs
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhiyuan.inputs.files import (
    ENCODING_INVALID,
    FORMULA_PREFIXES,
    decode_text,
    quote_formula,
    read_table,
    unquote_formula,
)
from zhiyuan.inputs.report import FileProblem
from zhiyuan.law.errors import LawError

#: a table with characters GBK has no two-byte code for: 𠀀 (U+20000, a four-byte GB18030 sequence) and
#: 䶮 (U+4DAE, two bytes in GB18030-2005 only), beside common ones and a full-width bracket
TEXT = "case_number,plaintiffs,cause\n（2024）黔0102民初1号,𠀀䶮|,民间借贷纠纷\n（2024）黔0102民初2号,张三,\n"


def test_utf8_with_and_without_bom() -> None:
    plain = decode_text(TEXT.encode("utf-8"))
    assert (plain.text, plain.encoding) == (TEXT, "utf-8")
    with_bom = decode_text(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    assert (with_bom.text, with_bom.encoding) == (TEXT, "utf-8-sig")


def test_gb18030_with_characters_outside_gbk() -> None:
    data = TEXT.encode("gb18030")
    assert "𠀀".encode("gb18030") in data
    assert len("𠀀".encode("gb18030")) == 4
    with pytest.raises(UnicodeEncodeError):
        TEXT.encode("gbk")  # the table needs GB18030 proper
    decoded = decode_text(data)
    assert (decoded.text, decoded.encoding) == (TEXT, "gb18030")
    # GB18030's own byte order mark (84 31 95 33) is dropped as UTF-8's is
    assert decode_text(b"\x841\x953" + data).text == TEXT


def test_gbk_as_excel_writes_it_reads_as_gb18030() -> None:
    plain = TEXT.replace("𠀀䶮", "王五")
    decoded = decode_text(plain.encode("gbk"))
    assert (decoded.text, decoded.encoding) == (plain, "gb18030")


def test_ascii_is_utf8() -> None:
    assert decode_text(b"a,b\n1,2\n").encoding == "utf-8"
    assert decode_text(b"").encoding == "utf-8"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"case_number\n\x80\x80\xff\n", "neither UTF-8 nor GB18030"),  # neither encoding
        (codecs.BOM_UTF16_LE + "案号".encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + "案号".encode("utf-16-be"), "UTF-16"),
        ("案号,当事人\n".encode("utf-16-le"), "NUL"),  # UTF-16 without its BOM
        # a UTF-8 file with one damaged byte: not read as GB18030, which would garble every name
        ("案号,当事人,案由\n张三,李四,民间借贷\n".encode() + b"\xff\n", "damaged"),
        (codecs.BOM_UTF8 + b"a\n\xe4\xb8\n", "damaged"),  # a BOM says UTF-8: no second guess
    ],
)
def test_refused_with_a_bilingual_message(data: bytes, said: str) -> None:
    with pytest.raises(LawError) as refused:
        decode_text(data)
    err = refused.value
    assert err.code == ENCODING_INVALID
    assert said in err.message_en
    assert err.message_zh
    assert err.message_zh != err.message_en


def test_the_offset_of_the_undecodable_byte_is_named() -> None:
    with pytest.raises(LawError) as refused:
        decode_text("案号\n".encode("gbk") + b"\xff")
    assert refused.value.details["offset"] == len("案号\n".encode("gbk"))


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_exactly_one_quote_is_dropped_before_a_formula_prefix(prefix: str) -> None:
    original = prefix + "HYPERLINK(1)"
    assert quote_formula(original) == "'" + original
    assert unquote_formula("'" + original) == original
    assert unquote_formula("''" + original) == "'" + original  # one, not all
    assert unquote_formula(original) == original


@pytest.mark.parametrize("cell", ["'", "''", "'abc", "'1", "it's", "", "-5", "=1+1", "张'=三"])
def test_other_quotes_stay(cell: str) -> None:
    assert unquote_formula(cell) == cell


@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", "张", "1", " "])))
def test_what_an_export_quotes_an_import_gives_back(value: str) -> None:
    written = quote_formula(value)
    assert unquote_formula(written) == value
    assert written.lstrip("'")[:1] not in FORMULA_PREFIXES or written.startswith("'")


def test_read_table_csv_and_xlsx() -> None:
    rows = [["case_number", "cause"], ["（2024）黔0102民初1号", "'=1+1"], ["（2024）黔0102民初2号", "'@𠀀"]]
    text = "".join(",".join(r) + "\n" for r in rows)
    table = read_table(text.encode("gb18030"), "cases.CSV")
    assert table.encoding == "gb18030"
    assert list(table.rows) == [rows[0], [rows[1][0], "=1+1"], [rows[2][0], "@𠀀"]]
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "cases.xlsx")
    assert table.encoding == ""
    assert list(table.rows) == [rows[0], [rows[1][0], "=1+1"], [rows[2][0], "@𠀀"]]


def test_read_table_refusals_are_file_problems() -> None:
    with pytest.raises(FileProblem) as bad:
        read_table(b"\xff\xfe", "r.csv")
    assert bad.value.issue.code == "file_unreadable"
    assert "UTF-16" in bad.value.issue.message_en
    with pytest.raises(FileProblem) as other:
        read_table(b"x", "r.ods")
    assert other.value.issue.code == "file_format_unsupported"
