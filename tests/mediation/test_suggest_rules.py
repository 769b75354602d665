"""The suggester's configuration, keyword rules and robustness (no trained model here: the rules alone)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml

from zhiyuan.mediation import suggesting
from zhiyuan.mediation.suggesting import (
    OTHER,
    Suggester,
    Suggestion,
    focus_types,
    match_rules,
    normalize,
    rules,
)
from zhiyuan.rulebook.bundled import reference

DEFAULT_IDS = [
    "family",
    "neighbour",
    "small_debt",
    "consumer",
    "traffic",
    "medical",
    "property_management",
    "labour",
    "finance",
    "private_lending",
    "sales",
    "other",
]


@pytest.fixture(scope="module")
def names() -> frozenset[str]:
    """Cause names of the edition in force on 2026-11-27 (the shipped catalogue)."""
    return frozenset(c.name for c in reference().causes.edition_on(dt.date(2026, 11, 27)).causes)


@pytest.fixture(scope="module")
def rules_only(names: frozenset[str]) -> Suggester:
    return Suggester(None, names)


def test_default_focus_types_have_labels_and_a_catalogue_cause(names: frozenset[str]) -> None:
    types = focus_types()
    assert list(types) == DEFAULT_IDS
    for key, entry in types.items():
        assert entry["zh"], key
        assert entry["en"], key
        assert any(c in names for c in entry["causes"]), f"{key}: no default cause in the catalogue"
    types["family"]["causes"].clear()  # a copy: callers cannot damage the configuration
    assert focus_types()["family"]["causes"]


def test_every_rule_points_at_a_configured_type() -> None:
    assert {r.focus_type for r in rules()} == set(DEFAULT_IDS)
    assert all(r.words and r.weight > 0 for r in rules())


@pytest.mark.parametrize(
    ("text", "focus", "cause", "word"),
    [
        ("业主拖欠物业费三年", "property_management", "物业服务合同纠纷", "物业费"),
        ("持卡人信用卡透支未还", "finance", "信用卡纠纷", "信用卡"),
        ("包工头拖欠工资，工人讨薪", "labour", None, "拖欠工资"),
        ("楼上漏水泡坏了我家吊顶", "neighbour", None, "楼上漏水"),
        ("男方要求离婚，双方争孩子", "family", "离婚纠纷", "离婚"),
        ("两车追尾，交警认定后车全责", "traffic", "机动车交通事故责任纠纷", "追尾"),
        ("父亲在医院做手术后误诊", "medical", "医疗损害责任纠纷", "误诊"),
        ("他打了借条借走五万", "private_lending", "民间借贷纠纷", "借条"),
        ("超市欠我们的货款十二万", "sales", "买卖合同纠纷", "货款"),
        ("网购衣服商家不给退货退款", "consumer", "信息网络买卖合同纠纷", "退货退款"),
    ],
)
def test_keyword_rules_decide_without_a_model(
    rules_only: Suggester, text: str, focus: str, cause: str | None, word: str
) -> None:
    got = rules_only.suggest(text)
    assert got.focus_type == focus
    if cause is not None:
        assert got.cause == cause
    assert any(f"「{word}」" in r for r in got.reasons), got.reasons
    assert 0.3 <= got.confidence < 1


def test_more_rules_firing_mean_more_confidence(rules_only: Suggester) -> None:
    one = rules_only.suggest("公司拖欠工资")
    same_rule = rules_only.suggest("公司拖欠工资，克扣工资")  # one rule fires once, however many of its words
    two = rules_only.suggest("公司拖欠工资，也不给认定工伤")
    assert one.focus_type == two.focus_type == "labour"
    assert same_rule.confidence == one.confidence < two.confidence


def test_full_width_and_case_are_normalised() -> None:
    assert normalize("ＡＢＣ　物业费\n\n欠") == "abc 物业费 欠"
    assert match_rules(normalize("公司按N+1给补偿")).focus.get("labour", 0) > 0


def test_a_cause_missing_from_the_catalogue_is_never_proposed(names: frozenset[str]) -> None:
    text = "邻居家在过道砌墙挡住了通行"
    full = Suggester(None, names).suggest(text).cause
    assert full in focus_types()["neighbour"]["causes"]
    without = names - {full}  # a catalogue that lacks that cause: the neighbour type falls back
    got = Suggester(None, without).suggest(text)
    assert got.focus_type == "neighbour"
    assert got.cause in without
    assert got.cause == next(c for c in focus_types()["neighbour"]["causes"] if c in without)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "My neighbour's washing machine flooded my kitchen.",
        "😀😡🙏🏠💸",
        "12345 !!! ???",
        "\x00\x01\ufffd",
        "啊",
        "今天天气不错，我们出去走走吧",
    ],
)
def test_odd_text_gives_other_with_low_confidence(
    rules_only: Suggester, names: frozenset[str], text: str
) -> None:
    got = rules_only.suggest(text)
    assert isinstance(got, Suggestion)
    assert got.focus_type == OTHER
    assert got.confidence <= 0.1
    assert got.cause in names
    assert got.reasons


def test_very_long_text_is_fast(rules_only: Suggester) -> None:
    text = "业主长期拖欠物业费，" + "这是一段很长的重复说明。" * 50_000  # ~600 000 characters
    rules_only.suggest("物业费")  # configuration loaded
    start = time.perf_counter()
    got = rules_only.suggest(text)
    assert time.perf_counter() - start < 0.5
    assert got.focus_type == "property_management"


def test_broken_configuration_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        yaml.safe_dump({"rules": [{"focus_type": "space_travel", "words": ["火箭"]}]}), encoding="utf-8"
    )
    monkeypatch.setattr(suggesting, "RULES_FILE", bad)
    suggesting.rules.cache_clear()
    try:
        with pytest.raises(suggesting.LawError) as caught:
            rules()
        assert caught.value.code == "suggester_config_invalid"
    finally:
        monkeypatch.undo()
        suggesting.rules.cache_clear()
    assert rules()


@pytest.mark.django_db
def test_suggest_uses_the_database_catalogue_and_never_raises(
    reference_data: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(suggesting.MODEL_ENV, str(tmp_path / "none.joblib"))  # no model: rules alone
    from zhiyuan.courts.models import Cause

    got = suggesting.suggest("业主拖欠物业费两年")
    assert (got.focus_type, got.cause) == ("property_management", "物业服务合同纠纷")
    Cause.objects.filter(name="物业服务合同纠纷").delete()  # an administrator removes it from the catalogue
    from zhiyuan.courts.selectors import forget_reference

    forget_reference()
    got = suggesting.suggest("业主拖欠物业费两年")
    assert got.focus_type == "property_management"
    assert got.cause != "物业服务合同纠纷"
    assert got.cause in suggesting.catalogue_causes()
    assert suggesting.suggest(None).focus_type == OTHER  # type: ignore[arg-type]


def test_a_corrupt_model_file_falls_back_to_the_rules(tmp_path: Path, names: frozenset[str]) -> None:
    broken = tmp_path / "broken.joblib"
    broken.write_bytes(b"not a model")
    assert suggesting.load_model(broken) is None
    assert suggesting.load_model(tmp_path / "missing.joblib") is None
