"""One definition of an amount and of a date for every boundary (zhiyuan.inputs): the form field, the API
type and the helper for hand-read values agree with zhiyuan.law.money and zhiyuan.law.facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from zhiyuan.inputs.amounts import Amount, AmountField, OptionalAmount, clean_amount
from zhiyuan.inputs.dates import DateField, clean_date, optional_date
from zhiyuan.law.errors import LawError
from zhiyuan.law.money import MAX_AMOUNT


class Body(BaseModel):
    amount: Amount
    maybe: OptionalAmount = None


class Form(forms.Form):
    amount = AmountField(label="标的额", required=False)
    on = DateField(label="日期", required=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30000", "30000.00"),
        ("30,000.5", "30000.50"),
        (" 1e2 ", "100.00"),
        ("9999999999999.99", str(MAX_AMOUNT)),
    ],
)
def test_a_plausible_amount_is_yuan_with_two_places(raw: str, expected: str) -> None:
    value = clean_amount(raw, "x")
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1e20", "amount_out_of_range"),
        ("10000000000000.00", "amount_out_of_range"),
        ("-0.01", "amount_out_of_range"),
        ("0.001", "amount_precision"),
        ("NaN", "amount_invalid"),
        ("Infinity", "amount_invalid"),
        ("1e999999999", "amount_out_of_range"),
        ("三万", "amount_invalid"),
    ],
)
def test_every_boundary_refuses_the_same_amounts_with_the_same_code(raw: str, code: str) -> None:
    with pytest.raises(LawError) as caught:
        clean_amount(raw, "claim_amount")
    assert caught.value.code == code
    assert caught.value.message_zh
    assert caught.value.message_en
    form = Form({"amount": raw})
    assert not form.is_valid()
    assert form.errors.as_data()["amount"][0].code == code
    with pytest.raises(ValidationError) as api:
        Body(amount=raw)
    assert api.value.errors()[0]["type"] == code
    assert api.value.errors()[0]["loc"] == ("amount",)


def test_the_form_error_is_in_the_page_language() -> None:
    with translation.override("en"):
        form = Form({"amount": "1e20"})
        assert not form.is_valid()
        assert "too large" in form.errors["amount"][0]
    with translation.override("zh-hans"):
        form = Form({"amount": "1e20"})
        assert not form.is_valid()
        assert "过大" in form.errors["amount"][0]


def test_empty_is_none_where_an_amount_is_optional() -> None:
    assert clean_amount("", "x") is None
    assert clean_amount(None, "x") is None
    assert Body(amount="1").maybe is None
    assert Body(amount="1", maybe="").maybe is None
    assert Form({"amount": ""}).is_valid()
    with pytest.raises(ValidationError) as missing:
        Body(amount="")
    assert missing.value.errors()[0]["type"] == "amount_missing"


def test_json_numbers_are_taken_by_their_decimal_form() -> None:
    assert Body(amount=30000.1).amount == Decimal("30000.10")
    assert Body(amount=30000).amount == Decimal("30000.00")
    with pytest.raises(ValidationError):
        Body(amount=1e20)
    with pytest.raises(ValidationError):
        Body(amount=True)


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False))
def test_every_storable_amount_passes_unchanged(value: Decimal) -> None:
    assert clean_amount(str(value), "x") == value
    assert Body(amount=str(value)).amount == value


@given(st.decimals(min_value=MAX_AMOUNT + Decimal("0.01"), allow_nan=False, allow_infinity=False))
def test_every_larger_amount_is_refused(value: Decimal) -> None:
    with pytest.raises(LawError) as caught:
        clean_amount(str(value), "x")
    assert caught.value.code in {"amount_out_of_range", "amount_precision"}


@pytest.mark.parametrize("raw", ["2025-02-30", "2025-13-01", "2025/03/01", "yesterday", ""])
def test_an_impossible_date_is_refused_naming_the_field(raw: str) -> None:
    with pytest.raises(LawError) as caught:
        clean_date(raw, "委派日期")
    assert caught.value.code == "date_invalid"
    assert "委派日期" in caught.value.message_zh
    form = Form({"on": raw})
    if raw and raw != "2025/03/01":  # a form takes the formats of the page's locale as well
        assert not form.is_valid()
        assert form.errors.as_data()["on"][0].code == "date_invalid"


def test_a_real_date_and_an_empty_optional_one() -> None:
    assert clean_date(" 2024-02-29 ", "on") == dt.date(2024, 2, 29)
    assert clean_date(dt.date(2024, 2, 29), "on") == dt.date(2024, 2, 29)
    assert optional_date("", "on") is None
    assert optional_date(None, "on") is None
    assert Form({"on": "2024-02-29"}).is_valid()
