"""Dates entering the platform: a real calendar day written ``YYYY-MM-DD``.

One definition — :func:`zhiyuan.law.facts.parse_date` — for every boundary:

- Django forms: ``forms.DateField`` (a field error already) or :class:`DateField` here, which says which
  form the date must take;
- API schemas: ``datetime.date`` (pydantic refuses ``2025-02-30``; the API answers 422 ``invalid_input``
  with the field's location);
- views that read ``request.POST`` / ``request.GET`` by hand: :func:`clean_date` and
  :func:`optional_date`, which raise :class:`LawError` ``date_invalid`` naming the field — the page shows
  the message; ``2025-02-30`` once reached ``date.fromisoformat`` unguarded and gave a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhiyuan.law.facts import parse_date

DATE_INVALID = "date_invalid"


def clean_date(value: object, field: str) -> dt.date:
    """``value`` (``YYYY-MM-DD``, or a date) as a date; :class:`LawError` ``date_invalid`` naming
    ``field`` when it is missing or not a real day."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return parse_date(value.strip() if isinstance(value, str) else value, field)


def optional_date(value: object, field: str) -> dt.date | None:
    """:func:`clean_date`, or None for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return clean_date(value, field)


class DateField(forms.DateField):
    """A date in a form (``<input type="date">``): ``2025-02-30`` is a field error with the code
    ``date_invalid`` and the form it must take."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads
    default_error_messages = {"invalid": _("请填写真实存在的日期，格式为 YYYY-MM-DD。")}

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except ValidationError as err:
            raise ValidationError(self.error_messages["invalid"], code=DATE_INVALID) from err


__all__ = ["DATE_INVALID", "DateField", "clean_date", "optional_date"]
