"""Identity documents: one definition of a valid number, used by every path that takes parties.

- 居民身份证 (公民身份号码, GB 11643): 18 digits with a MOD 11-2 check digit (or 15 first-generation
  digits without one); the birth date is a real date and not after the date of the check (``on``). A
  region code that did not exist in the birth year is a warning, never a reason to reject: the number is
  lifelong (居民身份证法 Art 3) and carries the code in force where and when it was issued.
- 港澳台居民居住证: a 公民身份号码 with address code 810000 / 820000 / 830000 (国办发〔2018〕81号 Art 3).
- 统一社会信用代码 (GB 32100): 18 characters of the code set 0-9 A-H J-N P-R T-U W-Y, digits 3-8 a
  region code, a MOD 31 check character.
- 护照, 港澳居民来往内地通行证, 台湾居民来往大陆通行证, 外国人永久居留身份证: the formats are parameters
  (``identity.*`` in ``params/identity.yaml``), so a corrected rule is a data change.

Without ``id_type`` the type is taken from the shape, but only for shapes that belong to one document:
resident numbers, credit codes, residence permits, permanent-residence cards and the H/M permits. A
bare 8-digit Taiwan permit number or a passport number needs its type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import parse_date, require_fields
from zhiyuan.law.parameters import ParameterBook

#: code (6 digits) → stdnum-style info, e.g. {"province": "北京市", "county": "[-2010]崇文区"}
RegionLookup = Callable[[str], Mapping[str, str]]

GB_11643 = Citation("GB 11643-1999《公民身份号码》", "")
GB_32100 = Citation("GB 32100-2015《法人和其他组织统一社会信用代码编码规则》", "")
LIFELONG_NUMBER = Citation("《中华人民共和国居民身份证法》", "第三条第二款")
RESIDENCE_PERMIT = Citation("《港澳台居民居住证申领发放办法》（国办发〔2018〕81号）", "第三条第二款")

#: document type → (中文, English). The identifiers are the ``id_type`` values of every contract.
ID_TYPES: dict[str, tuple[str, str]] = {
    "resident_id": ("居民身份证", "Resident identity card"),
    "residence_permit": ("港澳台居民居住证", "Residence permit for Hong Kong, Macao and Taiwan residents"),
    "uscc": ("统一社会信用代码", "Unified social credit code"),
    "passport": ("护照", "Passport"),
    "hk_macao_permit": ("港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents"),
    "taiwan_permit": ("台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents"),
    "foreign_permanent_resident_id": ("外国人永久居留身份证", "Foreign permanent resident ID card"),
}
#: the names people write in files and forms → the type
ALIASES: dict[str, str] = {
    **{zh: name for name, (zh, _en) in ID_TYPES.items()},
    "身份证": "resident_id",
    "公民身份号码": "resident_id",
    "居住证": "residence_permit",
    "社会信用代码": "uscc",
    "回乡证": "hk_macao_permit",
    "台胞证": "taiwan_permit",
    "永居证": "foreign_permanent_resident_id",
    "外国人永久居留证": "foreign_permanent_resident_id",
}
#: types whose format is a parameter (``identity.<type>``)
PARAMETER_TYPES = ("passport", "hk_macao_permit", "taiwan_permit", "foreign_permanent_resident_id")
PERMIT_REGIONS = {"81": "香港特别行政区", "82": "澳门特别行政区", "83": "台湾地区"}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_RESIDENT_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # ！…～ → !…~

REASONS: dict[str, tuple[str, str]] = {
    "format": ("号码格式不符合该证件的编码规则。", "The number does not have the format of the document."),
    "checksum": ("校验码错误。", "The check digit is wrong."),
    "birth_date": ("号码中的出生日期不是有效日期。", "The birth date in the number is not a real date."),
    "birth_date_future": (
        "号码中的出生日期晚于核对日期{on_zh}。",
        "The birth date in the number is after the date of the check{on_en}.",
    ),
}


def mask(number: str, policy: Mapping[str, Any]) -> str:
    """Keep the head and tail the policy names; replace the rest (all of it for short strings)."""
    head, tail, char = int(policy["keep_head"]), int(policy["keep_tail"]), str(policy.get("char", "*"))
    if len(number) <= head + tail:  # too short to keep anything safely
        return char * len(number)
    return number[:head] + char * (len(number) - head - tail) + number[len(number) - tail :]


def masking_policy(params: ParameterBook) -> Mapping[str, Any]:
    """The masking policy in force (latest)."""
    policy: Mapping[str, Any] = params["identity.masking"].at(None)
    return policy


def normalize(number: str) -> str:
    """The form numbers are checked, stored and hashed in: full-width digits, letters and brackets folded
    (as NFKC folds them, which the blind index applies), no whitespace or hyphens, upper case."""
    folded = number.translate(_FULL_WIDTH)
    return "".join(c for c in folded if not c.isspace() and c != "-").upper()


def id_type_of(value: object) -> str:
    """The document type named by ``value`` (an identifier or a Chinese name); "" when none is given."""
    if value is None:
        return ""
    text = str(value).strip()
    if not text:
        return ""
    if text in ID_TYPES:
        return text
    if text in ALIASES:
        return ALIASES[text]
    raise LawError(
        "id_type_unknown",
        f"证件类型“{text}”无效：须为 {'、'.join(ID_TYPES)} 之一（或其中文名称）。",
        f"Unknown identity document type '{text}': use one of {', '.join(ID_TYPES)} (or its Chinese name).",
        id_type=text,
        allowed=list(ID_TYPES),
    )


def _warn(code: str, zh: str, en: str) -> dict[str, str]:
    return {"code": code, "message_zh": zh, "message_en": en}


def _region(code: str, year: int | None, lookup: RegionLookup) -> tuple[str | None, list[dict[str, str]]]:
    info = dict(lookup(code))
    county_spec = info.get("county")
    if not info or not county_spec:
        return info.get("province"), [
            _warn("region_unknown", f"地区码 {code} 未知。", f"Region code {code} is unknown.")
        ]
    names: list[str] = []
    for candidate in county_spec.split(","):
        if not candidate.startswith("["):
            names.append(candidate)
            continue
        span, name = candidate[1:].split("]", 1)
        start, end = span.split("-")
        if year is None or ((not start or year >= int(start)) and (not end or year <= int(end))):
            names.append(name)
    warnings = []
    if not names:
        names = [c.split("]", 1)[-1] for c in county_spec.split(",")]
        warnings.append(
            _warn(
                "region_not_in_birth_year",
                f"地区码 {code} 在出生年份 {year} 不存在：号码终身不变，带有签发时的地区码，仍然有效。",
                f"Region code {code} did not exist in the birth year {year}: numbers are lifelong and carry "
                "the code in force when they were issued, so the number stays valid.",
            )
        )
    parts = [info.get("province", ""), info.get("prefecture", ""), names[0]]
    return "".join(p for p in parts if p), warnings


def resident_check_digit(body: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body[:17]))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def uscc_check_character(body: str) -> str:
    """GB 32100 (MOD 31) check character of the first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body[:17], _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _blank(kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "valid": False,
        "reason": None,
        "birth_date": None,
        "sex": None,
        "region": None,
        "region_code": None,
        "warnings": [],
        "citations": [],
    }


