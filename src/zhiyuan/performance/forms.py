"""The judge's entry of an enforceable title (录入执行依据): the operative items (判项) of a judgment or a
mediation document as structured obligations, one form per item, turned into the executability format
(``zhiyuan.law.executability``) that ``services.open_title`` checks.

Parties are picked from the case's parties, never typed. Each item says who (obligors, with joint or
several liability when there are several), to whom, what (a sum of money; the delivery of a thing; an
act and its object), by when (a last day, or instalments, one per line) and, for money, the interest's
basis and start date. A row left as it was drawn is ignored, so the page can offer blank rows."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhiyuan.inputs.amounts import AmountField, clean_amount
from zhiyuan.inputs.dates import DateField
from zhiyuan.inputs.text import BlockField, LineField
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date

#: what an obligation's act column holds (``Obligation.act``): the act and its object, joined
ACT_MAX = 200
OBJECT_MAX = 190
INTEREST_MAX = 100
ITEMS_MAX = 20
INSTALMENTS_MAX = 60
KINDS = [
    ("payment", _("金钱给付")),
    ("delivery", _("交付财物")),
    ("act", _("完成行为")),
]
LIABILITIES = [("", _("（未写明）")), ("joint", _("连带责任")), ("several", _("按份责任"))]
#: one instalment a line: a date and an amount, separated by spaces, a comma or a full-width comma
INSTALMENT_LINE = re.compile(r"^\s*(\S+)\s*[\s,，、；;]\s*(\S+?)\s*元?\s*$")
DELIVERY = "交付"


class TitleForm(forms.Form):
    """The title as a whole: when it took effect."""

    effective_on = DateField(
        label=_("生效日期"), help_text=_("判决书、调解书发生法律效力之日，不早于结案日期。")
    )


class ItemForm(forms.Form):
    """One operative item (判项)."""

    sections = [
        (_("当事人"), ["obligors", "liability", "obligee"]),
        (_("给付内容"), ["kind", "amount", "act", "object"]),
        (_("履行期限"), ["due", "instalments"]),
        (_("利息"), ["interest_rate", "interest_from"]),
    ]

    obligors = forms.MultipleChoiceField(label=_("义务人"), widget=forms.CheckboxSelectMultiple)
    liability = forms.ChoiceField(
        label=_("责任形式"),
        choices=LIABILITIES,
        required=False,
        help_text=_("两名以上义务人时写明；未写明的按份额相同的按份责任执行。"),
    )
    obligee = forms.ChoiceField(label=_("权利人"))
    kind = forms.ChoiceField(label=_("给付类型"), choices=KINDS, initial="payment")
    amount = AmountField(label=_("金额（元）"), required=False)
    act = LineField(
        label=_("行为内容"),
        max_length=ACT_MAX,
        required=False,
        help_text=_("完成行为时填写，如：协助办理房屋所有权转移登记手续。"),
    )
    object = LineField(
        label=_("标的物或对象"),
        max_length=OBJECT_MAX,
        required=False,
        help_text=_("写明具体对象，如房屋坐落、车辆号牌、物品名称及数量。"),
    )
    due = DateField(
        label=_("履行期限"),
        required=False,
        help_text=_("最后履行日；不填的，自法律文书生效之日起履行。"),
    )
    instalments = BlockField(
        label=_("分期履行"),
        max_length=INSTALMENTS_MAX * 40,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-03-31 10000\n2026-06-30 10000"}),
        help_text=_("分期给付时每行一期：履行日 金额（元）。分期合计应与金额一致；金额不填时取合计。"),
    )
    interest_rate = LineField(
        label=_("利息计算标准"),
        max_length=INTEREST_MAX,
        required=False,
        help_text=_("如：按全国银行间同业拆借中心公布的一年期贷款市场报价利率计算。"),
    )
    interest_from = DateField(label=_("利息起算日"), required=False)

    def __init__(self, *args: Any, parties: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(parties or [])
        obligors = self.fields["obligors"]
        obligee = self.fields["obligee"]
        assert isinstance(obligors, forms.MultipleChoiceField)
        assert isinstance(obligee, forms.ChoiceField)
        obligors.choices = choices
        obligee.choices = [("", _("（请选择）")), *choices]

    def clean_instalments(self) -> list[dict[str, str]]:
        text = str(self.cleaned_data.get("instalments") or "")
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > INSTALMENTS_MAX:
            raise ValidationError(
                _("分期不得超过 %(most)s 期。"), code="instalments_too_many", params={"most": INSTALMENTS_MAX}
            )
        return [_instalment(n, line) for n, line in enumerate(lines, start=1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("obligee") and data["obligee"] in (data.get("obligors") or []):
            self.add_error(
                "obligee", ValidationError(_("权利人不能同时是义务人。"), code="obligee_is_obligor")
            )
        return data

    def item(self) -> dict[str, Any]:
        """This item in the executability format (call after validation)."""
        data = self.cleaned_data
        item: dict[str, Any] = {"obligors": list(data["obligors"]), "obligee": data["obligee"]}
        if data.get("liability"):
            item["liability"] = data["liability"]
        kind = data["kind"]
        due: dt.date | None = data.get("due")
        if kind == "payment":
            item["type"] = "payment"
            instalments: list[dict[str, str]] = data.get("instalments") or []
            amount: Decimal | None = data.get("amount")
            if amount is None and instalments:
                amount = sum((Decimal(i["amount"]) for i in instalments), Decimal(0))
            item["amount"] = f"{amount:.2f}" if amount is not None else None
            if instalments:
                item["instalments"] = instalments
            elif due is not None:
                item["due"] = due.isoformat()
            rate, start = data.get("interest_rate"), data.get("interest_from")
            if rate or start:
                item["interest"] = {"rate": rate or "", "from": start.isoformat() if start else ""}
        else:
            item["type"] = "act"
            act = str(data.get("act") or "").strip()
            item["act"] = (act or DELIVERY) if kind == "delivery" else act
            item["object"] = str(data.get("object") or "").strip()
            if due is not None:
                item["due"] = due.isoformat()
        return item


def _instalment(n: int, line: str) -> dict[str, str]:
    """One line of instalments: ``2026-03-31 10000`` (a field error naming the line otherwise)."""
    problem = ValidationError(
        _("第 %(n)s 行应为“履行日 金额”，如 2026-03-31 10000。"), code="instalment_invalid", params={"n": n}
    )
    match = INSTALMENT_LINE.match(line)
    if match is None:
        raise problem
    try:
        when = parse_date(match.group(1), "due")
        amount = clean_amount(match.group(2), "amount", allow_zero=False)
    except LawError:
        raise problem from None
    return {"due": when.isoformat(), "amount": f"{amount:.2f}"}


class BaseItemFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The items of a title: at least one, at most :data:`ITEMS_MAX`."""

    def filled(self) -> list[ItemForm]:
        """The forms that hold an item (not deleted, not left as drawn), in order."""
        out = []
        for form in self.forms:
            if not form.has_changed() or (self.can_delete and self._should_delete_form(form)):  # type: ignore[attr-defined]
                continue
            assert isinstance(form, ItemForm)
            out.append(form)
        return out

    def clean(self) -> None:
        super().clean()
        if not any(errors for errors in self.errors) and not self.filled():
            raise ValidationError(_("请至少填写一项给付事项。"), code="items_missing")


