"""The officer's forms for measures and property (the services check the rules; the forms check shapes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.enforcement.models import AssetClass, AuctionResult, MeasureKind, ValuationMethod
from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, LineField


class TakeForm(forms.Form):
    """Take a measure on one of the case's assets."""

    asset = forms.TypedChoiceField(label=_("财产"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("措施"), choices=MeasureKind.choices)
    on = DateField(label=_("日期"))
    amount = AmountField(label=_("金额（元，冻结、扣划款项）"), required=False)

    def __init__(self, *args: Any, assets: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["asset"]).choices = list(assets)


class RenewForm(forms.Form):
    """Renew a measure on a day."""

    on = DateField(label=_("续行日期"))


class ReleaseForm(forms.Form):
    """Release a measure with a reason."""

    on = DateField(label=_("解除日期"))
    reason = LineField(label=_("解除理由"), max_length=NOTE_MAX)


class AssetForm(forms.Form):
    """A debtor's asset."""

    asset_class = forms.ChoiceField(label=_("财产类别"), choices=AssetClass.choices)
    description = LineField(label=_("财产描述"), max_length=200)
    register_ref = LineField(label=_("权证号或账号"), max_length=100, required=False)
    location = LineField(label=_("所在地或开户机构"), max_length=200, required=False)
    estimated_value = AmountField(label=_("估计价值（元）"), required=False)


class ValuationForm(forms.Form):
    """A reference price."""

    method = forms.ChoiceField(label=_("确定方式"), choices=ValuationMethod.choices)
    price = AmountField(label=_("参考价（元）"), allow_zero=False)
    valued_on = DateField(label=_("确定日期"))
    source = LineField(label=_("来源"), max_length=200, required=False)


class AuctionForm(forms.Form):
    """An online judicial auction."""

    reserve = AmountField(label=_("起拍价（元）"), allow_zero=False)
    announced_on = DateField(label=_("公告日"))
    auction_on = DateField(label=_("拍卖日"))


class ResultForm(forms.Form):
    """An auction's result."""

    result = forms.ChoiceField(label=_("结果"), choices=AuctionResult.choices)
    price = AmountField(label=_("成交价（元）"), required=False)
    buyer = LineField(label=_("买受人"), max_length=200, required=False)


class SaleForm(forms.Form):
    """Sale at a set price."""

    price = AmountField(label=_("变卖价款（元）"), allow_zero=False)
    on = DateField(label=_("变卖日期"))
    buyer = LineField(label=_("买受人"), max_length=200)


class AcceptForm(forms.Form):
    """Acceptance in lieu."""

    on = DateField(label=_("抵债日期"))


class ProceedsForm(forms.Form):
    """The buyer's full price reached the court."""

    on = DateField(label=_("价款到账日期"))


class CalendarForm(forms.Form):
    """The calendar's window."""

    within = forms.IntegerField(label=_("届满前天数"), min_value=0, max_value=366, required=False)


class MeasureIds(forms.TypedMultipleChoiceField):
    """Measure ids (the services check each one: a measure not found is its own result)."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit() and len(str(value)) < 19


class BatchForm(forms.Form):
    """Batch renewal of the selected measures."""

    on = DateField(label=_("续行日期"))
    measures = MeasureIds(label=_("措施"), coerce=int, choices=())
