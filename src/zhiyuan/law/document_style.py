"""How court documents write dates (法院诉讼文书样式).

The SPC's drafting rules for civil adjudication documents (《人民法院民事裁判文书制作规范》, 法〔2016〕221号,
in force 2016-08-01; its part on the use of numerals, 数字用法) write the date a document is signed — the
落款 at its foot — in Chinese numerals, year digit by digit with 〇 for zero: 二〇一六年八月二十九日. Dates in
the body follow the national standard on numerals in publications (GB/T 15835-2011《出版物上数字用法》):
Arabic numerals, the year in full, month and day without a leading zero (2016年8月29日), never
``2016-08-29``.

The notices of the voluntary-performance chain follow the same style: a notice's issue date at its foot
is :func:`signing_date`, every other date in it :func:`text_date`. Pure functions: the date is an
argument.
"""

from __future__ import annotations

import datetime as dt

from zhiyuan.law.citations import Citation
from zhiyuan.law.errors import LawError

#: the 落款 date in Chinese numerals (the item of the 规范's 数字用法 part is cited from secondary sources
#: quoting it, hence unverified; the practice itself is uniform in published judgments)
SIGNING_DATE = Citation(
    "《人民法院民事裁判文书制作规范》（法〔2016〕221号）",
    "五、数字用法",
    note="落款时间使用汉字数字，如“二〇一六年八月二十九日”",
    verified=False,
)
#: dates in the body: Arabic numerals, no leading zeros
TEXT_DATE = Citation(
    "GB/T 15835-2011《出版物上数字用法》",
    "",
    note="公历年月日用阿拉伯数字；年份不简写，月日不加“0”",
    verified=False,
)
#: digits of a year, 0 written 〇 (U+3007, not 零 and not the letter O)
YEAR_DIGITS = "〇一二三四五六七八九"
UNITS = "一二三四五六七八九"


def _number(n: int) -> str:
    """1–31 in Chinese numerals: 一 … 九, 十, 十一 … 十九, 二十, 二十一 … 三十一 (no 一十, no 〇)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else UNITS[tens - 1] + "十")
    return head + (UNITS[ones - 1] if ones else "")


def _checked(value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise LawError(
            "date_required",
            "须为日期（年、月、日）。",
            "A date (year, month, day) is required.",
            value=repr(value)[:40],
        )
    return value


def signing_date(value: dt.date) -> str:
    """The signing date (落款) of a court document: 2026-12-04 → 二〇二六年十二月四日."""
    day = _checked(value)
    year = "".join(YEAR_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{_number(day.month)}月{_number(day.day)}日"


def text_date(value: dt.date) -> str:
    """A date in the body of a court document: 2026-01-05 → 2026年1月5日."""
    day = _checked(value)
    return f"{day.year}年{day.month}月{day.day}日"


def citations() -> list[Citation]:
    """What these functions rest on."""
    return [SIGNING_DATE, TEXT_DATE]
