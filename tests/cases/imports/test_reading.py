"""Reading a case file: CSV in GB18030/GBK imports as UTF-8 does (the encoding is reported), an
undecodable file is refused in both languages; the exports' formula guard comes back off; amounts are
checked by the one definition (``law.money.parse_amount``); control characters are refused per cell."""

from __future__ import annotations

import codecs
import io
from decimal import Decimal

import openpyxl
import pytest

from tests.cases.test_importing import csv_bytes, load, row
from zhiyuan.cases.exporting import export_cases
from zhiyuan.cases.importing import COLUMNS
from zhiyuan.cases.models import Case
from zhiyuan.law.errors import LawError
from zhiyuan.law.money import MAX_AMOUNT, parse_amount
from zhiyuan.parties.models import Party

pytestmark = pytest.mark.django_db

#: names and a cause with characters GBK cannot encode: 𠀀 (U+20000, four bytes in GB18030), 䶮 (U+4DAE)
RARE = [
    row(plaintiffs="𠀀䶮|11010519491231002X", defendants="龑记商行", cause="民间借贷纠纷"),
    row(case_number="（2024）黔0102执1号", origin="（2024）黔0102民初1号", cause="", plaintiffs="𠀀䶮"),
]


def _text(rows: list[dict[str, str]]) -> str:
    return csv_bytes(rows).decode("utf-8")


def _stored() -> list[tuple[str, str, list[str]]]:
    return [
        (c.case_number, c.cause_text, sorted(p.party.name for p in c.parties.all()))
        for c in Case.objects.prefetch_related("parties__party").order_by("case_number")
    ]


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: b"\x841\x953" + t.encode("gb18030"), "gb18030"),  # with GB18030's own BOM
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gb18030-bom"],
)
def test_every_encoding_imports_the_same_cases(reference_data, encode, encoding: str) -> None:  # type: ignore[no-untyped-def]
    report = load(encode(_text(RARE)))
    assert report.ok, report.errors
    assert report.encoding == encoding
    assert report.as_dict()["encoding"] == encoding
    assert report.created == 2
    assert _stored() == [
        ("（2024）黔0102执1号", "", ["李四", "𠀀䶮"]),
        ("（2024）黔0102民初1号", "民间借贷纠纷", ["龑记商行", "𠀀䶮"]),
    ]
    assert Party.objects.get(name="𠀀䶮", id_number_hash__gt="").id_number == "11010519491231002X"


def test_gbk_as_excel_on_chinese_windows_saves_it(reference_data) -> None:
    report = load(_text([row(plaintiffs="张三|11010519491231002X", defendants="李四")]).encode("gbk"))
    assert report.ok, report.errors
    assert report.encoding == "gb18030"
    assert _stored() == [("（2024）黔0102民初1号", "民间借贷纠纷", ["张三", "李四"])]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"case_number,filed_on\n\x80\x81\xff,2024-03-01\n", "neither UTF-8 nor GB18030"),
        (codecs.BOM_UTF16_LE + "case_number".encode("utf-16-le"), "UTF-16"),
        (_text(RARE).encode("utf-8") + b"\xff\n", "damaged"),
    ],
    ids=["undecodable", "utf-16", "damaged-utf-8"],
)
def test_an_undecodable_file_is_refused_in_both_languages(reference_data, data: bytes, said: str) -> None:  # type: ignore[no-untyped-def]
    report = load(data)
    assert [(e.row, e.column, e.code) for e in report.errors] == [(None, None, "file_unreadable")]
    assert said in report.errors[0].message_en
    assert "UTF-8" in report.errors[0].message_zh
    assert not report.written
    assert not Case.objects.exists()


FORMULAS = {
    "cause": "=HYPERLINK(1)",
    "plaintiffs": "@某某",
    "defendants": "+某商行",
}


