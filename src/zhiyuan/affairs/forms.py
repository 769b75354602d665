"""The affairs center's forms: the queue's filters, completing and returning a task, a batch's inputs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.affairs import registry
from zhiyuan.affairs.models import TaskStatus
from zhiyuan.inputs.text import NOTE_MAX, BlockField


def _kind_choices() -> list[tuple[str, str]]:
    return [(k.code, f"{k.name}") for k in registry.kinds()]


def _team_choices() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in registry.TEAMS.values()]


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class FilterForm(forms.Form):
    """The queue page's filters (all optional)."""

    team = forms.ChoiceField(label=_("小组"), required=False)
    kind = forms.ChoiceField(label=_("任务类型"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)
    mine = forms.BooleanField(label=_("仅看我领取的"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("全部"))]
        _choices(self, "team", [*every, *_team_choices()])
        _choices(self, "kind", [*every, *_kind_choices()])
        _choices(self, "status", [("", _("待办（待领取、办理中）")), *TaskStatus.choices])


class CompleteForm(forms.Form):
    """Completing a task: what was done (optional)."""

    note = BlockField(
        label=_("办理结果"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReturnForm(forms.Form):
    """Returning a task: why (required)."""

    reason = BlockField(label=_("退回理由"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ResubmitForm(forms.Form):
    """Resubmitting a returned task: what was put right (required)."""

    note = BlockField(label=_("补正情况"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class BatchForm(forms.Form):
    """A batch action and the inputs it reads (the action decides which; see ``BatchAction.fields``)."""

    action = forms.ChoiceField(label=_("批量操作"))
    kind = forms.ChoiceField(label=_("任务类型"), required=False)
    note = BlockField(
        label=_("统一说明"), max_length=NOTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    days = forms.IntegerField(label=_("未来天数"), required=False, min_value=1, max_value=365)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "action", [(a.code, a.name) for a in registry.batch_actions()])
        _choices(self, "kind", [("", "—"), *_kind_choices()])

    def params(self) -> dict[str, Any]:
        """The inputs the chosen action reads."""
        action = registry.batch_action(self.cleaned_data["action"])
        fields = action.fields if action else ()
        return {name: self.cleaned_data.get(name) for name in fields}
