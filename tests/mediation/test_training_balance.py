"""Training keeps the hand-written seed corpus whole and caps near-repeats from the platform per label."""

from __future__ import annotations

from collections import Counter

from zhiyuan.mediation.training import Example, balance


def _platform(n: int, focus: str, cause: str) -> list[Example]:
    return [Example(f"{cause} 第{i}件", focus, cause, "platform") for i in range(n)]


def test_platform_examples_are_capped_per_label_and_seed_examples_kept() -> None:
    seed = [Example(f"手写描述{i}", "family", "离婚纠纷", "seed") for i in range(30)]
    examples = [
        *seed,
        *_platform(500, "finance", "信用卡纠纷"),
        *_platform(40, "finance", "金融借款合同纠纷"),
    ]
    kept = balance(examples, per_label=100, seed=7)
    counts = Counter((ex.source, ex.cause) for ex in kept)
    assert counts[("seed", "离婚纠纷")] == 30
    assert counts[("platform", "信用卡纠纷")] == 100
    assert counts[("platform", "金融借款合同纠纷")] == 40  # under the cap: all kept
    assert balance(examples, per_label=100, seed=7) == kept  # the same seed draws the same examples
    assert balance(examples, per_label=100, seed=8) != kept
    assert balance(examples, per_label=0) == examples  # 0 keeps everything
