"""How every form of the platform is drawn (``FORM_RENDERER``): one style everywhere.

``{{ form }}`` renders ``zhiyuan/forms/form.html``: a summary of the errors at the top (each field's error
with a link to the field), the fields in sections (``<fieldset>`` with a legend) when the form declares
them, and each field through ``zhiyuan/forms/field.html``: its label above it with a mark when it is
required, the help text, the input at a width that fits what it holds, and its errors right below it
(``aria-describedby`` points at them). A form declares its sections as data::

    class IntakeForm(forms.Form):
        sections = [(_("当事人"), ["applicants", "respondents"]), (_("纠纷"), ["description", "cause"])]

Fields not named in any section follow in a last section without a legend. The CSS lives in
``zhiyuan/static/zhiyuan/site.css`` (``.form-body``, ``.field``, ``.w-*``, ``.error-summary``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest

FORM_TEMPLATE = "zhiyuan/forms/form.html"
FIELD_TEMPLATE = "zhiyuan/forms/field.html"
#: widths (CSS classes) by what a field holds: short codes, names, a line of text, free text
WIDTHS = ((8, "w-xs"), (24, "w-s"), (80, "w-m"))
WIDE = "w-l"
FULL = "w-full"


class PlatformBoundField(BoundField):
    """A bound field that knows the width its input should take (``width``: a CSS class)."""

    @property
    def width(self) -> str:
        """``w-xs`` … ``w-l`` by the field's maximum length, ``w-full`` for free text, ``w-date`` for a
        date, ``w-num`` for a number or amount, ``w-auto`` for check boxes and radio buttons."""
        field, widget = self.field, self.field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            return "w-auto"
        if isinstance(widget, forms.Textarea):
            return FULL
        if isinstance(field, forms.DateField | forms.DateTimeField) or getattr(widget, "input_type", "") in {
            "date",
            "month",
        }:
            return "w-date"
        if isinstance(field, forms.DecimalField | forms.IntegerField | forms.FloatField):
            return "w-num"
        if isinstance(widget, forms.Select):
            return "w-m"
        limit = getattr(field, "max_length", None)
        if not limit:
            return "w-m"
        return next((name for most, name in WIDTHS if limit <= most), WIDE)

    @property
    def required_mark(self) -> bool:
        """Shown with the required mark (a required field that is not a single check box)."""
        return bool(self.field.required) and not isinstance(self.field.widget, forms.CheckboxInput)


def sections(form: forms.BaseForm, fields: Sequence[tuple[BoundField, Any]]) -> list[dict[str, Any]]:
    """The visible fields grouped as the form's ``sections`` declare ([(legend, [names])]); the rest in a
    last group without a legend. A form without sections is one group without a legend."""
    declared: Sequence[tuple[Any, Sequence[str]]] = getattr(form, "sections", None) or ()
    by_name = {bf.name: (bf, errors) for bf, errors in fields}
    groups: list[dict[str, Any]] = []
    placed: set[str] = set()
    for legend, names in declared:
        members = [by_name[n] for n in names if n in by_name and n not in placed]
        placed.update(n for n in names if n in by_name)
        if members:
            groups.append({"legend": legend, "fields": members})
    rest = [pair for pair in fields if pair[0].name not in placed]
    if rest:
        groups.append({"legend": None, "fields": rest})
    return groups


def error_count(context: dict[str, Any]) -> int:
    """How many errors the summary lists: the form's own (and hidden fields') and every field's."""
    return len(context.get("errors") or ()) + sum(len(errors) for _bf, errors in context.get("fields", ()))


class PlatformFormRenderer(DjangoTemplates):
    """Django's template renderer (the apps' templates and Django's widgets) with the platform's form and
    field templates, the sections and the error count added to a form's context."""

    form_template_name = FORM_TEMPLATE
    field_template_name = FIELD_TEMPLATE
    bound_field_class = PlatformBoundField

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        form = context.get("form")
        if template_name == FORM_TEMPLATE and isinstance(form, forms.BaseForm) and "fields" in context:
            context = {
                **context,
                "sections": sections(form, context["fields"]),
                "error_count": error_count(context),
                "any_required": any(getattr(bf, "required_mark", False) for bf, _e in context["fields"]),
            }
        return super().render(template_name, context, request)
