"""Identity numbers: resident identity cards (GB 11643) and unified social credit codes (GB 32100).

Check digits come from python-stdnum. A region code that did not exist in the birth year is a warning,
not a reason to reject the number (people keep numbers issued under old divisions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from stdnum.cn import ric, uscc

from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError
from zhiyuan.law.facts import require_fields
from zhiyuan.law.parameters import ParameterBook

#: code (6 digits) → stdnum-style info, e.g. {"province": "北京市", "county": "[-2010]崇文区"}
RegionLookup = Callable[[str], Mapping[str, str]]

GB_11643 = Citation("GB 11643-1999《公民身份号码》", "")
GB_32100 = Citation("GB 32100-2015《法人和其他组织统一社会信用代码编码规则》", "")


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
                f"地区码 {code} 在出生年份 {year} 不存在（可能为区划调整前后签发）。",
                f"Region code {code} did not exist in the birth year {year} (division changes happen).",
            )
        )
    parts = [info.get("province", ""), info.get("prefecture", ""), names[0]]
    return "".join(p for p in parts if p), warnings


def _warn(code: str, zh: str, en: str) -> dict[str, str]:
    return {"code": code, "message_zh": zh, "message_en": en}


def _resident(number: str, lookup: RegionLookup) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": "resident_id",
        "valid": False,
        "birth_date": None,
        "region": None,
        "region_code": number[:6],
        "sex": None,
        "reason": None,
        "warnings": [],
    }
    if len(number) == 15:  # first-generation numbers: no check digit, two-digit year
        try:
            birth = dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            out["reason"] = "birth_date"
            return out
        out.update(valid=True, birth_date=birth.isoformat(), sex="male" if int(number[14]) % 2 else "female")
        out["warnings"].append(
            _warn(
                "legacy_15_digit",
                "15 位旧身份证号码，无校验位。",
                "First-generation 15-digit number; it has no check digit.",
            )
        )
    else:
        try:
            birth = ric.get_birth_date(number)
        except Exception:  # noqa: BLE001 - stdnum raises its own ValidationError family
            out["reason"] = "birth_date"
            return out
        out.update(birth_date=birth.isoformat(), sex="male" if int(number[16]) % 2 else "female")
        if ric.calc_check_digit(number) != number[-1]:
            out["reason"] = "checksum"
            return out
        out["valid"] = True
    region, warnings = _region(number[:6], birth.year, lookup)
    out["region"] = region
    out["warnings"].extend(warnings)
    return out


def _credit_code(number: str, lookup: RegionLookup) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": "uscc",
        "valid": False,
        "birth_date": None,
        "region": None,
        "region_code": number[2:8],
        "sex": None,
        "reason": None,
        "warnings": [],
    }
    try:
        uscc.validate(number)
    except Exception:  # noqa: BLE001 - stdnum raises its own ValidationError family
        out["reason"] = "checksum"
        return out
    out["valid"] = True
    region, warnings = _region(number[2:8], None, lookup)
    out["region"] = region
    out["warnings"].extend(w for w in warnings if w["code"] != "region_unknown")
    return out


def is_valid_number(number: str) -> bool:
    """A resident identity number (15 or 18 digits) or a unified social credit code that checks out."""
    n = number.replace(" ", "").strip().upper()
    if len(n) == 15 and n.isdigit():
        try:
            dt.date(1900 + int(n[6:8]), int(n[8:10]), int(n[10:12]))
        except ValueError:
            return False
        return True
    return bool(ric.is_valid(n) or uscc.is_valid(n)) if len(n) == 18 else False


def check(facts: object, params: ParameterBook, lookup: RegionLookup) -> dict[str, Any]:
    """``zhiyuan law identity``: ``{"number"}`` → ``kind``, ``valid``, ``masked``, ``birth_date``, ``region``."""
    data = require_fields(facts, "number")
    raw = data["number"]
    if not isinstance(raw, str):
        raise LawError("number_not_string", "证件号码须为字符串。", "The number must be a string.")
    number = raw.replace(" ", "").replace("-", "").strip().upper()
    policy = masking_policy(params)
    if len(number) == 18 and number[:17].isdigit() and (number[17].isdigit() or number[17] == "X"):
        result = _resident(number, lookup)
        if not result["valid"] and uscc.is_valid(number):
            result = _credit_code(number, lookup)
    elif len(number) == 15 and number.isdigit():
        result = _resident(number, lookup)
    elif len(number) == 18 and number.isalnum():
        result = _credit_code(number, lookup)
    else:
        result = {
            "kind": "unknown",
            "valid": False,
            "birth_date": None,
            "region": None,
            "region_code": None,
            "sex": None,
            "reason": "format",
            "warnings": [],
        }
    result["masked"] = mask(number, policy)
    citations = [params["identity.masking"].citation]
    if result["kind"] == "resident_id":
        citations.insert(0, GB_11643)
    elif result["kind"] == "uscc":
        citations.insert(0, GB_32100)
    result.update(cite(citations))
    return result
