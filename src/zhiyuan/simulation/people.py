"""Fictitious parties: people with resident identity numbers and companies with credit codes.

Every number carries correct check digits (GB 11643 via python-stdnum; GB 32100 and the GB 11714
organization code inside it). A person's name is a function of the number, so two draws of the same
number are the same person. People get the sequence codes 996–999, which GB 11643 practice reserves for
people over a hundred (a real person born 1955–2004 is not issued them); companies get organization codes
in the ``MA`` range with a fictitious trade name. This lowers, but cannot rule out, a clash with a real
person or company; nothing here is checked against any registry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from stdnum.cn import ric, uscc

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢宋唐韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉红建文波斌宇浩凯俊飞雪琳晨欣怡梅莉兵志云凤海林春燕旭阳德忠祥坤永仁"
TRADE = "鑫源恒泰瑞丰宏达盛嘉隆兴远晟合信利诚安邦汇通黔筑黔程乌江苗岭梵净赤水百灵云岫"
SECTORS = (
    "建筑工程有限公司",
    "商贸有限公司",
    "劳务有限公司",
    "房地产开发有限公司",
    "农业科技有限公司",
    "小额贷款有限公司",
    "汽车销售服务有限公司",
    "物业管理有限公司",
    "融资担保有限公司",
    "酒业有限公司",
)
_ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 alphabet (no I, O, S, V, Z)
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
RESERVED_SEQUENCES = (996, 997, 998, 999)  # even: female, odd: male
BORN_FROM, BORN_TO = 1955, 2004
FALLBACK_REGION = "520102"  # 南明区, in the table since 1983


@dataclass(frozen=True, slots=True)
class Party:
    """A party as the import format writes it: ``name|id_number``."""

    name: str
    id_number: str
    company: bool

    @property
    def entry(self) -> str:
        """The ``name|id_number`` entry of a party column."""
        return f"{self.name}|{self.id_number}"


def _digest(*parts: object) -> bytes:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()


def person_name(id_number: str) -> str:
    """A name determined by the number (so the same number always names the same person)."""
    h = _digest("name", id_number)
    given = GIVEN[h[1] % len(GIVEN)] + (GIVEN[h[2] % len(GIVEN)] if h[3] % 3 else "")
    return SURNAMES[h[0] % len(SURNAMES)] + given


def company_name(code: str, region: str) -> str:
    """A fictitious company name determined by its credit code, prefixed with its region's name."""
    h = _digest("company", code)
    trade = TRADE[h[0] % len(TRADE)] + TRADE[h[1] % len(TRADE)] + TRADE[h[2] % len(TRADE)]
    return f"{region}{trade}{SECTORS[h[3] % len(SECTORS)]}"


def resident_number(region_code: str, birth: dt.date, sequence: int) -> str:
    """An 18-digit resident identity number with its check digit."""
    body = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


def organization_code(body: str) -> str:
    """GB 11714: eight characters and their check character."""
    total = sum(int(c, 36) * w for c, w in zip(body, _GB11714_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(region_code: str, key: bytes) -> str:
    """A unified social credit code (registered by market regulation, an enterprise) with check digits."""
    body = "MA" + "".join(_ALNUM[b % 31] for b in key[:6])
    head = "91" + region_code + organization_code(body)
    return head + uscc.calc_check_digit(head)


@cache
def birth_years(region_code: str, born_from: int = BORN_FROM, born_to: int = BORN_TO) -> tuple[int, int]:
    """The birth years for which the region code existed (GB/T 2260 validity in stdnum's table), within
    [born_from, born_to]; stdnum rejects a number whose region did not exist in the birth year."""
    from stdnum import numdb

    info = {k: v for _, props in numdb.get("cn/loc").info(region_code) for k, v in props.items()}
    for county in info.get("county", "").split(","):
        if not county:
            continue
        start, end = born_from, born_to
        if county.startswith("["):
            span = county[1:].split("]", 1)[0]
            first, last = span.split("-")
            start, end = max(start, int(first or start)), min(end, int(last or end))
        if start <= end:
            return start, end
    return 0, 0


def person(rng: random.Random, region_code: str) -> Party:
    """A fictitious adult of the region (of a Guiyang district when the region code cannot be used)."""
    born_from, born_to = birth_years(region_code)
    if not born_from:
        region_code, (born_from, born_to) = FALLBACK_REGION, birth_years(FALLBACK_REGION)
    start = dt.date(born_from, 1, 1).toordinal()
    birth = dt.date.fromordinal(rng.randint(start, dt.date(born_to, 12, 31).toordinal()))
    number = resident_number(region_code, birth, rng.choice(RESERVED_SEQUENCES))
    return Party(person_name(number), number, company=False)


def company(rng: random.Random, region_code: str, region_name: str) -> Party:
    """A fictitious company of the region."""
    code = credit_code(region_code, rng.randbytes(6))
    return Party(company_name(code, region_name), code, company=True)


def pooled(seed: int, pool: str, index: int, regions: Sequence[tuple[str, str]], is_company: bool) -> Party:
    """Member ``index`` of a province-wide ``pool`` (repeat debtors, lenders): the same party for every
    court and chunk that draws it. ``regions`` are (division code, name) pairs to place it in."""
    rng = random.Random(_digest("pool", seed, pool, index))
    code, name = regions[rng.randrange(len(regions))]
    return company(rng, code, name) if is_company else person(rng, code)