def _fail(out: dict[str, Any], reason: str) -> dict[str, Any]:
    out["reason"] = reason
    return out


def _resident(number: str, on: dt.date | None, lookup: RegionLookup | None) -> dict[str, Any]:
    permit = len(number) == 18 and number[:2] in PERMIT_REGIONS and number[2:6] == "0000"
    out = _blank("residence_permit" if permit else "resident_id")
    out["citations"] = [GB_11643, RESIDENCE_PERMIT] if permit else [GB_11643]
    out["region_code"] = number[:6]
    if len(number) == 15:  # first-generation numbers: no check digit, two-digit year
        try:
            birth = dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            return _fail(out, "birth_date")
        sex_digit = int(number[14])
        out["warnings"].append(
            _warn(
                "legacy_15_digit",
                "15 位旧身份证号码，无校验位。",
                "First-generation 15-digit number; it has no check digit.",
            )
        )
    else:
        try:
            birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return _fail(out, "birth_date")
        sex_digit = int(number[16])
        if resident_check_digit(number) != number[17]:
            out.update(birth_date=birth.isoformat(), sex="male" if sex_digit % 2 else "female")
            return _fail(out, "checksum")
    out.update(birth_date=birth.isoformat(), sex="male" if sex_digit % 2 else "female")
    if on is not None and birth > on:
        return _fail(out, "birth_date_future")
    out["valid"] = True
    if permit:
        out["region"] = PERMIT_REGIONS[number[:2]]
    elif lookup is not None:
        out["region"], warnings = _region(number[:6], birth.year, lookup)
        out["warnings"].extend(warnings)
        if any(w["code"] == "region_not_in_birth_year" for w in warnings):
            out["citations"].append(LIFELONG_NUMBER)
    return out


