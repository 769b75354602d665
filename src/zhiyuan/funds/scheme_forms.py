"""Forms of the distribution scheme page: making a scheme (proceeds, costs and up to :data:`ROWS`
creditors), its service, an objection, its confirmation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zhiyuan.inputs.amounts import AmountField
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import NOTE_MAX, LineField

ROWS = 5


class SchemeForm(forms.Form):
    """The proceeds to distribute, the enforcement costs paid first, and the creditors."""

    proceeds = AmountField(label=_("执行所得（元）"), allow_zero=False)
    costs = AmountField(label=_("执行费用（元）"), required=False)
    on = DateField(label=_("制作日期"))

    def __init__(self, *args: Any, creditors: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *creditors]
        for n in range(ROWS):
            self.fields[f"party_{n}"] = forms.TypedChoiceField(
                label=_("债权人"), choices=choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"amount_{n}"] = AmountField(label=_("债权数额（元）"), required=False)
            self.fields[f"rank_{n}"] = forms.IntegerField(
                label=_("优先受偿顺位"), required=False, min_value=1, max_value=99
            )
            self.fields[f"seal_{n}"] = forms.IntegerField(
                label=_("查封顺序"), required=False, min_value=1, max_value=999
            )

    def rows(self) -> list[list[forms.BoundField]]:
        """The creditor fields row by row (for the template)."""
        return [[self[f"{k}_{n}"] for k in ("party", "amount", "rank", "seal")] for n in range(ROWS)]

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        creditors = []
        for n in range(ROWS):
            party, amount = data.get(f"party_{n}"), data.get(f"amount_{n}")
            if party is None and amount is None:
                continue
            if party is None or amount is None:
                raise forms.ValidationError(
                    _("每一行须同时填写债权人和债权数额。"), code="creditor_row_incomplete"
                )
            creditors.append(
                {
                    "party_id": party,
                    "amount": str(amount),
                    "priority_rank": data.get(f"rank_{n}"),
                    "seal_order": data.get(f"seal_{n}"),
                }
            )
        if not creditors:
            raise forms.ValidationError(_("请至少列明一名债权人。"), code="creditors_required")
        data["creditors"] = creditors
        return data


class SchemeServeForm(forms.Form):
    """The scheme served on the parties."""

    on = DateField(label=_("送达日期"))


class ObjectionForm(forms.Form):
    """A written objection received."""

    party = forms.TypedChoiceField(label=_("异议人"), coerce=int, choices=())
    on = DateField(label=_("收到异议日期"))
    reason = LineField(label=_("异议理由"), max_length=NOTE_MAX)

    def __init__(self, *args: Any, parties: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["party"]).choices = list(parties)


class ConfirmForm(forms.Form):
    """The scheme confirmed once the objection period ended without objection."""

    on = DateField(label=_("确定日期"))
