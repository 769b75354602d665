"""The one masking entry point for public and low-privilege output.

Identity numbers follow the policy parameter ``identity.masking`` through the law core's
:func:`~zhiyuan.law.identity.mask`; names follow the court publication rule “保留姓氏，名字以‘某’替代”.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from stdnum import luhn

from zhiyuan.law.identity import examine, is_valid_number, mask, masking_policy
from zhiyuan.privacy.numbers import normalize
from zhiyuan.rulebook.bundled import reference, region_lookup

BANK_POLICY: Mapping[str, Any] = {"keep_head": 0, "keep_tail": 4, "char": "*"}
NAME_PLACEHOLDER = "某"

_COMPOUND_SURNAMES = """
    欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 端木 南宫 独孤 轩辕
    澹台 宗政 濮阳 太史 申屠 闻人 万俟 钟离 赫连 呼延 拓跋 司空 公冶 左丘 鲜于 西门
"""
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES.split())
#: Always an organisation when a name ends with one of these.
_ORGANISATION_SUFFIXES = """
    公司 集团 合作社 信用社 银行 分行 支行 委员会 中心 事务所 研究所 派出所 诊所 研究院 设计院 卫生院
    医院 法院 检察院 学院 大学 学校 幼儿园 协会 学会 联合会 基金会 商会 政府 办事处 公安局 税务局
    管理局 分局 工作室 商行 工厂 农场 林场 牧场 养殖场 商店 饭店 酒店 宾馆 超市 出版社 报社 旅行社
    经营部 门市部 营业部 项目部 俱乐部 加油站 企业 合伙
