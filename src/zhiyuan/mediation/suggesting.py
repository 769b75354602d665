"""The intake suggester: a cause of action (案由) and a focus type (纠纷类型) from a dispute's free-text
description, with the reasons shown to the clerk.

Keyword rules (``suggest_rules.yaml``) and a trained model (character n-grams with a linear model, see
:mod:`zhiyuan.mediation.training`) each give a probability per focus type and per cause; when both speak
the rules tip the model's probabilities (``RULE_BOOST``). Without a trained model the rules decide alone. The suggestion is only a
proposal: it never raises and never blocks the clerk — empty or unrecognisable text gives ``other`` with a
low confidence. Only causes present in the catalogue in force are proposed.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from zhiyuan.law.errors import LawError

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
FOCUS_TYPES_FILE = HERE / "focus_types.yaml"
RULES_FILE = HERE / "suggest_rules.yaml"
MODEL_ENV = "ZHIYUAN_SUGGESTER_MODEL"
MODEL_FORMAT = 1

OTHER = "other"
#: descriptions are cut to this many characters (a clerk's account is a paragraph, not a file)
MAX_CHARS = 4000
#: fewer Chinese characters than this and there is nothing to go on
MIN_CJK_CHARS = 2
#: how much a keyword rule's weight multiplies the model's probability (``exp(RULE_BOOST × weight)``)
RULE_BOOST = 1.0
#: a cause outside the chosen focus type's list counts this much of its probability
OFF_TYPE_CAUSE_FACTOR = 0.3
#: below this blended probability the suggestion falls back to ``other``
MIN_CONFIDENCE = 0.15
#: confidence of the fallback when nothing at all was recognised
FALLBACK_CONFIDENCE = 0.05

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the clerk sees: a cause name from the catalogue, a focus-type id, how sure, and why."""

    cause: str
    focus_type: str
    confidence: float
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of the CLI and the API."""
        return {
            "cause": self.cause,
            "focus_type": self.focus_type,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
        }


# --- configuration -----------------------------------------------------------------------------------


def _config_error(what: str, zh: str, en: str) -> LawError:
    return LawError("suggester_config_invalid", f"{what}：{zh}", f"{what}: {en}")


@cache
def _focus_types() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(FOCUS_TYPES_FILE.read_text(encoding="utf-8")) or {}
    types = data.get("focus_types") or {}
    if OTHER not in types:
        raise _config_error(FOCUS_TYPES_FILE.name, "缺少 other 类型", "the `other` type is missing")
    for key, entry in types.items():
        if not isinstance(entry, dict) or not entry.get("zh") or not entry.get("en"):
            raise _config_error(FOCUS_TYPES_FILE.name, f"{key} 缺少中英文名称", f"{key} lacks zh/en labels")
        entry["causes"] = [str(c) for c in entry.get("causes") or []]
    return {str(k): v for k, v in types.items()}


def focus_types() -> dict[str, dict[str, Any]]:
    """Focus-type id → ``{"zh", "en", "causes"}`` in the configured order (a copy; edit the YAML)."""
    return {k: {**v, "causes": list(v["causes"])} for k, v in _focus_types().items()}


def focus_label(focus_type: str) -> str:
    """The Chinese label of a focus type (the id itself when unknown)."""
    return str(_focus_types().get(focus_type, {}).get("zh", focus_type))


@dataclass(frozen=True, slots=True)
class Rule:
    """Any of ``words`` in the text adds ``weight`` to ``focus_type`` (and to ``cause`` when set)."""

    focus_type: str
    cause: str
    weight: float
    words: tuple[str, ...]


@cache
def rules() -> tuple[Rule, ...]:
    """The keyword rules, checked against the focus types."""
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")) or {}
    known = _focus_types()
    built = []
    for i, raw in enumerate(data.get("rules") or [], start=1):
        focus = str(raw.get("focus_type", ""))
        if focus not in known:
            raise _config_error(
                RULES_FILE.name, f"第 {i} 条规则的类型 {focus} 未定义", f"rule {i}: unknown type {focus}"
            )
        words = tuple(normalize(str(w)) for w in raw.get("words") or [] if str(w).strip())
        if not words:
            raise _config_error(RULES_FILE.name, f"第 {i} 条规则没有关键词", f"rule {i} has no words")
        built.append(Rule(focus, str(raw.get("cause") or ""), float(raw.get("weight", 1.0)), words))
    return tuple(built)


# --- text and rules ----------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower case, one space between words, at most ``MAX_CHARS``."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text[: MAX_CHARS * 2]).lower()).strip()[:MAX_CHARS]


@dataclass(frozen=True, slots=True)
class RuleHits:
    """Scores the keyword rules gave, and the reasons (one per rule that fired)."""

    focus: dict[str, float]
    cause: dict[str, float]
    reasons: dict[str, list[str]]  # focus type → reasons


def match_rules(text: str) -> RuleHits:
    """Apply the keyword rules to normalised ``text``."""
    focus: dict[str, float] = {}
    cause: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    for rule in rules():
        found = [w for w in rule.words if w in text]
        if not found:
            continue
        focus[rule.focus_type] = focus.get(rule.focus_type, 0.0) + rule.weight
        if rule.cause:
            cause[rule.cause] = cause.get(rule.cause, 0.0) + rule.weight
        words = "、".join(f"「{w}」" for w in found)
        reasons.setdefault(rule.focus_type, []).append(
            f"关键词{words} → {focus_label(rule.focus_type)} (keyword → {rule.focus_type})"
        )
    return RuleHits(focus, cause, reasons)


def _shares(scores: Mapping[str, float]) -> dict[str, float]:
    total = sum(v for v in scores.values() if v > 0)
    return {k: v / total for k, v in scores.items() if v > 0} if total else {}


# --- the trained model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainedModel:
    """Two fitted scikit-learn pipelines (text → focus type, text → cause) and when they were trained."""

    focus: Any
    cause: Any | None
    trained_at: str
    examples: int

    def focus_probabilities(self, text: str) -> dict[str, float]:
        """Focus type → probability."""
        return _probabilities(self.focus, text)

    def cause_probabilities(self, text: str) -> dict[str, float]:
        """Cause name → probability (empty without a cause model)."""
        return _probabilities(self.cause, text) if self.cause is not None else {}


def _probabilities(pipeline: Any, text: str) -> dict[str, float]:
    row = pipeline.predict_proba([text])[0]
    return {str(label): float(p) for label, p in zip(pipeline.classes_, row, strict=True)}


def model_path() -> Path:
    """Where the trained model lives: ``$ZHIYUAN_SUGGESTER_MODEL`` or ``VAR_DIR/models/suggester.joblib``."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured)
    from django.conf import settings

    return Path(settings.VAR_DIR) / "models" / "suggester.joblib"


