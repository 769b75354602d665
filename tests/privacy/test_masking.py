"""Masking for public and low-privilege output."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from zhiyuan.privacy import masking
from zhiyuan.privacy.masking import mask_bank_account, mask_identity, mask_name, mask_text

# GB 11643-1999 check digit (ISO 7064 MOD 11-2), written out independently of the code under test
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_digit(body: str) -> str:
    """The 18th character for 17 leading digits."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def test_the_reference_identity_number_is_well_formed() -> None:
    assert check_digit("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("110105 19491231 002X", "110105********002X"),
        ("110105491231002", "110105*****1002"),  # first-generation, 15 digits
        ("91350100M000100Y43", "913501********0Y43"),  # unified social credit code
        ("1234", "****"),  # too short to keep anything
        ("", ""),
        (None, ""),
    ],
)
def test_mask_identity(number: str | None, masked: str) -> None:
    assert mask_identity(number) == masked


def test_mask_identity_follows_the_policy_parameter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        masking, "masking_policy", lambda params: {"keep_head": 3, "keep_tail": 1, "char": "#"}
    )
    assert mask_identity("11010519491231002X") == "110##############X"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("6222021234567890123", "***************0123"),
        ("6222 0212 3456 7890", "************7890"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_bank_account(number: str | None, masked: str) -> None:
    assert mask_bank_account(number) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张某"),
        ("张三丰", "张某"),
        (" 李四 ", "李某"),
        ("欧阳修", "欧阳某"),
        ("司马相如", "司马某"),
        ("诸葛亮", "诸葛某"),
        ("上官婉儿", "上官某"),
        ("欧阳", "欧某"),  # two characters: surname 欧, given name 阳
        ("王建厂", "王某"),  # a given name, not a factory
        ("张三（个体工商户）", "张某"),
        ("北京某某科技有限公司", "北京某某科技有限公司"),
        ("贵阳市红星机械厂", "贵阳市红星机械厂"),
        ("中国工商银行股份有限公司贵阳分行", "中国工商银行股份有限公司贵阳分行"),
        ("花溪区青岩镇蔬菜种植专业合作社", "花溪区青岩镇蔬菜种植专业合作社"),
        ("贵阳市南明区某某村民委员会", "贵阳市南明区某某村民委员会"),
        ("某某律师事务所（普通合伙）", "某某律师事务所（普通合伙）"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_text_masks_only_identifiers() -> None:
    text = (
        "（2019）黔0102执47号：被执行人张三（公民身份号码11010519491231002X）应支付123456.78元，"
        "联系电话13800138000。"
    )
    assert mask_text(text) == text.replace("11010519491231002X", "110105********002X")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("统一社会信用代码：91350100M000100Y43。", "统一社会信用代码：913501********0Y43。"),
        ("旧身份证110105491231002。", "旧身份证110105*****1002。"),
        ("卡号4111111111111111，", "卡号************1111，"),
        ("卡号 4111 1111 1111 1111。", "卡号 ************1111。"),
        ("身份证 110105 19491231 002x。", "身份证 110105********002X。"),
        ("ID11010519491231002X", "ID110105********002X"),
        ("No.911010519491231002X5", "No.9110105********002X5"),
    ],
)
def test_mask_text_finds_identifiers(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "（2019）黔0102执47号",
        "执行标的123456.78元",
        "案件序号2019520102000047",  # 16 digits, fails the Luhn check
        "卡号4111111111111112",  # fails the Luhn check
        "号码110105194912310021",  # wrong check digit (should be X)
        "代码91350100M000100Y44",  # wrong check digit
        "流水号12345678901234567890",  # 20 digits, no identity number inside
        "旧号码990105491231002",  # 99 is no province
        "",
    ],
)
def test_mask_text_leaves_ordinary_numbers(text: str) -> None:
    assert mask_text(text) == text


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    """18-character numbers with any region, a real birth date and the correct check digit."""
    region = draw(st.integers(min_value=0, max_value=999_999))
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)))
    sequence = draw(st.integers(min_value=0, max_value=999))
    body = f"{region:06d}{born:%Y%m%d}{sequence:03d}"
    return body + check_digit(body)


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=resident_ids(), before=st.text(), after=st.text())
def test_no_valid_identity_number_survives(number: str, before: str, after: str) -> None:
    assert number not in mask_text(before + number + after)


@hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    number=resident_ids(),
    before=st.text(alphabet="0123456789Xx -，。号", max_size=25),
    after=st.text(alphabet="0123456789Xx -，。号", max_size=25),
)
def test_no_valid_identity_number_survives_among_digits(number: str, before: str, after: str) -> None:
    assert number not in mask_text(before + number + after)
