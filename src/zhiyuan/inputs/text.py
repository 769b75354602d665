"""Text entering the platform: which characters a field may hold and how long it may be.

One definition for every boundary:

- Django forms: :class:`LineField` (one line) and :class:`BlockField` (several lines), or
  :func:`form_validators` on a field of another kind;
- API schemas (pydantic / django-ninja): :data:`Line` and :data:`Block` with ``Field(max_length=…)``
  (the length then shows in the OpenAPI document);
- views that read ``request.POST`` directly: :func:`check_text` / :func:`check_texts`;
- every request, before any view runs: :class:`zhiyuan.inputs.middleware.RefuseControlCharacters`.

Refused everywhere (:data:`FORBIDDEN`): the C0 controls U+0000–U+001F except tab, line feed and carriage
return, DEL U+007F, the C1 controls U+0080–U+009F, lone surrogates U+D800–U+DFFF and the noncharacters
U+FFFE, U+FFFF. None of them is text a court writes; NUL cannot be stored in a PostgreSQL text column,
and none of them can be written to an XLSX file (XML 1.0), so one stored value broke the export of the
whole database. Tab, line feed and carriage return are allowed in multi-line fields only (descriptions,
notes, reasons, a list of parties one per line).

A column's limit is read from the model (:func:`column_length`), so a form or a schema cannot drift from
what the column holds; a ``TextField`` (no limit in the database) gets the limit of its form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from zhiyuan.law.errors import LawError

#: refused in every text field; the class is also what the request middleware looks for
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: refused in a one-line field as well: tab, line feed, carriage return
FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

#: the stable error codes
CONTROL_CHARACTER = "text_control_character"
TOO_LONG = "text_too_long"

#: limits of multi-line texts stored without a column limit (TextField, JSON payloads), in characters
NOTE_MAX = 500  # a note on a move, a reason, an override reason: what the pages' inputs allow
NOTES_MAX = 2000  # a mediation session's record
DESCRIPTION_MAX = 4000  # a dispute's description (what the suggester reads: suggesting.MAX_CHARS)
#: a search criterion matched against a column never needs more than this
QUERY_MAX = 200
#: an identity document number as typed (spaces and separators included; stored encrypted, no column limit)
ID_NUMBER_MAX = 40
#: a party's reference within a case or an agreement ("A1", "R2", …): what an obligee column holds
REF_MAX = 40
#: the name of an uploaded file (as most file systems allow)
FILE_NAME_MAX = 255


def column_length(model: Any, field: str) -> int:
    """The ``max_length`` of ``model``'s column ``field`` (a ``CharField``)."""
    length = model._meta.get_field(field).max_length
    if not isinstance(length, int):
        raise TypeError(f"{model.__name__}.{field} has no max_length")
    return length