_LOADED: dict[Path, tuple[int, TrainedModel | None]] = {}


def load_model(path: Path | None = None) -> TrainedModel | None:
    """The trained model at ``path`` (default :func:`model_path`), loaded once and reloaded when the file
    changes; None when there is none or it cannot be read (the rules then decide alone)."""
    path = path or model_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    hit = _LOADED.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    model: TrainedModel | None = None
    try:
        import joblib

        data = joblib.load(path)
        if isinstance(data, dict) and data.get("format") == MODEL_FORMAT:
            model = TrainedModel(
                data["focus"], data.get("cause"), str(data["trained_at"]), int(data["examples"])
            )
        else:
            log.warning("suggester model %s has an unknown format; using the keyword rules", path)
    except Exception:  # a broken or foreign model file must not block intake
        log.exception("cannot load the suggester model %s; using the keyword rules", path)
    _LOADED[path] = (stamp, model)
    return model


# --- the catalogue -----------------------------------------------------------------------------------


def catalogue_causes(on: dt.date | None = None) -> frozenset[str]:
    """Names of the causes in the edition in force on ``on`` (today by default), from the reference data
    administrators maintain (the shipped files before set-up)."""
    from django.utils import timezone

    from zhiyuan.courts.selectors import reference

    catalog = reference().causes
    try:
        edition = catalog.edition_on(on or timezone.localdate())
    except LawError:
        return frozenset(c.name for e in catalog.editions for c in e.causes)
    return frozenset(c.name for c in edition.causes)


# --- suggesting --------------------------------------------------------------------------------------