def _credit_code(number: str, lookup: RegionLookup | None) -> dict[str, Any]:
    out = _blank("uscc")
    out["citations"] = [GB_32100]
    if len(number) != 18 or any(c not in USCC_ALPHABET for c in number) or not number[2:8].isdigit():
        return _fail(out, "format")
    out["region_code"] = number[2:8]
    if uscc_check_character(number) != number[17]:
        return _fail(out, "checksum")
    out["valid"] = True
    if lookup is not None:
        region, _warnings = _region(number[2:8], None, lookup)  # organisations: no year to compare
        out["region"] = region
    return out


def _document(number: str, id_type: str, params: ParameterBook) -> dict[str, Any]:
    """Passport, travel permits and the permanent-residence card: the formats in force today (the latest
    value, which keeps the older forms still in use), whatever the date of the title naming the holder."""
    param = params[f"identity.{id_type}"]
    rules: Mapping[str, Any] = param.at(None)
    out = _blank(id_type)
    out["citations"] = [param.citation]
    if any(re.fullmatch(p, number) for p in rules.get("patterns", [])):
        out["valid"] = True
        return out
    if any(re.fullmatch(p, number) for p in rules.get("check_digit_patterns", [])):
        if resident_check_digit(number) != number[17]:
            return _fail(out, "checksum")
        out["valid"] = True
        return out
    return _fail(out, "format")


def _typed(number: str, id_type: str, on: dt.date | None, params: ParameterBook | None,
           lookup: RegionLookup | None) -> dict[str, Any]:  # fmt: skip
    if id_type in ("resident_id", "residence_permit"):
        if (len(number) == 18 and _RESIDENT_SHAPE.fullmatch(number)) or (
            len(number) == 15 and number.isdigit() and id_type == "resident_id"
        ):
            result = _resident(number, on, lookup)
            if id_type == "residence_permit" and result["kind"] != "residence_permit":
                return _fail(
                    _blank("residence_permit") | {"citations": [GB_11643, RESIDENCE_PERMIT]}, "format"
                )
            return result
        return _fail(_blank(id_type) | {"citations": [GB_11643]}, "format")
    if id_type == "uscc":
        return _credit_code(number, lookup)
    if params is None:  # only the national-standard numbers can be checked without the parameters
        return _fail(_blank(id_type), "format")
    return _document(number, id_type, params)


