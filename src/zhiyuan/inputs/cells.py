"""Spreadsheet cells of the platform's CSV and XLSX files: what an export writes, and how an import of
the same format reads it back.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel
and LibreOffice (OWASP, "CSV Injection"): a partner organization could plant ``=HYPERLINK(…)`` through
the API and have it run on the computer of whoever opens the export. So :func:`cell` neutralises such
text as OWASP recommends, with a single quote in front — ``=HYPERLINK("x")`` is written
``'=HYPERLINK("x")``, and that is what the cell holds. Numbers are not text: amounts are written as
numbers (``Decimal``), so a negative amount stays a number; case numbers, dates and codes never begin
with one of these characters and are written unchanged.

The rule is exactly reversible, so an export imported back gives the original text. It has one
definition, :func:`zhiyuan.inputs.files.quote_formula` and its inverse
:func:`~zhiyuan.inputs.files.unquote_formula`, which every import of our formats applies to each cell:

- export: text whose first character after any leading quotes is a trigger gets one more quote;
- import: text that begins with a quote and, after all its leading quotes, with a trigger loses exactly
  one quote. Any other text is read as written.

(``'=x`` was exported as ``''=x`` and imports as ``'=x``; ``'abc`` was exported unchanged and imports
unchanged.) A control character stored before the boundary refused them (zhiyuan.inputs.text) cannot be
written to XLSX (XML 1.0) and broke the whole export: it is written as U+FFFD.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zhiyuan.inputs.files import FORMULA_PREFIXES, quote_formula, unquote_formula
from zhiyuan.inputs.text import FORBIDDEN

#: the first characters that make a cell a formula (OWASP): equals, plus, minus, at, tab, carriage return
TRIGGERS = FORMULA_PREFIXES
REPLACEMENT = "\ufffd"


def neutralise(text: str) -> str:
    """``text`` as a cell may hold it: never a formula, no character XML cannot hold."""
    return quote_formula(FORBIDDEN.sub(REPLACEMENT, text))


def restore(text: str) -> str:
    """The text an export neutralised: one leading quote less where the export added one."""
    return unquote_formula(text)


def cell(value: Any) -> Any:
    """A value as an export writes it: text neutralised; numbers (int, Decimal, float) and dates as they
    are (an XLSX number cell, a plain number in CSV); None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | float | dt.date):
        return value
    return neutralise(str(value))


def row(values: list[Any]) -> list[Any]:
    """Each value of an export row through :func:`cell`."""
    return [cell(v) for v in values]
