"""The one definition of what a text field may hold (zhiyuan.inputs.text)."""

from __future__ import annotations

import pytest
from django import forms
from ninja import Field, Schema
from pydantic import ValidationError

from zhiyuan.inputs.text import (
    FORBIDDEN,
    Block,
    BlockField,
    Line,
    LineField,
    check_text,
    check_texts,
    column_length,
    first_forbidden,
)
from zhiyuan.law.errors import LawError

CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]
ODD = ["\ud800", "\udfff", "\ufffe", "\uffff"]
LINE_BREAKS = ["\t", "\n", "\r"]
FINE = ["张三", "（2024）黔0102执123号", "a b", "¥1,000.00", "=SUM(A1)", "\u3000全角空格", "😀", "\u00a0"]


@pytest.mark.parametrize("char", CONTROLS + ODD)
def test_refused_everywhere(char: str) -> None:
    assert first_forbidden(f"ab{char}c") == (3, char)
    assert first_forbidden(f"ab{char}c", multiline=True) == (3, char)


@pytest.mark.parametrize("char", LINE_BREAKS)
def test_line_breaks_only_in_multiline_text(char: str) -> None:
    assert first_forbidden(f"a{char}b") == (2, char)
    assert first_forbidden(f"a{char}b", multiline=True) is None


@pytest.mark.parametrize("text", FINE)
def test_ordinary_text_passes(text: str) -> None:
    assert first_forbidden(text) is None
    assert check_text(text, field="x", max_length=100) == text


def test_every_xml_illegal_character_is_forbidden() -> None:
    """What openpyxl refuses to write (XML 1.0) is a subset of what the boundary refuses."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    for n in range(0x20):
        c = chr(n)
        if ILLEGAL_CHARACTERS_RE.match(c):
            assert FORBIDDEN.match(c), hex(n)


def test_errors_have_stable_codes_and_both_languages() -> None:
    with pytest.raises(LawError) as caught:
        check_text("a\x00b", field="note", max_length=10)
    err = caught.value
    assert err.code == "text_control_character"
    assert err.details == {"field": "note", "position": 2, "character": "U+0000"}
    assert "U+0000" in err.message_zh
    assert "U+0000" in err.message_en
    with pytest.raises(LawError) as caught:
        check_text("x" * 11, field="note", max_length=10)
    assert caught.value.code == "text_too_long"
    assert caught.value.details == {"field": "note", "max_length": 10, "length": 11}
    assert check_text("x" * 10, field="note", max_length=10) == "x" * 10  # the limit itself is allowed


def test_check_texts_reads_every_value_of_a_field() -> None:
    from django.http import QueryDict

    post = QueryDict("notes=ok%0Aline&place=a&place=b%09c")
    check_texts(post, {"notes": 20}, multiline=frozenset({"notes"}))
    with pytest.raises(LawError) as caught:
        check_texts(post, {"notes": 20, "place": 20}, multiline=frozenset({"notes"}))
    assert caught.value.details["field"] == "place"


@pytest.mark.django_db
def test_column_length_reads_the_model() -> None:
    from zhiyuan.parties.models import Party

    assert column_length(Party, "name") == 200
    with pytest.raises(TypeError):
        column_length(Party, "id_number")  # an encrypted text column has no limit


class _Form(forms.Form):
    line = LineField(max_length=5, required=False)
    block = BlockField(max_length=5, required=False)


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"line": "a\x00"}, "line", "text_control_character"),  # instead of Django's own NUL check
        ({"line": "a\x1bb"}, "line", "text_control_character"),
        ({"line": "a\tb"}, "line", "text_control_character"),
        ({"block": "a\x07b"}, "block", "text_control_character"),
        ({"line": "abcdef"}, "line", "max_length"),
        ({"block": "abcdef"}, "block", "max_length"),
    ],
)
def test_form_fields_report_field_errors(data: dict[str, str], field: str, code: str) -> None:
    form = _Form(data)
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()[field]] == [code]


def test_form_block_keeps_line_breaks() -> None:
    form = _Form({"block": "a\nb", "line": "ab"})
    assert form.is_valid(), form.errors


class _Body(Schema):
    line: Line = Field("", max_length=5)
    block: Block = Field("", max_length=5)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"line": "a\x00"}, "text_control_character"),
        ({"line": "a\nb"}, "text_control_character"),
        ({"block": "a\x1b"}, "text_control_character"),
        ({"line": "abcdef"}, "string_too_long"),
        ({"block": "abcdef"}, "string_too_long"),
    ],
)
def test_schema_types(data: dict[str, str], kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Body(**data)
    assert [e["type"] for e in caught.value.errors()] == [kind]


def test_schema_limits_show_in_the_openapi_document() -> None:
    schema = _Body.model_json_schema()
    assert schema["properties"]["line"]["maxLength"] == 5
    assert _Body(block="a\r\nb").block == "a\r\nb"
