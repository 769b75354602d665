"""The simulation's rates (``params.yaml``): loaded once, every figure checked to carry its source.

An entry is ``{value, source}`` for a published figure or ``{value, assumed: true, reason}`` for an
assumption (both when a figure mixes them). Probabilities lie in [0, 1]; outcome mixes sum to 1.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zhiyuan.law.errors import LawError

PARAMS_FILE = Path(__file__).with_name("params.yaml")
MIXES = ("trial.outcomes", "enforcement.outcomes")


def _invalid(key: str, zh: str, en: str) -> LawError:
    return LawError("simulation_params_invalid", f"模拟参数 {key} 无效：{zh}", f"Simulation rate {key}: {en}")


class Rates:
    """Read-only access to the rates by dotted key, e.g. ``rates["mediation.success_rate"]``."""

    def __init__(self, data: Mapping[str, Any], text: str = "") -> None:
        self.entries: dict[str, Mapping[str, Any]] = {}
        for group, items in data.items():
            for name, entry in items.items():
                key = f"{group}.{name}"
                if not isinstance(entry, Mapping) or "value" not in entry:
                    raise _invalid(key, "缺少 value。", "no value.")
                if entry.get("assumed"):
                    if not entry.get("reason"):
                        raise _invalid(key, "假设值须说明理由（reason）。", "an assumption needs a reason.")
                elif not entry.get("source") and not entry.get("note"):
                    raise _invalid(
                        key, "须注明来源（source）或 assumed。", "needs a source or assumed: true."
                    )
                self.entries[key] = entry
        for key in MIXES:
            total = sum(float(v) for v in self[key].values())
            if not math.isclose(total, 1.0, abs_tol=1e-6):
                raise _invalid(key, f"各项之和为 {total}，应为 1。", f"sums to {total}, not 1.")
        for key, entry in self.entries.items():
            values = entry["value"].values() if isinstance(entry["value"], Mapping) else [entry["value"]]
            numbers = [float(v) for v in values if isinstance(v, int | float)]
            if key.endswith(("_rate", "_share")) and not all(0 <= v <= 1 for v in numbers):
                raise _invalid(key, "比率须在 0 与 1 之间。", "a rate lies between 0 and 1.")
        self.fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]

    def __getitem__(self, key: str) -> Any:
        try:
            return self.entries[key]["value"]
        except KeyError:
            raise _invalid(key, "不存在。", "no such entry.") from None


@cache
def rates() -> Rates:
    """The shipped rates."""
    text = PARAMS_FILE.read_text(encoding="utf-8")
    return Rates(yaml.safe_load(text), text)
