"""Telephone numbers entering the platform (a party's or an agent's phone): the one definition.

Accepted, with spaces, hyphens, dots and brackets as typed, and an optional +86 / 0086 prefix:

- a mobile number: 11 digits beginning 13–19 → ``13800138000``;
- a fixed-line number: area code (0 and 2–3 digits) and a 7–8 digit number, optionally an extension of up
  to 6 digits after 转, ext or a hyphen → ``0851-86543210`` (``0851-86543210-123``);
- a 400/800 service number (10 digits) → ``4001234567``;
- a number abroad: ``+`` and the country code, 8–15 digits in all (E.164), not +86 → ``+442071234567``.

Anything else is refused with ``phone_invalid``. The value stored is the normalized form.
"""

from __future__ import annotations

import re

from zhiyuan.law.errors import LawError

#: the longest phone number as typed (separators, prefix and extension included)
PHONE_MAX = 40
PHONE_INVALID = "phone_invalid"

_SEPARATORS = re.compile(r"[\s\-.()（）]")
_EXTENSION = re.compile(r"^(?P<main>.+?)(?:转|ext\.?|x|#)(?P<ext>\d{1,6})$", re.IGNORECASE)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SERVICE = re.compile(r"^[48]00\d{7}$")
# area codes: 010 and 02x are three digits; the others four (0 + 3 digits)
_FIXED = re.compile(r"^(?P<area>010|02\d|0[3-9]\d{2})(?P<number>[2-9]\d{6,7})$")
_ABROAD = re.compile(r"^\+(?!86)[1-9]\d{7,14}$")
_FIXED_WITH_EXTENSION = re.compile(r"^(?P<area>0\d{2,3})-(?P<number>\d{7,8})-(?P<ext>\d{1,6})$")


def invalid_phone(field: str = "") -> LawError:
    """The refusal of a number that is none of the accepted forms."""
    where_zh = f"“{field}”" if field else "电话号码"
    where_en = f"'{field}'" if field else "The phone number"
    return LawError(
        PHONE_INVALID,
        f"{where_zh}无效：须为11位手机号码、带区号的固定电话（如 0851-86543210）或以 + 开头的境外号码。",
        f"{where_en} is not valid: give an 11-digit mobile number, a fixed line with its area code "
        "(e.g. 0851-86543210) or a number abroad beginning with +.",
        field=field,
    )


def _national(digits: str) -> str | None:
    if _MOBILE.match(digits) or _SERVICE.match(digits):
        return digits
    fixed = _FIXED.match(digits)
    if fixed:
        return f"{fixed['area']}-{fixed['number']}"
    return None


def clean_phone(text: str | None, field: str = "") -> str:
    """The normalized number ("" for an empty value); :class:`LawError` ``phone_invalid`` otherwise."""
    raw = (text or "").strip()
    if not raw:
        return ""
    if len(raw) > PHONE_MAX:
        raise invalid_phone(field)
    if _FIXED_WITH_EXTENSION.match(raw.replace(" ", "")):  # 0851-86543210-123: the last hyphen is the ext
        m = _FIXED_WITH_EXTENSION.match(raw.replace(" ", ""))
        assert m is not None
        main = _national(m["area"] + m["number"])
        if main is None or "-" not in main:
            raise invalid_phone(field)
        return f"{main}-{m['ext']}"
    extension = ""
    found = _EXTENSION.match(raw)
    if found:
        raw, extension = found["main"], found["ext"]
    compact = _SEPARATORS.sub("", raw)
    if compact.startswith("0086"):
        compact = "+86" + compact[4:]
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("+"):
        if extension or not _ABROAD.match(compact):
            raise invalid_phone(field)
        return compact
    if not compact.isdigit():
        raise invalid_phone(field)
    if compact.startswith("86") and len(compact) == 13 and _MOBILE.match(compact[2:]):
        compact = compact[2:]
    national = _national(compact)
    if national is None:
        raise invalid_phone(field)
    if extension:
        if "-" not in national:  # only a fixed line has extensions
            raise invalid_phone(field)
        return f"{national}-{extension}"
    return national
