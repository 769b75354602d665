"""A refusal in words on a page: the current language, a form's label for the field the message quotes,
and the stable code when asked for."""

from __future__ import annotations

from django import forms
from django.utils import translation

from zhiyuan.law.errors import LawError
from zhiyuan.law.money import parse_amount
from zhiyuan.problems import in_words


class _Form(forms.Form):
    amount = forms.CharField(label="冻结金额")
    price = forms.CharField(label="金额")


def _refusal(field: str) -> LawError:
    try:
        parse_amount("-1", field)
    except LawError as err:
        return err
    raise AssertionError("a negative amount must be refused")


def test_a_field_identifier_becomes_the_forms_label() -> None:
    with translation.override("zh-hans"):
        assert in_words(_refusal("amount"), _Form()) == "金额“冻结金额”必须为正数。"
        assert in_words(_refusal("price"), _Form()) == "金额必须为正数。"  # not 金额“金额”
        assert in_words(_refusal("amount")) == "金额“amount”必须为正数。"  # no form: as the API says it
        assert in_words(_refusal("other"), _Form()) == "金额“other”必须为正数。"


def test_english_and_the_code() -> None:
    with translation.override("en"):
        assert in_words(_refusal("amount"), _Form(), code=True) == (
            "Amount '冻结金额' must be positive. (code: amount_out_of_range)"
        )
    with translation.override("zh-hans"):
        assert (
            in_words(_refusal("price"), _Form(), code=True) == "金额必须为正数。（代码：amount_out_of_range）"
        )
