"""The funds page's forms (the services check the rules; the forms check shapes). Every posting form
carries a fresh idempotency key (``key``, hidden): a form sent twice books once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, LineField

RECEIPT_CHOICES = [
    ("deduction", _("扣划到账")),
    ("voluntary", _("自动履行到账")),
    ("auction", _("拍卖（变卖）价款到账")),
]
OUTFLOW_CHOICES = [("refund", _("退款")), ("fee", _("执行费结算")), ("cost", _("执行费用支出"))]


def new_key() -> str:
    """A fresh idempotency key for a form."""
    return str(uuid.uuid4())


class Keyed(forms.Form):
    """A form whose submission books once (its hidden idempotency key)."""

    key = LineField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("key", new_key())
        super().__init__(*args, **kwargs)


class ReceiptForm(Keyed):
    """Money reached the case's account."""

    kind = forms.ChoiceField(label=_("到账类别"), choices=RECEIPT_CHOICES)
    amount = AmountField(label=_("金额（元）"), allow_zero=False)
    on = DateField(label=_("到账日期"))
    counterparty = LineField(label=_("交款人"), max_length=200, required=False)
    note = LineField(label=_("摘要"), max_length=NOTE_MAX, required=False)


class OutflowForm(Keyed):
    """A refund, the enforcement fee, or a cost."""

    kind = forms.ChoiceField(label=_("支出类别"), choices=OUTFLOW_CHOICES)
    amount = AmountField(label=_("金额（元）"), allow_zero=False)
    on = DateField(label=_("日期"))
    counterparty = LineField(label=_("收款人"), max_length=200, required=False)
    note = LineField(label=_("摘要"), max_length=NOTE_MAX, required=False)


class DisbursementForm(forms.Form):
    """Ask to pay a creditor of the case."""

    party = forms.TypedChoiceField(label=_("申请执行人"), coerce=int, choices=())
    amount = AmountField(label=_("金额（元）"), allow_zero=False)
    on = DateField(label=_("申请日期"))
    scheme = LineField(label=_("分配方案"), max_length=100, required=False)
    note = LineField(label=_("说明"), max_length=NOTE_MAX, required=False)

    def __init__(self, *args: Any, creditors: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["party"]).choices = list(creditors)


class PayForm(Keyed):
    """Pay an approved request."""

    on = DateField(label=_("发放日期"))


class RefuseForm(forms.Form):
    """Refuse a request, with a reason."""

    reason = LineField(label=_("不予批准理由"), max_length=NOTE_MAX)


class ReverseForm(Keyed):
    """Reverse a posting, with a reason."""

    on = DateField(label=_("冲正日期"))
    reason = LineField(label=_("冲正理由"), max_length=NOTE_MAX)


class DueForm(forms.Form):
    """The title's last day of performance (for delay interest)."""

    due = DateField(label=_("履行期限届满日"))