ItemFormSet = forms.formset_factory(
    ItemForm,
    formset=BaseItemFormSet,
    extra=0,
    min_num=1,
    max_num=ITEMS_MAX,
    validate_max=True,
    absolute_max=ITEMS_MAX,
    can_delete=True,
)


def roles(parties: list[dict[str, Any]], items: list[dict[str, Any]]) -> dict[str, str]:
    """Each party's role on the title: a debtor when it owes anything, a creditor when it is owed
    something, otherwise another party."""
    owes = {str(r) for item in items for r in item.get("obligors") or []}
    owed = {str(item.get("obligee")) for item in items}
    return {
        p["ref"]: "debtor" if p["ref"] in owes else "creditor" if p["ref"] in owed else "other"
        for p in parties
    }


def title_parties(parties: list[dict[str, Any]], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The title's parties in the executability format, with their roles."""
    role = roles(parties, items)
    return [
        {
            "ref": p["ref"],
            "name": p["name"],
            "id_type": p["id_type"] or None,
            "id_number": p["id_number"] or None,
            "role": role[p["ref"]],
        }
        for p in parties
    ]


def item_formset(
    parties: list[tuple[str, str]], data: Any = None, rows: list[dict[str, Any]] | None = None, extra: int = 0
) -> BaseItemFormSet:
    """The items' formset: bound to ``data``, or drawn with ``rows`` (what was typed) and ``extra`` blank
    rows. A bound formset is never given initial values: a row counts when it differs from a blank one."""
    formset = ItemFormSet(data, initial=rows or None, form_kwargs={"parties": parties}, prefix="item")
    formset.extra = extra
    assert isinstance(formset, BaseItemFormSet)
    return formset


def typed_rows(formset: BaseItemFormSet) -> list[dict[str, Any]]:
    """What the judge typed in the rows that hold something (not deleted), to draw them again with
    another row or without one, showing no errors yet."""
    return [
        {name: form[name].value() for name in form.fields if name != "DELETE"}
        for form in formset.forms
        if form.has_changed() and not form["DELETE"].value()
    ]
