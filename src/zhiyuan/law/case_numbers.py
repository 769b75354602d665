"""Case numbers (案号): parse, normalise, format and extract.

《关于人民法院案件案号的若干规定》 (法〔2015〕137号, in force 2016-01-01; amended 法〔2018〕335号):
``（收案年度）法院代字[专门审判代字]类型代字案件编号号``. The pre-2016 form ``…民初字第5号`` is accepted
and flagged ``legacy``. Canonical form: full-width brackets, no spaces, no leading zeros (刑核 numbers
keep their fixed eight digits), and a ``-n`` suffix placed before 号.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zhiyuan.law.case_types import LEGACY_PREFIX_CLASS, CaseTypeCatalog
from zhiyuan.law.citations import Citation
from zhiyuan.law.errors import LawError

CASE_NUMBER_RULE = Citation("《关于人民法院案件案号的若干规定》（法〔2015〕137号）", "第二条至第十条")
SPECIALIZED_RULE = Citation("《关于修改〈关于人民法院案件案号的若干规定〉的决定》（法〔2018〕335号）", "")

#: Art 4: high-court codes are province abbreviations (内蒙古 = 内; PLA = 军; XPCC branch = 兵)
PROVINCES: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "内": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "黔": "贵州省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
    "兵": "新疆生产建设兵团",
    "军": "中国人民解放军",
}
SUPREME = "最高法"
SUPREME_NAME = "最高人民法院"
CRIMINAL_REVIEW = "刑核"  # Art 9: fixed-length eight-digit random numbers

_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "（": "(",
        "〔": "(",
        "【": "(",
        "[": "(",
        "）": ")",
        "〕": ")",
        "】": ")",
        "]": ")",
        "\u3000": " ",
        "－": "-",
        "—": "-",
        "–": "-",
        "﹣": "-",
    }
)
_PROV = "".join(PROVINCES)
_CORE = (
    r"\(\s*(?P<year>\d{4})\s*\)\s*"
    rf"(?P<court>{SUPREME}|[{_PROV}](?:\d{{4}}|\d{{2}})?)\s*"
    r"(?P<run>[\u4e00-\u9fff]+?)\s*(?P<zi>字)?\s*(?P<di>第)?\s*"
    r"(?P<seq>\d+)\s*(?:-\s*(?P<sfx1>\d+)\s*)?号(?:\s*-\s*(?P<sfx2>\d+))?"
)
_FULL = re.compile(rf"^\s*{_CORE}\s*$")
_FIND = re.compile(_CORE + r"(?P<more>(?:\s*[、，,及和与]\s*第?\s*\d+\s*号)*)")
_SPACE = re.compile(r"\s+")
_MORE = re.compile(r"第?\s*(\d+)\s*号")


@dataclass(frozen=True, slots=True)
class CaseNumberRef:
    """What parsing needs besides the text: the type-code table, court names, specialised codes."""

    case_types: CaseTypeCatalog
    court_names: Mapping[str, str]
    specialized_codes: frozenset[str]


def court_level(court_code: str) -> str:
    """``supreme``, ``high``, ``intermediate``, ``basic`` or ``special`` from the court code (Art 5)."""
    if court_code == SUPREME:
        return "supreme"
    digits = court_code[1:]
    if court_code[0] == "军":
        return "special"
    if not digits:
        return "high"
    if int(digits[:2]) >= 71:  # 2018 amendment: railway, maritime, IP, financial and cross-region courts
        return "special"
    return "intermediate" if len(digits) == 2 else "basic"


def court_name(court_code: str, ref: CaseNumberRef) -> str | None:
    """Name of the court when known."""
    if court_code in ref.court_names:
        return ref.court_names[court_code]
    if court_code == SUPREME:
        return SUPREME_NAME
    if len(court_code) == 1:
        if court_code == "军":
            return "中国人民解放军军事法院"
        if court_code == "兵":
            return "新疆维吾尔自治区高级人民法院生产建设兵团分院"
        return f"{PROVINCES[court_code]}高级人民法院"
    return None


def _failure(code: str, zh: str, en: str, text: str) -> dict[str, Any]:
    return {"ok": False, "input": text, "error": {"code": code, "message_zh": zh, "message_en": en}}


def _diagnose(folded: str, text: str) -> dict[str, Any]:
    if not folded.strip():
        return _failure("empty", "案号为空。", "The case number is empty.", text)
    if not re.match(r"^\s*\(\s*\d{4}\s*\)", folded):
        return _failure(
            "missing_year",
            "案号应以括号中的收案年度开头，如“（2024）”。",
            "A case number starts with the year in brackets, e.g. （2024）.",
            text,
        )
    rest = re.sub(r"^\s*\(\s*\d{4}\s*\)\s*", "", folded)
    if not re.match(rf"^({SUPREME}|[{_PROV}])", rest):
        return _failure("unknown_court_code", "无法识别法院代字。", "The court code is not recognised.", text)
    if not re.search(r"\d+\s*号", rest):
        return _failure(
            "missing_sequence", "缺少案件编号或“号”字。", "The sequence number or 号 is missing.", text
        )
    return _failure("malformed", "案号格式不正确。", "The case number is malformed.", text)


def _fields(m: re.Match[str], ref: CaseNumberRef) -> dict[str, Any]:
    year = int(m["year"])
    court = m["court"]
    run = m["run"]
    legacy = m["zi"] is not None
    warnings: list[dict[str, str]] = []
    specialized: str | None = None
    type_code = run
    known = ref.case_types.get(run)
    if known is None and len(run) > 1 and run[0] in ref.specialized_codes and run[1:] in ref.case_types:
        specialized, type_code = run[0], run[1:]
        known = ref.case_types.get(type_code)
    if known is not None:
        type_class: str | None = known.type_class
        enforcement_kind = known.enforcement_kind
    else:
        type_class = LEGACY_PREFIX_CLASS.get(run[0]) if legacy else None
        enforcement_kind = None
        if not legacy:
            warnings.append(
                {
                    "code": "unknown_type_code",
                    "message_zh": f"类型代字“{run}”不在代字标准中。",
                    "message_en": f"Type code '{run}' is not in the standard.",
                }
            )
    if legacy and year >= 2016:
        warnings.append(
            {
                "code": "legacy_after_2016",
                "message_zh": "2016 年后的案号不应使用“字第”格式。",
                "message_en": "The 字第 form was replaced on 2016-01-01.",
            }
        )
    if specialized is not None and year < 2019:
        warnings.append(
            {
                "code": "specialized_before_2019",
                "message_zh": "专门审判代字自 2019 年起使用。",
                "message_en": "Specialised adjudication codes exist from 2019.",
            }
        )
    seq_text = m["seq"]
    sequence = int(seq_text)
    if type_code == CRIMINAL_REVIEW and not legacy and len(seq_text.lstrip("0")) > 8:
        warnings.append(
            {
                "code": "criminal_review_length",
                "message_zh": "刑核案件编号应为 8 位。",
                "message_en": "刑核 numbers have eight digits.",
            }
        )
    if sequence == 0:
        warnings.append(
            {"code": "zero_sequence", "message_zh": "案件编号为 0。", "message_en": "Sequence is 0."}
        )
    suffix_digits = m["sfx1"] or m["sfx2"]
    suffix = f"-{int(suffix_digits)}" if suffix_digits else None
    level = court_level(court)
    fields: dict[str, Any] = {
        "ok": True,
        "normalized": "",
        "year": year,
        "court_code": court,
        "court_level": level,
        "province": None if court == SUPREME else court[0],
        "specialized_code": specialized,
        "type_code": type_code,
        "type_class": type_class,
        "enforcement_kind": enforcement_kind,
        "sequence": sequence,
        "suffix": suffix,
        "legacy": legacy,
        "court_name": court_name(court, ref),
        "warnings": warnings,
    }
    fields["normalized"] = format_case_number(fields)
    return fields


def format_case_number(fields: Mapping[str, Any]) -> str:
    """Canonical text of a parsed case number (the inverse of :func:`parse`)."""
    seq = int(fields["sequence"])
    seq_text = f"{seq:08d}" if fields["type_code"] == CRIMINAL_REVIEW and not fields["legacy"] else str(seq)
    suffix = fields.get("suffix") or ""
    head = f"（{fields['year']}）{fields['court_code']}{fields.get('specialized_code') or ''}{fields['type_code']}"
    if fields["legacy"]:
        return f"{head}字第{seq_text}{suffix}号"
    return f"{head}{seq_text}{suffix}号"


def parse(text: object, ref: CaseNumberRef) -> dict[str, Any]:
    """``zhiyuan law casenum``: parse one case number; unparseable → ``ok: false`` with an error code."""
    if not isinstance(text, str):
        raise LawError("text_not_string", "text 必须是字符串。", "'text' must be a string.")
    folded = _SPACE.sub("", text.translate(_FOLD))
    m = _FULL.match(folded)
    if m is None:
        return _diagnose(folded, text)
    year = int(m["year"])
    if not 1949 <= year <= 2999:
        return _failure(
            "year_out_of_range", f"收案年度 {year} 不合理。", f"Year {year} is out of range.", text
        )
    return _fields(m, ref)


def extract(text: object, ref: CaseNumberRef) -> dict[str, Any]:
    """``zhiyuan law casenum-extract``: every case number in free text, expanding "第682号、第683号"."""
    if not isinstance(text, str):
        raise LawError("text_not_string", "text 必须是字符串。", "'text' must be a string.")
    folded = text.translate(_FOLD)  # one character for one, so spans index the original text
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for m in _FIND.finditer(folded):
        first = _fields(m, ref)
        items = [(first, m.start(), m.end() - len(m["more"] or ""))]
        if m["more"]:
            base = m.end() - len(m["more"])
            for extra in _MORE.finditer(m["more"]):
                sibling = {**first, "sequence": int(extra[1]), "suffix": None}
                sibling["normalized"] = format_case_number(sibling)
                items.append((sibling, base + extra.start(), base + extra.end()))
        for fields, start, end in items:
            if fields["normalized"] in seen:
                continue
            seen.add(fields["normalized"])
            found.append({**fields, "text": text[start:end], "span": [start, end]})
    return {"ok": True, "count": len(found), "case_numbers": found}