def first_forbidden(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """(1-based position, character) of the first character ``text`` may not hold, or None."""
    found = (FORBIDDEN if multiline else FORBIDDEN_IN_LINE).search(text)
    return None if found is None else (found.start() + 1, found.group())


def codepoint(char: str) -> str:
    """``U+0000`` notation."""
    return f"U+{ord(char):04X}"


def control_character_error(field: str, position: int, char: str, *, where: str = "") -> LawError:
    """The error of a refused character (the value itself is not repeated: it may be personal data)."""
    shown = codepoint(char)
    details: dict[str, Any] = {"field": field, "position": position, "character": shown}
    if where:
        details["where"] = where
    return LawError(
        CONTROL_CHARACTER,
        f"“{field}”第 {position} 个字符 {shown} 是控制字符，不允许输入（只有多行文本可以含制表符和换行）。",
        f"'{field}' holds a control character {shown} at position {position}, which is not allowed "
        "(only multi-line text may hold tabs and line breaks).",
        **details,
    )


def check_text(value: str, *, field: str, max_length: int, multiline: bool = False) -> str:
    """``value`` when it is allowed, else :class:`LawError` ``text_control_character`` or
    ``text_too_long`` naming ``field``."""
    bad = first_forbidden(value, multiline=multiline)
    if bad is not None:
        raise control_character_error(field, *bad)
    if len(value) > max_length:
        raise LawError(
            TOO_LONG,
            f"“{field}”过长：最多 {max_length} 个字符，实有 {len(value)} 个。",
            f"'{field}' is too long: at most {max_length} characters, got {len(value)}.",
            field=field,
            max_length=max_length,
            length=len(value),
        )
    return value


def check_texts(
    values: Mapping[str, Any], limits: Mapping[str, int], *, multiline: frozenset[str] = frozenset()
) -> None:
    """Check each field of ``limits`` present in ``values`` (e.g. ``request.POST``); the fields named in
    ``multiline`` may hold tabs and line breaks."""
    getlist = getattr(values, "getlist", None)
    for field, limit in limits.items():
        texts = getlist(field) if getlist is not None else [values.get(field)]
        for text in texts:
            if isinstance(text, str):
                check_text(text, field=field, max_length=limit, multiline=field in multiline)


# ---------------------------------------------------------------------------------------------- Django


class NoControlCharacters:
    """Form validator: refuses the characters :data:`FORBIDDEN` (and tab and line breaks in one line)."""

    code = CONTROL_CHARACTER

    def __init__(self, *, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        bad = first_forbidden(str(value), multiline=self.multiline)
        if bad is not None:
            raise ValidationError(
                _("第 %(position)s 个字符 %(character)s 是控制字符，不允许输入。"),
                code=self.code,
                params={"position": bad[0], "character": codepoint(bad[1])},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((NoControlCharacters, self.multiline))


def form_validators(*, multiline: bool = False) -> list[NoControlCharacters]:
    """Validators for a form field of another kind (e.g. ``RegexField``)."""
    return [NoControlCharacters(multiline=multiline)]


def _replace_nul_check(field: forms.CharField, check: NoControlCharacters) -> None:
    """Django's NUL check is part of ours: one error, with our code, for any control character."""
    field.validators = [
        v for v in field.validators if not isinstance(v, validators.ProhibitNullCharactersValidator)
    ] + [check]


class LineField(forms.CharField):
    """A one-line text field: ``max_length`` required, control characters refused."""

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        _replace_nul_check(self, NoControlCharacters())


class BlockField(forms.CharField):
    """A multi-line text field (a textarea): tabs and line breaks allowed, other controls refused."""

    widget = forms.Textarea

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        _replace_nul_check(self, NoControlCharacters(multiline=True))


# --------------------------------------------------------------------------------------------- pydantic


def _line(value: str) -> str:
    return _checked(value, multiline=False)


def _block(value: str) -> str:
    return _checked(value, multiline=True)


def _checked(value: str, *, multiline: bool) -> str:
    bad = first_forbidden(value, multiline=multiline)
    if bad is not None:
        raise PydanticCustomError(
            CONTROL_CHARACTER,
            "control character {character} at position {position} is not allowed"
            " (只有多行文本可以含制表符和换行；不允许控制字符)",
            {"position": bad[0], "character": codepoint(bad[1])},
        )
    return value


#: the character checks as pydantic metadata, for a type of its own: ``Annotated[str, Field(max_length=N),
#: ONE_LINE]`` (the limit BEFORE the check, or pydantic reports ``too_long`` instead of ``string_too_long``)
ONE_LINE = AfterValidator(_line)
MULTI_LINE = AfterValidator(_block)
#: a one-line text of an API schema field; give its limit as the field's default, ``name: Line =
#: Field(max_length=…)`` — never ``Annotated[Line, Field(max_length=…)]``, which puts the limit after the
#: check (``too_long`` about "items"; tests/inputs/test_fields.py catches it)
Line = Annotated[str, ONE_LINE]
#: a multi-line text of an API schema field (tabs and line breaks allowed); its limit as for :data:`Line`
Block = Annotated[str, MULTI_LINE]
#: a search criterion in a query string (matched against a column, never stored)
Criterion = Annotated[str, Field(max_length=QUERY_MAX), ONE_LINE]