def test_the_exports_formula_guard_comes_back_off(reference_data) -> None:
    """A file in our own format whose formula-looking cells carry the export's ``'``: the original text is
    stored; exactly one quote goes, and only before a formula prefix."""
    guarded = row(
        cause="'" + FORMULAS["cause"],
        plaintiffs="'" + FORMULAS["plaintiffs"],
        defendants="'" + FORMULAS["defendants"],
    )
    quoted = row(case_number="（2024）黔0102民初2号", cause="'某纠纷", plaintiffs="''=某某")
    for name, data in (("cases.csv", csv_bytes([guarded, quoted])), ("cases.xlsx", _xlsx([guarded, quoted]))):
        Case.objects.all().delete()
        report = load(data, name=name)
        assert report.ok, report.errors
        assert _stored() == [
            ("（2024）黔0102民初1号", "=HYPERLINK(1)", ["+某商行", "@某某"]),
            ("（2024）黔0102民初2号", "'某纠纷", ["'=某某", "李四"]),
        ], name


def test_a_guarded_negative_amount_is_still_negative(reference_data) -> None:
    report = load(csv_bytes([row(claim_amount="'-5")]))
    assert [(e.column, e.code) for e in report.errors] == [("claim_amount", "amount_negative")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_looking_text_survives_export_and_import(reference_data, tmp_path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    quoted = row(case_number="（2024）黔0102民初2号", cause="''=已有引号", plaintiffs="'某某")
    assert load(csv_bytes([row(**FORMULAS), quoted])).ok
    before = _stored()
    assert [c for _, c, _ in before] == ["=HYPERLINK(1)", "'=已有引号"]  # stored as they were meant
    assert "'某某" in before[1][2]
    path = tmp_path / f"cases.{fmt}"
    export_cases(path, fmt=fmt)
    Case.objects.all().delete()
    again = load(path.read_bytes(), name=path.name)
    assert again.ok, again.errors
    assert _stored() == before


def _xlsx(rows: list[dict[str, str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for r in rows:
        sheet.append([r.get(c, "") for c in COLUMNS])
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.data_type = "s"  # text, as the export writes it: never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_amounts_follow_the_one_definition(reference_data) -> None:
    largest = f"{MAX_AMOUNT:.2f}"
    report = load(
        csv_bytes(
            [
                row(claim_amount=largest, recovered_amount="0"),
                row(case_number="（2024）黔0102民初2号", claim_amount=f"{MAX_AMOUNT + Decimal('0.01'):.2f}"),
                row(case_number="（2024）黔0102民初3号", recovered_amount="1e20"),
                row(case_number="（2024）黔0102民初4号", claim_amount="100000000000000000000"),
            ]
        ),
        skip_invalid=True,
    )
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (3, "claim_amount", "amount_invalid"),
        (4, "recovered_amount", "amount_invalid"),
        (5, "claim_amount", "amount_invalid"),
    ]
    with pytest.raises(LawError) as too_large:  # the one definition's own words
        parse_amount(f"{MAX_AMOUNT + Decimal('0.01'):.2f}", "claim_amount")
    assert too_large.value.message_en.rstrip(".") in report.errors[0].message_en
    assert too_large.value.message_zh.rstrip("。") in report.errors[0].message_zh
    assert report.created == 1
    assert Case.objects.get().claim_amount == MAX_AMOUNT


def test_control_characters_are_refused_per_cell(reference_data) -> None:
    report = load(
        csv_bytes(
            [
                row(cause="民间借贷\x07纠纷"),
                row(case_number="（2024）黔0102民初2号", defendants="李四\x1b"),
                row(case_number="（2024）黔0102民初3号", plaintiffs="张\u0085三"),
            ]
        )
    )
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (2, "cause", "text_control_character"),
        (3, "defendants", "text_control_character"),
        (4, "plaintiffs", "text_control_character"),
    ]
    assert "U+0007" in report.errors[0].message_en
    assert not Case.objects.exists()
