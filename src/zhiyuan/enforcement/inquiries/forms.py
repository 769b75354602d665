"""The officer's network forms: an inquiry, an order, a repeated freeze, a standing re-query."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.enforcement.inquiries.teimosinha import MAX_DAYS, MAX_DEPENDANTS
from zhiyuan.enforcement.models import OrderKindChoice
from zhiyuan.gateway.protocol import LABELS
from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import LineField

DOCUMENT_MAX = 100


def class_choices() -> list[tuple[str, str]]:
    """Every asset class the network answers, named in Chinese (the page translates the label)."""
    return [(c.value, zh) for c, (zh, _en) in LABELS.items()]


class AskForm(forms.Form):
    """Which classes to ask about (and which debtor, when the case has several)."""

    classes = forms.MultipleChoiceField(
        label=_("财产类别"), choices=class_choices, widget=forms.CheckboxSelectMultiple
    )
    debtor = forms.TypedChoiceField(label=_("被执行人"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: object, debtors: list[tuple[int, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["debtor"].choices = debtors or []  # type: ignore[attr-defined]


class OrderForm(forms.Form):
    """A freeze, release or deduction of one asset found."""

    result = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(label=_("指令"), choices=OrderKindChoice.choices)
    amount = AmountField(label=_("金额（元）"), allow_zero=False)
    document_number = LineField(label=_("裁定书文号"), max_length=DOCUMENT_MAX)


class RepeatedFreezeForm(forms.Form):
    """Start a repeated freeze."""

    amount_due = AmountField(label=_("应冻结金额（元）"), allow_zero=False)
    days = forms.IntegerField(label=_("轮巡天数"), min_value=1, max_value=MAX_DAYS, required=False)
    dependants = forms.IntegerField(label=_("被扶养人数"), min_value=0, max_value=MAX_DEPENDANTS, initial=0)
    document_number = LineField(label=_("裁定书文号"), max_length=DOCUMENT_MAX)


class RequeryForm(forms.Form):
    """Set a standing re-query from a date (the 终本 date)."""

    starts_on = DateField(label=_("起算日（终本日期）"))
