"""The refusal forms on the case page (the services check the rules; the forms check shapes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.enforcement.models import ReferralOutcome, SanctionKind, SanctionSubject
from zhiyuan.enforcement.refusal import rules
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, NOTES_MAX, BlockField, LineField
from zhiyuan.law.refusal import EVIDENCE_ITEMS


class ReferralForm(forms.Form):
    """Propose a referral: the suspect, the police, the situation and one line of evidence per category."""

    suspect = forms.TypedChoiceField(label=_("涉嫌拒执人"), choices=(), coerce=int)
    police = LineField(label=_("公安机关"), max_length=rules.POLICE_MAX)
    situation = BlockField(label=_("执行情况说明"), max_length=rules.SITUATION_MAX)
    on = DateField(label=_("提请日期"))

    def __init__(self, *args: Any, parties: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["suspect"]).choices = list(parties)
        for code, (zh, _en) in EVIDENCE_ITEMS.items():
            self.fields[f"evidence_{code}"] = LineField(label=zh, max_length=NOTE_MAX)
            self.fields[f"pages_{code}"] = forms.IntegerField(
                label=_("页数"), min_value=1, max_value=10000, initial=1
            )

    def evidence(self) -> list[dict[str, Any]]:
        """The evidence list in the services' shape."""
        d = self.cleaned_data
        return [
            {"item": code, "description": d[f"evidence_{code}"], "pages": d[f"pages_{code}"]}
            for code in EVIDENCE_ITEMS
        ]


class SanctionForm(forms.Form):
    """Propose a fine or a detention."""

    kind = forms.ChoiceField(label=_("种类"), choices=SanctionKind.choices)
    subject = forms.ChoiceField(label=_("对象"), choices=SanctionSubject.choices)
    party = forms.TypedChoiceField(
        label=_("当事人"), choices=(), coerce=int, required=False, empty_value=None
    )
    target_name = LineField(
        label=_("被处罚人（单位的负责人或者直接责任人员）"), max_length=200, required=False
    )
    amount = forms.DecimalField(label=_("罚款金额（元）"), max_digits=15, decimal_places=2, required=False)
    days = forms.IntegerField(label=_("拘留日数"), min_value=1, max_value=365, required=False)
    grounds = BlockField(label=_("事实和理由"), max_length=NOTES_MAX)
    on = DateField(label=_("提请日期"))

    def __init__(self, *args: Any, parties: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["party"]).choices = [("", "—"), *parties]


class DecisionForm(forms.Form):
    """Approve or refuse (a reason for a refusal)."""

    grant = forms.TypedChoiceField(
        label=_("审批意见"), choices=(("1", _("批准")), ("0", _("不予批准"))), coerce=lambda v: v == "1"
    )
    on = DateField(label=_("日期"))
    reason = LineField(label=_("理由"), max_length=NOTE_MAX, required=False)


class SendForm(forms.Form):
    """The referral went to the police."""

    referred_on = DateField(label=_("移送日期"))
    letter_number = LineField(label=_("移送函文号"), max_length=rules.NUMBER_MAX, required=False)


class OnForm(forms.Form):
    """A step that only needs its date."""

    on = DateField(label=_("日期"))


class AnswerForm(forms.Form):
    """The police's answer."""

    filed = forms.TypedChoiceField(
        label=_("公安机关答复"), choices=(("1", _("立案")), ("0", _("不予立案"))), coerce=lambda v: v == "1"
    )
    on = DateField(label=_("答复日期"))
    police_case_number = LineField(label=_("公安立案编号"), max_length=rules.NUMBER_MAX, required=False)
    reasons = BlockField(label=_("不予立案理由"), max_length=NOTES_MAX, required=False)


class NoteForm(forms.Form):
    """Asking the procuratorate to supervise."""

    on = DateField(label=_("提请日期"))
    note = BlockField(label=_("说明"), max_length=NOTES_MAX)


class PrivateForm(forms.Form):
    """The applicant's private prosecution filed."""

    filed_on = DateField(label=_("自诉立案日期"))


class RecoveredForm(forms.Form):
    """The money recovered because of the referral (the total)."""

    amount = forms.DecimalField(label=_("因移送追回金额（元）"), min_value=0, max_digits=15, decimal_places=2)
    on = DateField(label=_("日期"))


class OutcomeForm(forms.Form):
    """How the criminal proceedings ended."""

    outcome = forms.ChoiceField(label=_("结果"), choices=ReferralOutcome.choices)
    on = DateField(label=_("结果日期"))