class Suggester:
    """Rules plus (optionally) a model, over a set of cause names that may be proposed."""

    def __init__(self, model: TrainedModel | None, cause_names: frozenset[str]) -> None:
        self.model = model
        self.cause_names = cause_names

    def suggest(self, text: str) -> Suggestion:
        """The suggestion for ``text`` (never raises for any string)."""
        clean = normalize(text if isinstance(text, str) else "")
        if len(_CJK.findall(clean)) < MIN_CJK_CHARS:
            return self._fallback(
                FALLBACK_CONFIDENCE, ["描述为空或没有可识别的中文内容 (no recognisable Chinese text)"]
            )
        hits = match_rules(clean)
        model_p = self.model.focus_probabilities(clean) if self.model else None
        focus_p = self._blend(hits.focus, model_p)
        if not focus_p:
            return self._fallback(
                FALLBACK_CONFIDENCE, ["没有命中关键词，且尚未训练模型 (no keyword matched; no trained model)"]
            )
        best, p = max(focus_p.items(), key=lambda kv: kv[1])
        if self.model is None:
            p *= 1.0 - 0.5 ** hits.focus.get(best, 0.0)  # the rules alone are sure only with several hits
        reasons = list(hits.reasons.get(best, []))
        if model_p is not None:
            mp = model_p.get(best, 0.0)
            reasons.append(f"模型判断为{focus_label(best)}，概率 {mp:.2f} (model: {best} {mp:.2f})")
        if p < MIN_CONFIDENCE or best not in _focus_types():
            return self._fallback(
                round(p, 2), [*reasons, f"把握不足，归入其他 (confidence below {MIN_CONFIDENCE})"]
            )
        cause = self._cause(best, hits, self.model.cause_probabilities(clean) if self.model else {})
        return Suggestion(cause, best, round(min(max(p, 0.0), 1.0), 2), reasons)

    @staticmethod
    def _blend(rule_scores: dict[str, float], model_p: dict[str, float] | None) -> dict[str, float]:
        """Rules alone: their shares. With a model: the model's probabilities, each multiplied by
        ``exp(RULE_BOOST × rule score)`` and renormalised, so keywords tip close calls."""
        if model_p is None:
            return _shares(rule_scores)
        boosted = {k: p * math.exp(RULE_BOOST * rule_scores.get(k, 0.0)) for k, p in model_p.items()}
        total = sum(boosted.values())
        return {k: v / total for k, v in boosted.items()} if total > 0 else {}

    def _listed(self, focus_type: str) -> list[str]:
        entry = _focus_types().get(focus_type) or _focus_types()[OTHER]
        return [c for c in entry["causes"] if c in self.cause_names]

    def _cause(self, focus_type: str, hits: RuleHits, model_p: dict[str, float]) -> str:
        listed = self._listed(focus_type)
        rules = {c: s for c, s in hits.cause.items() if c in self.cause_names}
        model_p = {c: s for c, s in model_p.items() if c in self.cause_names}
        scores = self._blend(rules, model_p or None)
        weighted = {c: s * (1.0 if c in listed else OFF_TYPE_CAUSE_FACTOR) for c, s in scores.items()}
        if weighted and max(weighted.values()) > 0:
            return max(weighted.items(), key=lambda kv: (kv[1], kv[0] in listed))[0]
        return self._default_cause(focus_type)

    def _default_cause(self, focus_type: str) -> str:
        for candidates in (self._listed(focus_type), self._listed(OTHER), sorted(self.cause_names)):
            if candidates:
                return candidates[0]
        return ""

    def _fallback(self, confidence: float, reasons: list[str]) -> Suggestion:
        return Suggestion(self._default_cause(OTHER), OTHER, min(max(confidence, 0.0), 1.0), reasons)


def suggest(text: str, *, on: dt.date | None = None) -> Suggestion:
    """Suggest a cause and a focus type for a dispute description (the trained model when there is one,
    the keyword rules always). Never raises: on an internal failure it logs and answers ``other``."""
    try:
        return Suggester(load_model(), catalogue_causes(on)).suggest(text)
    except Exception:  # the clerk's intake must never fail because of a suggestion
        log.exception("the suggester failed; answering `other`")
        return Suggestion("", OTHER, 0.0, ["建议功能暂不可用 (the suggester is unavailable)"])
