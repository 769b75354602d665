"""Every YAML scenario through the rule registry: the clerk-readable legal test suite."""

from __future__ import annotations

import pytest

from tests.law.scenarios import dig, load_all
from zhiyuan.law.errors import LawError
from zhiyuan.law.reference import Reference
from zhiyuan.law.rules import RULES

SCENARIOS = load_all()


@pytest.mark.parametrize("case", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(case, ref: Reference) -> None:
    rule = RULES[case.rule]
    if case.error:
        with pytest.raises(LawError) as caught:
            rule.run(case.facts, ref)
        assert caught.value.code == case.error
        assert caught.value.message_zh
        assert caught.value.message_en
        return
    result = rule.run(case.facts, ref)
    for path, expected in case.expect.items():
        assert dig(result, path) == expected, f"{path}: {dig(result, path)!r} != {expected!r}"
    if case.warnings is not None:
        assert sorted(w["code"] for w in result.get("warnings", [])) == sorted(case.warnings)
    if "citation" in rule.outputs:
        assert result["citation"], "every rule result names its source"


def test_every_rule_has_scenarios_and_every_scenario_file_a_rule() -> None:
    covered = {s.rule for s in SCENARIOS}
    assert covered == set(RULES)
    for name in RULES:
        rule_cases = [s for s in SCENARIOS if s.rule == name]
        assert any(s.error or s.expect.get("ok") is False for s in rule_cases), (
            f"{name} has no malformed-input case"
        )