"""
ORGANISATION_SUFFIXES = tuple(_ORGANISATION_SUFFIXES.split())
#: Single-character suffixes (厂, 店 …) also end given names such as 建厂, so only long names count.
SHORT_SUFFIXES = tuple("厂店局院所部社行场站")
SHORT_SUFFIX_MIN_LENGTH = 5

_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
_USCC = re.compile(r"(?<![0-9A-Za-z])[0-9]{8}[0-9A-Za-z]{10}(?![0-9A-Za-z])")
_SPACED = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{6}[ -][0-9]{8}[ -][0-9]{3}[0-9Xx]|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?)"
    r"(?![0-9A-Za-z])"
)
_DIGIT_RUN = re.compile(r"[0-9]+[Xx]?")
_EARLIEST_BIRTH_YEAR = 1870  # embedded matches only: real holders were born after this


def _identity_policy() -> Mapping[str, Any]:
    return masking_policy(reference().params)


def mask_identity(number: str | None) -> str:
    """A resident identity number or credit code, masked by the ``identity.masking`` policy."""
    return mask(normalize(number), _identity_policy()) if number else ""


def mask_bank_account(number: str | None) -> str:
    """A bank account or card number with only its last four digits kept."""
    return mask(normalize(number), BANK_POLICY) if number else ""


def _is_organisation(name: str) -> bool:
    if name.endswith(ORGANISATION_SUFFIXES):
        return True
    return len(name) >= SHORT_SUFFIX_MIN_LENGTH and name.endswith(SHORT_SUFFIXES)


def mask_name(name: str | None) -> str:
    """Keep the surname (two characters for compound surnames) and replace the given name with 某.

    Organisation names pass unchanged. 张三 → 张某, 张三丰 → 张某, 欧阳修 → 欧阳某.
    """
    if not name or not name.strip():
        return ""
    name = name.strip()
    if _is_organisation(_TRAILING_NOTE.sub("", name) or name):
        return name
    person = _TRAILING_NOTE.sub("", name) or name
    if len(person) <= 1:
        return person
    surname = person[:2] if len(person) >= 3 and person[:2] in COMPOUND_SURNAMES else person[0]
    return surname + NAME_PLACEHOLDER


def _is_resident_id(number: str, *, plausible_year: bool = False) -> bool:
    """18 characters, check digit (GB 11643) and a real birth date, by the one definition
    (``law.identity``); the region may be historical or unknown. No comparison with today: a number with
    a mistyped future birth date is still masked."""
    if len(number) != 18:
        return False
    found = examine(number, "resident_id")
    if not found["valid"]:
        return False
    born = dt.date.fromisoformat(found["birth_date"])
    return not plausible_year or _EARLIEST_BIRTH_YEAR <= born.year <= dt.date.today().year


def _is_other_identity(number: str) -> bool:
    """A credit code, or an 18-digit permanent-residence card (``law.identity``, formats in force today)."""
    return bool(examine(number, params=reference().params)["valid"])


def _is_legacy_id(number: str) -> bool:
    """15 digits with a valid birth date and a known province (no check digit exists)."""
    return (
        len(number) == 15
        and is_valid_number(number, "resident_id")
        and bool(region_lookup(number[:2]).get("province"))
    )


def _mask_number(text: str) -> str | None:
    """The masked form of one whole candidate, or ``None`` when it is an ordinary number."""
    number = normalize(text)
    if len(number) == 18 and (_is_resident_id(number) or _is_other_identity(number)):
        return mask_identity(number)
    if _is_legacy_id(number):
        return mask_identity(number)
    if 16 <= len(number) <= 19 and number.isdigit() and luhn.is_valid(number):
        return mask_bank_account(number)
    return None


def _mask_embedded(run: str) -> str:
    """Mask every valid 18-character identity number inside a longer run of digits."""
    upper, chars, policy = run.upper(), list(run), _identity_policy()
    for start in range(len(upper) - 17):
        window = upper[start : start + 18]
        if _is_resident_id(window, plausible_year=True):
            for offset, (before, after) in enumerate(zip(window, mask(window, policy), strict=True)):
                if before != after:
                    chars[start + offset] = after
    return "".join(chars)


def _digit_run(match: re.Match[str]) -> str:
    run = match.group(0)
    masked = _mask_number(run)
    if masked is not None:
        return masked
    return _mask_embedded(run) if len(run) > 18 else run


def mask_text(text: str) -> str:
    """Mask identity numbers (18 and 15 digits), valid credit codes and Luhn-valid 16–19 digit card
    numbers in free text. Case numbers, amounts, phone numbers and other figures stay as they are.
    """
    text = _SPACED.sub(lambda m: _mask_number(m.group(0)) or m.group(0), text)
    text = _USCC.sub(lambda m: _mask_number(m.group(0)) or m.group(0), text)
    return _DIGIT_RUN.sub(_digit_run, text)


_ADDRESS_HEAD = re.compile(
    r"^(?:[^省市区县]{1,8}?(?:省|自治区))?(?:[^省市区县]{1,10}?(?:市|自治州|州|盟|地区))?"
    r"(?:[^省市区县]{1,10}?(?:区|县|市|旗))?"
)
MASK = "****"


def mask_phone(number: str | None) -> str:
    """A phone number (``zhiyuan.inputs.phones`` form) with only its first three and last four digits
    kept (a fixed line keeps its area code): 138****8000, 0851-****3210, +44****4567."""
    if not number:
        return ""
    head, sep, rest = number.partition("-")
    if sep and head.startswith("0"):  # area code - number [- extension]
        line = rest.split("-")[0]
        return f"{head}-{MASK}{line[-4:]}"
    if len(number) <= 7:
        return MASK
    return number[:3] + MASK + number[-4:]


def mask_address(address: str | None) -> str:
    """An address down to its county-level division, the rest replaced: 贵州省贵阳市南明区****."""
    if not address or not address.strip():
        return ""
    text = address.strip()
    head = _ADDRESS_HEAD.match(text)
    kept = head.group(0) if head else ""
    if not kept or len(kept) >= len(text):
        kept = text[: min(3, len(text) // 2)]
    return kept + MASK
