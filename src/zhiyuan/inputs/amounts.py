"""Yuan amounts entering the platform: what a column can hold and what is plausible.

One definition — :func:`zhiyuan.law.money.parse_amount` — for every boundary:

- Django forms: :class:`AmountField`;
- API schemas (pydantic / django-ninja): :data:`Amount` and :data:`OptionalAmount` (the bounds show in the
  OpenAPI document);
- views and files read by hand (``request.POST``, a CSV row): :func:`clean_amount`.

An amount is a number of yuan with at most two decimals (分), not negative, and at most
:data:`zhiyuan.law.money.MAX_AMOUNT` (9,999,999,999,999.99: the largest both databases store exactly;
``1e20`` once reached the database and broke every list that showed the row). A refusal carries a stable
code — ``amount_invalid`` (not a number), ``amount_out_of_range`` (negative, zero where zero makes no
sense, or too large), ``amount_precision`` (more than two decimals), ``amount_not_string`` (a JSON
float the law core refuses; the API takes it by its shortest decimal form) — and a message in both
languages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from zhiyuan.law.errors import LawError
from zhiyuan.law.money import CENT, MAX_AMOUNT, parse_amount
from zhiyuan.problems import in_words

__all__ = ["MAX_AMOUNT", "Amount", "AmountField", "OptionalAmount", "clean_amount"]


def clean_amount(value: object, field: str, *, allow_zero: bool = True) -> Decimal | None:
    """``value`` as yuan with two places, None when it is empty (None or blank text); a
    :class:`LawError` naming ``field`` otherwise (see the module's codes)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_amount(value, field, allow_zero=allow_zero).quantize(CENT)


# ---------------------------------------------------------------------------------------------- Django


class AmountField(forms.DecimalField):
    """A yuan amount in a form: two decimals, not negative, at most :data:`MAX_AMOUNT` (a field error with
    the code of :func:`clean_amount` otherwise)."""

    def __init__(self, *, allow_zero: bool = True, **kwargs: Any) -> None:
        self.allow_zero = allow_zero
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_value", MAX_AMOUNT)
        super().__init__(max_digits=15, decimal_places=2, **kwargs)
        self.widget.attrs.setdefault("step", "0.01")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return clean_amount(value, str(self.label or "amount"), allow_zero=self.allow_zero)
        except LawError as err:
            raise ValidationError(in_words(err), code=err.code) from None


# --------------------------------------------------------------------------------------------- pydantic


def _json_value(value: object) -> object:
    # a JSON number arrives as int or float; a float is taken by its shortest decimal form (30000.1, not
    # 30000.099999999998544808477163314819335937500), which is what the client wrote
    return repr(value) if isinstance(value, float) else value


def _checked(value: object, info: ValidationInfo) -> Decimal | None:
    try:
        return clean_amount(_json_value(value), info.field_name or "amount")
    except LawError as err:
        raise PydanticCustomError(
            err.code,
            "{message_en} ({message_zh})",
            {"message_en": err.message_en, "message_zh": err.message_zh},
        ) from None


def _required(value: object, info: ValidationInfo) -> Decimal:
    amount = _checked(value, info)
    if amount is None:
        raise PydanticCustomError("amount_missing", "An amount is required (金额不能为空)")
    return amount


_NUMBER = {"type": "number", "minimum": 0, "maximum": float(MAX_AMOUNT), "multipleOf": 0.01}
_TEXT = {
    "type": "string",
    "pattern": r"^\d{1,13}(\.\d{1,2})?$",
    "description": "元，最多两位小数 · yuan, two decimals at most",
    "examples": ["30000.00"],
}
_DESCRIPTION = f"金额（元，0 至 {MAX_AMOUNT:,}，最多两位小数）· amount in yuan, 0 to {MAX_AMOUNT:,}, two decimals at most"

#: a yuan amount of an API schema (a string such as "30000.00", or a JSON number)
Amount = Annotated[
    Decimal,
    BeforeValidator(_required),
    WithJsonSchema({"anyOf": [_NUMBER, _TEXT], "description": _DESCRIPTION}),
]
#: the same, or null (an empty string is null as well)
OptionalAmount = Annotated[
    Decimal | None,
    BeforeValidator(_checked),
    WithJsonSchema({"anyOf": [_NUMBER, _TEXT, {"type": "null"}], "description": _DESCRIPTION}),
]
