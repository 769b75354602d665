"""Case numbers (案号): parse, normalise, format and extract.

《关于人民法院案件案号的若干规定》 (法〔2015〕137号, in force 2016-01-01; amended by 法〔2018〕335号):
``（收案年度）法院代字[专门审判代字]类型代字案件编号号`` (Arts 2-3 as amended). Court codes (Arts 4-5):
最高法; the province abbreviation for a high court (内, 军 and 兵 for Inner Mongolia, the PLA Military Court
and the XPCC branch); two more digits for an intermediate court, four for a basic court. Within a province
the intermediate codes 71-99 are the special (71-85), cross-region (87-95) and county-group (96-99)
intermediate courts (Art 5(2)(3) as amended): intermediate courts all the same.

Before 2016 every court wrote an abbreviation of its own, ``（2014）朝民初字第12345号``, and the Supreme
People's Court none, ``（2013）民提字第153号``. Such a number parses as ``legacy``: the abbreviation as
written (``court_abbreviation``), the type word as written (its class where the word decides it), the
sequence. The court is named only where the abbreviation is unambiguous: 最高法 or a court code of today's
form with digits, or an entry of ``case_numbers.legacy_court_abbreviations``; otherwise (a province
abbreviation alone included) ``court_code`` is null, with a warning.

Canonical form: full-width brackets, no spaces, no leading zeros (刑核 numbers keep their fixed eight
digits), a ``-n`` suffix before 号 and a ``之一`` suffix after it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zhiyuan.law.case_types import LEGACY_PREFIXES, LEGACY_TYPE, CaseTypeCatalog, legacy_type_class
from zhiyuan.law.citations import Citation, cite
from zhiyuan.law.errors import LawError

INSTRUMENT = "《关于人民法院案件案号的若干规定》（法〔2015〕137号）"
AMENDMENT = "《关于修改〈关于人民法院案件案号的若干规定〉的决定》（法〔2018〕335号）"
CASE_NUMBER_RULE = Citation(INSTRUMENT, "第二条至第十条")
SPECIALIZED_RULE = Citation(AMENDMENT, "第一项、第二项（修改后的第二条、第三条第一款：专门审判代字）")
FORMAT_RULE = Citation(INSTRUMENT, "第二条、第三条")
HIGH_COURT_RULE = Citation(INSTRUMENT, "第四条")
DIGITS_RULE = Citation(INSTRUMENT, "第五条第一款、第二款")
SERIES_RULE = Citation(AMENDMENT, "第三项（修改后的第五条第二款第（三）项）")
BASIC_UNDER_RULE = Citation(
    INSTRUMENT,
    "第五条第二款第（七）项、第六条第二款",
    note="a basic court numbered after its 所属中院 (Art 6(2): the intermediate court hearing its appeals); "
    "the wording of Art 5(2)(7) was not read",
    verified=False,
)
NUMBERING_RULE = Citation(INSTRUMENT, "第九条、第十条第一款")
CRIMINAL_REVIEW_RULE = Citation(INSTRUMENT, "第十条第二款")
LEGACY_RULE = Citation(
    "《最高人民法院关于印发〈关于人民法院案件案号的若干规定〉及配套标准的通知》（法〔2015〕137号）",
    "",
    note="the provisions apply from 2016-01-01; earlier numbers carry each court's own abbreviation and 字第",
)

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
_CODE = re.compile(rf"{SUPREME}|[{_PROV}](?:\d{{4}}|\d{{2}})?")
_HEAD = r"(?:[\u4e00-\u9fff]|\d|\([\u4e00-\u9fff]{1,3}\)|\s)"
_CORE = (
    r"\(\s*(?P<year>\d{4})\s*\)\s*"
    rf"(?P<head>{_HEAD}{{1,40}}?)\s*(?P<zi>字)?\s*(?P<di>第)?\s*"
    r"(?P<seq>\d+)\s*(?:-\s*(?P<sfx1>\d+)\s*)?号"
    r"(?:\s*-\s*(?P<sfx2>\d+)|(?P<zhi>之[一二三四五六七八九十]{1,3}))?"
)
_FULL = re.compile(rf"^\s*{_CORE}\s*$")
_FIND = re.compile(_CORE + r"(?P<more>(?:\s*[、，,及和与]\s*第?\s*\d+\s*号)*)")
_MODERN = re.compile(rf"(?P<court>{_CODE.pattern})(?P<run>[\u4e00-\u9fff]+)")
_SPACE = re.compile(r"\s+")
_MORE = re.compile(r"第?\s*(\d+)\s*号")
_CJK = re.compile(r"[\u4e00-\u9fff]*")
_TO_FULL = str.maketrans({"(": "（", ")": "）"})
#: Art 5(2)(3) as amended: the two digits of special, cross-region and county-group intermediate courts
#: (71 railway, 72 maritime, 73 IP, 74 oilfield, 75-80 forestry, 81-85 land reclamation; 86 is not given)
SERIES: tuple[tuple[int, int, str], ...] = (
    (71, 85, "specialized"),
    (87, 95, "cross_region"),
    (96, 99, "county_group"),
)


@dataclass(frozen=True, slots=True)
class CaseNumberRef:
    """What parsing needs besides the text: the type-code table, court names, specialised codes, and the
    pre-2016 abbreviations that name one court (with the citation of that table)."""

    case_types: CaseTypeCatalog
    court_names: Mapping[str, str]
    specialized_codes: frozenset[str]
    legacy_courts: Mapping[str, str] = field(default_factory=dict)
    legacy_citation: Citation | None = None


def court_level(court_code: str) -> str:
    """``supreme``, ``high``, ``intermediate`` or ``basic`` from the court code: the province abbreviation
    (and 内, 军, 兵) is a high court (Art 4), two digits more an intermediate court, four a basic court
    (Art 5(1)(2)); 71-99 are intermediate courts too (Art 5(2)(3) as amended by 法〔2018〕335号)."""
    if court_code == SUPREME:
        return "supreme"
    digits = court_code[1:]
    if not digits:
        return "high"
    return "intermediate" if len(digits) == 2 else "basic"


def court_kind(court_code: str) -> str | None:
    """``regular``, ``specialized`` (71-85), ``cross_region`` (87-95), ``county_group`` (96-99), ``military``
    (军) or ``xpcc`` (兵); None where the code does not say. A basic court's four digits begin with its
    intermediate court's two only where it is numbered after it (Art 5(2)(7), Art 6(2)): so 7101 is a
    railway basic court, while 90xx repeats the division code of a county under the province (琼9023)."""
    if court_code == SUPREME:
        return "regular"
    if court_code[0] == "军":
        return "military"
    if court_code[0] == "兵":
        return "xpcc"
    digits = court_code[1:]
    if not digits:
        return "regular"
    first = int(digits[:2])
    for low, high, kind in SERIES:
        if low <= first <= high:
            return kind if len(digits) == 2 or kind == "specialized" else None
    return "regular" if first <= 70 else None


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
    """An ``ok: false`` result; it cites the format (Arts 2-3) and, for a court code, Arts 4-5."""
    rules = [FORMAT_RULE, HIGH_COURT_RULE, DIGITS_RULE] if code == "unknown_court_code" else [FORMAT_RULE]
    return {
        "ok": False,
        "input": text,
        "error": {"code": code, "message_zh": zh, "message_en": en},
        **cite(rules),
    }


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


def _warning(code: str, zh: str, en: str) -> dict[str, str]:
    return {"code": code, "message_zh": zh, "message_en": en}


def _legacy_type(word: str, ref: CaseNumberRef) -> bool:
    return LEGACY_TYPE.fullmatch(word) is not None or word in ref.case_types


def _legacy_court(abbreviation: str, ref: CaseNumberRef) -> tuple[str | None, bool]:
    """(court code, named by the table) of a pre-2016 abbreviation, or (None, False). A code of today's
    form with digits (黔01, written in a 字第 number of 2016 or re-keyed) and 最高法 name their court; a
    province abbreviation alone does not: before 2016 it was no code (上海高院 wrote 沪高, 北京高院 高, and
    云 or 宁 may be a local court's abbreviation), so it names a court only through the table."""
    if abbreviation in ref.legacy_courts:
        return ref.legacy_courts[abbreviation], True
    if len(abbreviation) > 1 and _CODE.fullmatch(abbreviation):
        return abbreviation, False
    return None, False


def _split_legacy(head: str, ref: CaseNumberRef) -> tuple[str, str] | None:
    """(abbreviation, type word): the shortest abbreviation (CJK only, or a court code of today's form)
    after which the rest is a type word; 最高法 is never cut (最高 + 法赔他)."""
    if head.startswith(SUPREME) and _legacy_type(head[len(SUPREME) :], ref):
        return SUPREME, head[len(SUPREME) :]
    for i in range(min(len(head), 12)):
        abbreviation, word = head[:i], head[i:]
        if (_CJK.fullmatch(abbreviation) or _CODE.fullmatch(abbreviation)) and _legacy_type(word, ref):
            return abbreviation, word
    return None


@dataclass(slots=True)
class _Parts:
    """What the text between the year and the sequence says."""

    court: str | None
    abbreviation: str | None
    specialized: str | None
    type_code: str
    type_class: str | None
    enforcement_kind: str | None
    warnings: list[dict[str, str]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


def _legacy(head: str, year: int, ref: CaseNumberRef) -> _Parts | None:
    """A pre-2016 ``…字第`` number: the abbreviation as written, a court only where it is unambiguous."""
    split = _split_legacy(head, ref)
    if split is None:
        return None
    abbreviation, word = split
    court, by_table = _legacy_court(abbreviation, ref)
    prefix = word[0]
    if prefix in LEGACY_PREFIXES and _legacy_type(word[1:], ref):
        # 沪知民初: 沪 + 知民初 or 沪知 + 民初 — the court is named only when both readings agree
        other, other_by_table = _legacy_court(abbreviation + prefix, ref)
        if other != court:
            court, by_table = None, False
        else:
            by_table = by_table or other_by_table
    type_class, kind = legacy_type_class(word, ref.case_types)
    parts = _Parts(court, abbreviation, None, word.translate(_TO_FULL), type_class, kind)
    parts.citations.append(LEGACY_RULE)
    if by_table and ref.legacy_citation is not None:
        parts.citations.append(ref.legacy_citation)
    if court is None:
        parts.warnings.append(
            _warning(
                "legacy_court_unknown",
                f"2016年前案号中的法院简称“{abbreviation or '（无）'}”不能唯一确定法院，需另行提供法院。",
                f"The court abbreviation '{abbreviation}' of this pre-2016 number does not identify one "
                "court; give the court separately.",
            )
        )
    if year >= 2016:
        parts.warnings.append(
            _warning(
                "legacy_after_2016",
                "2016 年后的案号不应使用“字第”格式。",
                "The 字第 form was replaced on 2016-01-01.",
            )
        )
    return parts


def _modern(head: str, year: int, ref: CaseNumberRef) -> _Parts | None:
    """A number of the 2016 form: court code, specialised code (from 2019), type code."""
    modern = _MODERN.fullmatch(head)
    if modern is None:
        return None
    run = modern["run"]
    specialized: str | None = None
    type_code = run
    known = ref.case_types.get(run)
    if known is None and len(run) > 1 and run[0] in ref.specialized_codes and run[1:] in ref.case_types:
        specialized, type_code = run[0], run[1:]
        known = ref.case_types.get(type_code)
    parts = _Parts(
        modern["court"],
        None,
        specialized,
        type_code,
        known.type_class if known is not None else None,
        known.enforcement_kind if known is not None else None,
    )
    parts.citations.append(FORMAT_RULE)
    if specialized is not None:
        parts.citations.append(SPECIALIZED_RULE)
    if known is None:
        parts.warnings.append(
            _warning(
                "unknown_type_code",
                f"类型代字“{run}”不在代字标准中。",
                f"Type code '{run}' is not in the standard.",
            )
        )
    if specialized is not None and year < 2019:
        parts.warnings.append(
            _warning(
                "specialized_before_2019",
                "专门审判代字自 2019 年起使用。",
                "Specialised adjudication codes exist from 2019.",
            )
        )
    return parts


def _fields(m: re.Match[str], ref: CaseNumberRef) -> dict[str, Any] | None:
    """The result for a match, or None when its court and type cannot be told apart."""
    year = int(m["year"])
    head = _SPACE.sub("", m["head"])
    legacy = m["zi"] is not None
    parts = _legacy(head, year, ref) if legacy else _modern(head, year, ref)
    if parts is None:
        return None
    court, type_code = parts.court, parts.type_code
    warnings, citations = parts.warnings, parts.citations
    if court is not None:
        digits = court[1:] if court != SUPREME else ""
        citations.append(DIGITS_RULE if digits else HIGH_COURT_RULE)
        if len(digits) == 2 and int(digits) >= 71:
            citations.append(SERIES_RULE)
        elif court_kind(court) == "specialized" and len(digits) == 4:
            citations.append(BASIC_UNDER_RULE)
    seq_text = m["seq"]
    sequence = int(seq_text)
    review = type_code == CRIMINAL_REVIEW and not legacy
    if not legacy:  # pre-2016 sequences followed each court's practice, not Arts 9-10
        citations.append(CRIMINAL_REVIEW_RULE if review else NUMBERING_RULE)
    if review and len(seq_text.lstrip("0")) > 8:
        warnings.append(
            _warning("criminal_review_length", "刑核案件编号应为 8 位。", "刑核 numbers have eight digits.")
        )
    if sequence == 0:
        warnings.append(_warning("zero_sequence", "案件编号为 0。", "Sequence is 0."))
    dash = m["sfx1"] or m["sfx2"]
    suffix = (f"-{int(dash)}" if dash else "") + (m["zhi"] or "")
    fields: dict[str, Any] = {
        "ok": True,
        "normalized": "",
        "year": year,
        "court_code": court,
        "court_abbreviation": parts.abbreviation,
        "court_level": court_level(court) if court is not None else None,
        "court_kind": court_kind(court) if court is not None else None,
        "province": None if court is None or court == SUPREME else court[0],
        "specialized_code": parts.specialized,
        "type_code": type_code,
        "type_class": parts.type_class,
        "enforcement_kind": parts.enforcement_kind,
        "sequence": sequence,
        "suffix": suffix or None,
        "legacy": legacy,
        "court_name": court_name(court, ref) if court is not None else None,
        "warnings": warnings,
        **cite(citations),
    }
    fields["normalized"] = format_case_number(fields)
    return fields


def format_case_number(fields: Mapping[str, Any]) -> str:
    """Canonical text of a parsed case number (the inverse of :func:`parse`)."""
    seq = int(fields["sequence"])
    legacy = bool(fields["legacy"])
    seq_text = f"{seq:08d}" if fields["type_code"] == CRIMINAL_REVIEW and not legacy else str(seq)
    dash, _, zhi = (fields.get("suffix") or "").partition("之")
    after = f"之{zhi}" if zhi else ""
    if legacy:
        written = fields.get("court_abbreviation")
        court = written if written is not None else (fields["court_code"] or "")
        return f"（{fields['year']}）{court}{fields['type_code']}字第{seq_text}{dash}号{after}"
    head = f"（{fields['year']}）{fields['court_code']}{fields.get('specialized_code') or ''}{fields['type_code']}"
    return f"{head}{seq_text}{dash}号{after}"


def parse(text: object, ref: CaseNumberRef) -> dict[str, Any]:
    """``zhiyuan law casenum``: parse one case number; unparseable → ``ok: false`` with an error code."""
    if not isinstance(text, str):
        raise LawError("text_not_string", "text 必须是字符串。", "'text' must be a string.")
    folded = _SPACE.sub("", text.translate(_FOLD))
    m = _FULL.match(folded)
    fields = _fields(m, ref) if m is not None else None
    if m is None or fields is None:
        return _diagnose(folded, text)
    year = fields["year"]
    if not 1949 <= year <= 2999:
        return _failure(
            "year_out_of_range", f"收案年度 {year} 不合理。", f"Year {year} is out of range.", text
        )
    return fields


def extract(text: object, ref: CaseNumberRef) -> dict[str, Any]:
    """``zhiyuan law casenum-extract``: every case number in free text, expanding "第682号、第683号"."""
    if not isinstance(text, str):
        raise LawError("text_not_string", "text 必须是字符串。", "'text' must be a string.")
    folded = text.translate(_FOLD)  # one character for one, so spans index the original text
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for m in _FIND.finditer(folded):
        first = _fields(m, ref)
        if first is None:
            continue
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
