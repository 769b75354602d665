"""Template filters for the printed parts of pages: dates as court documents write them
(``zhiyuan.law.document_style``) in Chinese, and in words in English ("4 December 2026")."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language

from zhiyuan.law import document_style

register = template.Library()
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _english(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter
def signing_date(value: object) -> str:
    """A document's signing date: 二〇二六年十二月四日 (English: 4 December 2026); "" for no date."""
    if not isinstance(value, dt.date):
        return ""
    return _english(value) if (get_language() or "").startswith("en") else document_style.signing_date(value)


@register.filter
def text_date(value: object) -> str:
    """A date in a document's text: 2026年12月4日 (English: 4 December 2026); "" for no date."""
    if not isinstance(value, dt.date):
        return ""
    return _english(value) if (get_language() or "").startswith("en") else document_style.text_date(value)
