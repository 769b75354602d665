"""The hearing forms (the services check the rules; the forms check shapes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.enforcement.hearings import rules, services
from zhiyuan.enforcement.models import HearingMode, HearingOutcome, RequestedBy
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, NOTES_MAX, BlockField, LineField


class ScheduleForm(forms.Form):
    """Schedule a hearing on a case."""

    matter = forms.ChoiceField(label=_("听证事项"), choices=())
    requested_by = forms.ChoiceField(label=_("申请人"), choices=RequestedBy.choices)
    requested_on = DateField(label=_("申请或决定听证日期"))
    starts_at = forms.DateTimeField(label=_("开始时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    minutes = forms.IntegerField(
        label=_("时长（分钟）"), min_value=rules.MIN_MINUTES, max_value=rules.MAX_MINUTES
    )
    mode = forms.ChoiceField(label=_("听证方式"), choices=HearingMode.choices)
    place = LineField(label=_("听证室或在线链接"), max_length=rules.PLACE_MAX)
    presiding = forms.ChoiceField(label=_("主持人"), choices=())
    public = forms.BooleanField(label=_("公开听证"), required=False)
    others = BlockField(label=_("其他参加人（每行：姓名，身份）"), max_length=NOTE_MAX, required=False)

    def __init__(
        self,
        *args: Any,
        matters: Sequence[tuple[str, str]] = (),
        reviewers: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["matter"]).choices = list(matters)
        cast(forms.ChoiceField, self.fields["presiding"]).choices = list(reviewers)
        self.fields["starts_at"].widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def others_in(self) -> list[services.OtherIn]:
        """The other participants, one a line: ``name，capacity`` (or ``name,capacity``)."""
        out = []
        for line in (self.cleaned_data.get("others") or "").splitlines():
            name, _sep, capacity = line.replace(",", "，").partition("，")
            if name.strip():
                out.append(services.OtherIn(name.strip()[:200], capacity.strip()[:40]))
        return out


class ServeForm(forms.Form):
    """Record the service of the notice on one participant."""

    participant = forms.TypedChoiceField(label=_("参加人"), coerce=int, choices=())
    served_on = DateField(label=_("送达日期"))
    method = LineField(label=_("送达方式"), max_length=40, required=False)

    def __init__(self, *args: Any, participants: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["participant"]).choices = list(participants)


class HoldForm(forms.Form):
    """The record of the hearing (statements arrive as ``statement-<participant id>``)."""

    record = BlockField(label=_("听证笔录"), max_length=services.RECORD_MAX)


class DecideForm(forms.Form):
    """The outcome with its reasons."""

    outcome = forms.ChoiceField(label=_("听证结论"), choices=HearingOutcome.choices)
    reasons = BlockField(label=_("理由"), max_length=NOTES_MAX)
    on = DateField(label=_("日期"))


class CloseForm(forms.Form):
    """Close the hearing (and rule on the review case)."""

    on = DateField(label=_("日期"))


class RescheduleForm(forms.Form):
    """Move the hearing, with a reason."""

    starts_at = forms.DateTimeField(
        label=_("新的开始时间"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    minutes = forms.IntegerField(
        label=_("时长（分钟）"), min_value=rules.MIN_MINUTES, max_value=rules.MAX_MINUTES
    )
    reason = LineField(label=_("改期理由"), max_length=NOTE_MAX)


class CancelForm(forms.Form):
    """Cancel the hearing, with a reason."""

    reason = LineField(label=_("取消理由"), max_length=NOTE_MAX)
