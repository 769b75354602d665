"""The 执转破 workflow's forms: a written consent, the proposal, the decision, the suspension on notice and
the receiving court's ruling."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.enforcement.models import ConsentBy
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, BlockField, LineField


class ConsentForm(forms.Form):
    """A written consent (the debtor's or an applicant's)."""

    debtor = forms.IntegerField(label=_("被执行人"), min_value=1)
    by = forms.ChoiceField(label=_("同意人身份"), choices=ConsentBy.choices)
    party = forms.IntegerField(label=_("同意人"), min_value=1)
    given_on = DateField(label=_("书面同意日期"))
    evidence = BlockField(label=_("证明材料"), max_length=NOTE_MAX)


class ProposeForm(forms.Form):
    """Propose the transfer."""

    debtor = forms.IntegerField(label=_("被执行人"), min_value=1)
    on = DateField(label=_("提请日期"))
    unable_to_pay = forms.BooleanField(label=_("不能清偿到期债务"), required=False)
    insolvent = forms.BooleanField(label=_("资产不足以清偿全部债务或者明显缺乏清偿能力"), required=False)
    domicile_court = LineField(label=_("被执行人住所地法院代字"), max_length=20, required=False)
    basis = BlockField(label=_("事实与证据"), max_length=NOTE_MAX)


class DecideForm(forms.Form):
    """The president's decision: transfer, or refuse with a reason."""

    transfer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    grant = forms.BooleanField(label=_("决定移送"), required=False)
    on = DateField(label=_("决定日期"))
    reason = LineField(label=_("不予批准理由"), max_length=NOTE_MAX, required=False)


class SuspendForm(forms.Form):
    """Another court's officer suspends on the notice."""

    on = DateField(label=_("中止日期"))


class OutcomeForm(forms.Form):
    """The receiving court's ruling."""

    transfer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    accepted = forms.TypedChoiceField(
        label=_("裁定"),
        choices=(("1", _("受理")), ("0", _("不予受理"))),
        coerce=lambda v: v == "1",
    )
    on = DateField(label=_("裁定日期"))
    note = BlockField(label=_("裁定书文号与裁定情况"), max_length=NOTE_MAX)
