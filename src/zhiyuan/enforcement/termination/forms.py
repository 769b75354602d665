"""The 终本 workflow's forms: a finding, the applicant's opinion, the termination, resumption."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.enforcement.models import FindingItem, ResumedBy
from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, BlockField, LineField


class FindingForm(forms.Form):
    """One item the officer records, whether it holds, and what was found or done."""

    item = forms.ChoiceField(label=_("核查事项"), choices=FindingItem.choices)
    holds = forms.BooleanField(label=_("成立"), required=False)
    note = BlockField(label=_("核查情况"), max_length=NOTE_MAX)
    on = DateField(label=_("日期"))


class OpinionForm(forms.Form):
    """The applicant heard (约谈申请执行人)."""

    heard_on = DateField(label=_("约谈日期"))
    text = BlockField(label=_("申请执行人意见"), max_length=NOTE_MAX)


class TerminateForm(forms.Form):
    """Terminate the current procedure."""

    on = DateField(label=_("终本日期"))
    other_recovered = AmountField(label=_("扣划以外已执行到位金额（元）"), required=False)
    note = LineField(label=_("备注"), max_length=NOTE_MAX, required=False)


class ResumeForm(forms.Form):
    """Resume enforcement (执恢)."""

    on = DateField(label=_("恢复执行日期"))
    by = forms.ChoiceField(label=_("恢复执行方式"), choices=ResumedBy.choices)
    reason = BlockField(label=_("恢复执行理由"), max_length=NOTE_MAX)
