"""The officer's triage forms: the facts of the case and an override with its reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.enforcement.models import Track
from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.text import NOTE_MAX, BlockField


class FactsForm(forms.Form):
    """What the officer knows of the case's means and obstacles (empty amounts count as none)."""

    frozen_amount = AmountField(label=_("已冻结金额（元）"), required=False)
    deducted_amount = AmountField(label=_("已扣划金额（元）"), required=False)
    salary_monthly = AmountField(label=_("被执行人月工资（元）"), required=False)
    needs_valuation = forms.BooleanField(label=_("财产须经评估"), required=False)
    third_party_objection = forms.BooleanField(label=_("案外人提出异议"), required=False)
    debtor_whereabouts_unknown = forms.BooleanField(label=_("被执行人下落不明"), required=False)


class OverrideForm(forms.Form):
    """The officer's track against the rule, with the reason."""

    track = forms.ChoiceField(label=_("调整为"), choices=Track.choices)
    reason = BlockField(label=_("调整理由"), max_length=NOTE_MAX, widget=forms.TextInput(attrs={"size": 40}))
