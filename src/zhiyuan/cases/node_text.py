"""A node's payload in words (the case page's and the mediation page's timelines): each field a node may
carry is declared once with its label and how its value reads — a person (the user name recorded, shown
as the person's full name), a choice (a code shown by its name), or text (shown masked). A field no one
declared is not shown: the timeline never shows an internal key or code.

The case apps declare their fields here; a higher app whose services write nodes (mediation) declares
its own with :func:`declare` (ARCHITECTURE.md §2: the generic part offers a registry)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from zhiyuan.accounts.selectors import person_names
from zhiyuan.cases.models import Capacity, ClosingMethod
from zhiyuan.privacy.masking import mask_text

TEXT, PERSON, CHOICE, SHOWN = "text", "person", "choice", "shown"


@dataclass(frozen=True)
class Field:
    """How one payload key reads: its label, its kind (text masked, a person, a choice, shown as it is)
    and, for a choice, the names of its values (a callable for names computed elsewhere)."""

    label: Promise | str
    kind: str = TEXT
    choices: Mapping[str, Any] | Callable[[str], str] = field(default_factory=dict)


_FIELDS: dict[str, Field] = {}


def declare(key: str, label: Promise | str, kind: str = TEXT, choices: Any = None) -> None:
    """Declare how the payload field ``key`` reads (the last declaration of a key wins)."""
    _FIELDS[key] = Field(label, kind, choices or {})


_FIGURES = {"claim_amount": _("申请执行标的"), "recovered_amount": _("执行到位金额")}

declare("origin", _("来源案件"), SHOWN)
declare("closing_method", _("结案方式"), CHOICE, dict(ClosingMethod.choices))
declare("note", _("备注"))
declare("user", _("人员"), PERSON)
declare("capacity", _("身份"), CHOICE, dict(Capacity.choices))
declare("previous", _("原承办人"), PERSON)
declare("reason", _("理由"))
declare("requested_by", _("申请人"), PERSON)
declare("field", _("更正项目"), CHOICE, _FIGURES)
declare("from", _("更正前"), SHOWN)
declare("to", _("更正后"), SHOWN)


def _value(f: Field, value: Any, names: Mapping[Any, str]) -> str:
    text = str(value)
    if f.kind == PERSON:
        return names.get(text, text)
    if f.kind == CHOICE:
        name = f.choices(text) if callable(f.choices) else f.choices.get(text, text)
        return str(name)
    if f.kind == SHOWN:
        return text
    return mask_text(text)


def people_in(payloads: Iterable[Mapping[str, Any]]) -> set[str]:
    """The user names the payloads name (to look their people up once for a whole timeline)."""
    return {
        str(v) for p in payloads for k, v in p.items() if v and k in _FIELDS and _FIELDS[k].kind == PERSON
    }


def summary(payload: Mapping[str, Any], names: Mapping[Any, str] | None = None) -> str:
    """The payload in one line, in the current language: the declared fields that have a value."""
    colon, semicolon = (": ", "; ") if (get_language() or "").startswith("en") else ("：", "；")
    if names is None:
        names = person_names(usernames=people_in([payload]))
    parts = []
    for key, value in payload.items():
        f = _FIELDS.get(key)
        if f is None or value in (None, "", [], {}):
            continue
        label = gettext(f.label) if isinstance(f.label, str) else str(f.label)
        parts.append(f"{label}{colon}{_value(f, value, names)}")
    return semicolon.join(parts)
