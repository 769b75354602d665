"""The credit forms: a proposal, the president's decision, service, deletion, corrections, restrictions and
the public query."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.credit.models import Capacity
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import ID_NUMBER_MAX, NOTE_MAX, NOTES_MAX, BlockField, LineField
from zhiyuan.law.dishonesty import TRIGGERS

GROUNDS = [
    (1, _("（一）有履行能力而拒不履行")),
    (2, _("（二）以伪造证据、暴力、威胁等方法妨碍、抗拒执行")),
    (3, _("（三）以虚假诉讼、虚假仲裁或隐匿、转移财产等方法规避执行")),
    (4, _("（四）违反财产报告制度")),
    (5, _("（五）违反限制消费令")),
    (6, _("（六）无正当理由拒不履行执行和解协议")),
]
TRIGGER_NAMES = {
    "performed": _("已履行全部义务"),
    "settlement_performed": _("和解协议已履行完毕"),
    "applicant_request": _("申请执行人书面申请删除"),
    "tcp_no_property": _("终本后两次查询未发现财产"),
    "suspended": _("中止执行"),
    "not_enforced": _("裁定不予执行"),
    "terminated": _("裁定终结执行"),
    "period_expired": _("纳入期限届满"),
}
MONTHS = [(0, _("不设宽限期")), (1, _("1个月")), (2, _("2个月")), (3, _("3个月"))]


class ProposeForm(forms.Form):
    """The officer's proposal: which debtor, the Art 1 grounds, the evidence, the Art 3 facts."""

    party_id = forms.TypedChoiceField(label=_("被执行人"), coerce=int)
    grounds = forms.TypedMultipleChoiceField(
        label=_("失信情形"), choices=GROUNDS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    evidence = BlockField(label=_("证据材料"), max_length=NOTES_MAX)
    obligation = LineField(label=_("生效法律文书确定的义务"), max_length=NOTE_MAX, required=False)
    guarantee_provided = forms.BooleanField(label=_("已提供充分有效担保"), required=False)
    seized_property_sufficient = forms.BooleanField(label=_("已查封扣押冻结财产足以清偿"), required=False)
    performance_order_later = forms.BooleanField(label=_("履行顺序在后"), required=False)
    debtor_is_minor = forms.BooleanField(label=_("被执行人是未成年人"), required=False)
    aggravated = forms.BooleanField(label=_("情节严重或多项失信行为"), required=False)
    extension_years = forms.TypedChoiceField(
        label=_("延长年数"), coerce=int, choices=[(n, str(n)) for n in range(4)], initial=0
    )
    grace_months = forms.TypedChoiceField(label=_("宽限期"), coerce=int, choices=MONTHS, initial=0)

    def __init__(self, *args: Any, debtors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_id"].choices = debtors  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    """The president's decision."""

    grant = forms.TypedChoiceField(
        label=_("审批意见"), coerce=lambda v: v == "1", choices=[("1", _("批准")), ("0", _("不予批准"))]
    )
    decided_on = DateField(label=_("决定日期"))
    reason = LineField(label=_("理由"), max_length=NOTE_MAX, required=False)


class ServeForm(forms.Form):
    """Service of the decision."""

    served_on = DateField(label=_("送达日期"))
    method = LineField(label=_("送达方式"), max_length=200)


class DeleteForm(forms.Form):
    """A deletion trigger."""

    trigger = forms.ChoiceField(label=_("删除事由"), choices=[(t, TRIGGER_NAMES[t]) for t in TRIGGERS])
    on = DateField(label=_("事由发生日期"))
    early = forms.BooleanField(label=_("积极履行，提前删除"), required=False)
    note = LineField(label=_("说明"), max_length=NOTE_MAX, required=False)


class CorrectionForm(forms.Form):
    """The debtor's correction request, as recorded by the court."""

    requested_on = DateField(label=_("申请日期"))
    reason = BlockField(label=_("申请理由"), max_length=NOTES_MAX)


class CorrectionDecisionForm(forms.Form):
    """The review of a correction request."""

    outcome = forms.ChoiceField(
        label=_("审查结果"),
        choices=[
            ("corrected", _("理由成立，予以更正")),
            ("deleted", _("理由成立，删除")),
            ("refused", _("理由不成立")),
        ],
    )
    decided_on = DateField(label=_("审查日期"))
    note = LineField(label=_("审查意见"), max_length=NOTE_MAX, required=False)


class RestrictionForm(forms.Form):
    """A consumption restriction against the debtor or a unit debtor's person."""

    party_id = forms.TypedChoiceField(label=_("被执行人"), coerce=int)
    capacity = forms.ChoiceField(label=_("被限制人身份"), choices=Capacity.choices)
    person_name = LineField(label=_("被限制人姓名"), max_length=200, required=False)
    person_id = LineField(label=_("被限制人身份证号码"), max_length=ID_NUMBER_MAX, required=False)
    proposed_on = DateField(label=_("提请日期"))

    def __init__(self, *args: Any, debtors: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_id"].choices = debtors  # type: ignore[attr-defined]


class QueryForm(forms.Form):
    """The public query: name and identity number together, or a case number."""

    name = LineField(label=_("姓名（名称）"), max_length=200, required=False)
    id = LineField(label=_("身份证号码（组织机构代码）"), max_length=ID_NUMBER_MAX, required=False)
    case = LineField(label=_("案号"), max_length=64, required=False)


class LiftForm(forms.Form):
    """Lifting a restriction (Art 9)."""

    ground = forms.ChoiceField(
        label=_("解除事由"),
        choices=[
            ("guarantee", _("提供确实有效的担保")),
            ("consent", _("申请执行人同意")),
            ("performed", _("已履行全部义务")),
        ],
    )
    on = DateField(label=_("解除日期"))
    note = LineField(label=_("解除说明"), max_length=NOTE_MAX, required=False)


class ExceptionForm(forms.Form):
    """A travel exception request."""

    purpose = LineField(label=_("事由"), max_length=NOTE_MAX)
    travel_from = DateField(label=_("起始日期"))
    travel_to = DateField(label=_("结束日期"))


class ExceptionDecisionForm(forms.Form):
    """The approver's decision on a travel exception."""

    grant = forms.TypedChoiceField(
        label=_("审批意见"), coerce=lambda v: v == "1", choices=[("1", _("准许")), ("0", _("不准许"))]
    )
    decided_on = DateField(label=_("审批日期"))


class SigningForm(forms.Form):
    """The president's (or delegate's) decision on a proposed restriction order."""

    sign = forms.TypedChoiceField(
        label=_("审批意见"), coerce=lambda v: v == "1", choices=[("1", _("签发")), ("0", _("不予签发"))]
    )
    decided_on = DateField(label=_("签发日期"))


class RestorationForm(forms.Form):
    """The debtor's restoration request, as recorded by the court."""

    basis = forms.ChoiceField(
        label=_("修复依据"),
        choices=[("performed", _("已全部履行")), ("settlement_performed", _("执行和解协议已履行完毕"))],
    )
    requested_on = DateField(label=_("申请日期"))
    evidence = BlockField(label=_("履行情况与证据"), max_length=NOTES_MAX)


class RestorationDecisionForm(forms.Form):
    """The decision on a restoration request."""

    grant = forms.TypedChoiceField(
        label=_("审查结果"),
        choices=[("1", _("准予修复，删除失信信息")), ("0", _("不予修复"))],
        coerce=lambda v: v == "1",
    )
    decided_on = DateField(label=_("审查日期"))
    note = LineField(label=_("审查意见"), max_length=NOTE_MAX, required=False)