def _inferred(number: str, on: dt.date | None, params: ParameterBook | None,
              lookup: RegionLookup | None) -> dict[str, Any]:  # fmt: skip
    if len(number) == 18 and _RESIDENT_SHAPE.fullmatch(number):
        if number[0] == "9":  # not a resident number: a credit code or a new permanent-residence card
            credit = _credit_code(number, lookup)
            if params is not None:
                card = _document(number, "foreign_permanent_resident_id", params)
                if card["valid"] and credit["valid"]:
                    credit["warnings"].append(
                        _warn(
                            "type_ambiguous",
                            "该号码既符合统一社会信用代码，也符合外国人永久居留身份证号码，按统一社会信用代码"
                            "处理；如为永居证，请注明证件类型。",
                            "The number checks out both as a credit code and as a permanent-residence card; "
                            "it is taken as a credit code. Give the document type if it is the card.",
                        )
                    )
                elif card["valid"]:
                    return card
            return credit
        result = _resident(number, on, lookup)
        if not result["valid"] and result["reason"] != "birth_date_future":
            credit = _credit_code(number, lookup)
            if credit["valid"]:
                return credit
        return result
    if len(number) == 15 and number.isdigit():
        return _resident(number, on, lookup)
    if len(number) == 18 and number[:17].isdigit():  # ends in a letter other than X
        credit = _credit_code(number, lookup)
        return credit if credit["valid"] else _fail(_blank("unknown"), "format")
    if len(number) == 18 and number.isalnum() and number.isascii():
        return _credit_code(number, lookup)
    if params is not None:
        for id_type in ("foreign_permanent_resident_id", "hk_macao_permit"):
            found = _document(number, id_type, params)
            if found["valid"]:
                return found
    return _fail(_blank("unknown"), "format")


def examine(
    number: str,
    id_type: str = "",
    *,
    on: dt.date | None = None,
    params: ParameterBook | None = None,
    lookup: RegionLookup | None = None,
) -> dict[str, Any]:
    """The one definition of validity: ``kind`` (the document type, or "unknown"), ``valid``, ``reason``
    (format | checksum | birth_date | birth_date_future), ``birth_date``, ``sex``, ``region``,
    ``region_code``, ``warnings`` and ``citations`` (:class:`Citation` objects).

    ``id_type`` "" takes the type from the shape. ``on``: the date of the check (a birth date after it is
    invalid); None skips that comparison. ``params``: needed for the types whose format is a parameter.
    ``lookup``: region names and the region/birth-year warning (None skips them; validity is the same).
    """
    n = normalize(number)
    kind = id_type_of(id_type)
    if not n:
        return _fail(_blank(kind or "unknown"), "format")
    return _typed(n, kind, on, params, lookup) if kind else _inferred(n, on, params, lookup)


def is_valid_number(
    number: str, id_type: str = "", *, on: dt.date | None = None, params: ParameterBook | None = None
) -> bool:
    """Does ``number`` identify its holder (see :func:`examine`)? Region codes never decide this."""
    return bool(examine(number, id_type, on=on, params=params)["valid"])


def reason_message(reason: str | None, on: dt.date | None) -> tuple[str, str] | None:
    """The bilingual explanation of an invalid result's ``reason``."""
    if reason is None:
        return None
    zh, en = REASONS[reason]
    day = on.isoformat() if on else ""
    return zh.format(on_zh=f" {day}" if day else ""), en.format(on_en=f", {day}" if day else "")


def check(facts: object, params: ParameterBook, lookup: RegionLookup) -> dict[str, Any]:
    """``zhiyuan law identity``: ``{"number", "type"?, "on"?}`` → ``kind``, ``valid``, ``reason``,
    ``masked``, ``birth_date``, ``sex``, ``region``, ``warnings``; ``on`` (the date a birth date may not
    follow) is filled with today's date by the CLI and the API when absent."""
    data = require_fields(facts, "number")
    raw = data["number"]
    if not isinstance(raw, str):
        raise LawError("number_not_string", "证件号码须为字符串。", "The number must be a string.")
    on = parse_date(data["on"], "on") if data.get("on") is not None else None
    id_type = id_type_of(data.get("type") if data.get("type") is not None else data.get("id_type"))
    result = examine(raw, id_type, on=on, params=params, lookup=lookup)
    number = normalize(raw)
    result["masked"] = mask(number, masking_policy(params))
    result["on"] = on.isoformat() if on else None
    message = reason_message(result["reason"], on)
    result["message_zh"], result["message_en"] = message if message else (None, None)
    kind_names = ID_TYPES.get(result["kind"])
    result["kind_zh"], result["kind_en"] = kind_names if kind_names else (None, None)
    citations = [*result.pop("citations"), params["identity.masking"].citation]
    result.update(cite(citations))
    return result
