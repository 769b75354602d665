"""Writes of the saved campaigns: create, edit (the version must be the one the user read; each edit
raises it and is audited with before and after) and close. Every value is checked here, whatever the
entry point (page, API, command), and every refusal carries a stable code and both languages.

Who: permission ``campaign:manage``. A campaign limited to some courts may be managed by a user whose
district covers them; a province-wide campaign (no courts) only by a user who sees every court."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.policy import authorize, refuse
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.accounts.selectors import actor
from zhiyuan.audit.services import record
from zhiyuan.command.campaigns.models import CampaignDefinition, CampaignKind, CampaignStatus
from zhiyuan.courts.models import Court
from zhiyuan.inputs.amounts import clean_amount
from zhiyuan.inputs.dates import optional_date
from zhiyuan.inputs.text import check_text
from zhiyuan.law.derivation import KINDS
from zhiyuan.law.errors import LawError

PERMISSION = "campaign:manage"
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
E_TYPES = ("执", "执恢")
#: a list condition holds at most this many values, each at most this long
MAX_VALUES, MAX_VALUE_LENGTH = 200, 100
FIELDS = [
    "name_zh",
    "name_en",
    "kind",
    "starts_on",
    "ends_on",
    "source",
    "causes",
    "dispute_causes",
    "claim_min",
    "claim_max",
    "type_codes",
    "origin_types",
    "derived_kinds",
    "courts",
]


def _invalid(code: str, zh: str, en: str, **details: Any) -> LawError:
    return LawError(code, zh, en, **details)


def _values(raw: Any, field: str) -> list[str]:
    """A list condition from a list or from text with one value per line (or separated by 、 , ；)."""
    if raw is None or raw == "":
        return []
    items = re.split(r"[\n,，、;；]+", raw) if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        raise _invalid(
            "campaign_condition_invalid", f"条件“{field}”应为列表。", f"Condition '{field}' must be a list."
        )
    out: list[str] = []
    for item in items:
        text = check_text(str(item).strip(), field=field, max_length=MAX_VALUE_LENGTH)
        if text and text not in out:
            out.append(text)
    if len(out) > MAX_VALUES:
        raise _invalid(
            "campaign_condition_invalid",
            f"条件“{field}”最多 {MAX_VALUES} 项。",
            f"Condition '{field}' holds at most {MAX_VALUES} values.",
        )
    return out


def _subset(values: list[str], allowed: tuple[str, ...], field: str) -> list[str]:
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise _invalid(
            "campaign_condition_invalid",
            f"条件“{field}”中的值无效：{'、'.join(wrong)}（可选：{'、'.join(allowed)}）。",
            f"Condition '{field}' has invalid values: {', '.join(wrong)} (allowed: {', '.join(allowed)}).",
            field=field,
            values=wrong,
        )
    return values


def _courts(user: Any, codes: list[str], request: Any) -> list[str]:
    known = dict(Court.objects.filter(code__in=codes).values_list("code", "pk"))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise _invalid(
            "campaign_court_unknown",
            f"法院代字不存在：{'、'.join(unknown)}。",
            f"Unknown court codes: {', '.join(unknown)}.",
            codes=unknown,
        )
    _in_scope(user, list(known.values()), request)
    return codes


def _in_scope(user: Any, court_ids: list[int], request: Any) -> None:
    """A campaign of these courts (none: the province) must lie within the user's district."""
    seen = scope_of(user).court_ids
    needed = set(court_ids) if court_ids else set(Court.objects.values_list("pk", flat=True))
    if not needed <= seen:
        raise refuse(
            user,
            "campaign_out_of_scope",
            "该专项行动涉及您辖区以外的法院（全省专项行动由高级人民法院管理）。",
            "The campaign covers courts outside your district (province-wide ones are managed by the high court).",
            request,
        )


def clean(user: Any, data: Mapping[str, Any], request: Any = None) -> dict[str, Any]:
    """The definition's fields from ``data``, checked; a :class:`LawError` names the first wrong one."""
    out: dict[str, Any] = {}
    for field, limit in (("name_zh", 100), ("name_en", 100)):
        text = check_text(str(data.get(field) or "").strip(), field=field, max_length=limit)
        if not text:
            raise _invalid(
                "campaign_name_missing", f"请填写“{field}”名称。", f"'{field}' is required.", field=field
            )
        out[field] = text
    out["source"] = check_text(str(data.get("source") or "").strip(), field="source", max_length=500)
    kind = str(data.get("kind") or "")
    if kind not in CampaignKind.values:
        raise _invalid(
            "campaign_kind_invalid",
            f"专项行动类别“{kind}”无效。",
            f"Campaign kind '{kind}' is not valid (one of {', '.join(CampaignKind.values)}).",
        )
    out["kind"] = kind
    starts, ends = (
        optional_date(data.get("starts_on"), "starts_on"),
        optional_date(data.get("ends_on"), "ends_on"),
    )
    if starts is None:
        raise _invalid("campaign_period_invalid", "请填写开始日期。", "The start date is required.")
    if ends is not None and ends < starts:
        raise _invalid(
            "campaign_period_invalid",
            f"结束日期 {ends} 早于开始日期 {starts}。",
            f"The campaign ends ({ends}) before it starts ({starts}).",
        )
    out["starts_on"], out["ends_on"] = starts, ends
    low = clean_amount(data.get("claim_min"), "claim_min")
    high = clean_amount(data.get("claim_max"), "claim_max")
    if low is not None and high is not None and high < low:
        raise _invalid(
            "campaign_claim_bounds_invalid",
            f"标的额上限 {high} 低于下限 {low}。",
            f"The claim's upper bound ({high}) is below its lower bound ({low}).",
        )
    out["claim_min"], out["claim_max"] = low, high
    out["causes"] = _values(data.get("causes"), "causes")
    out["dispute_causes"] = str(data.get("dispute_causes")).lower() in {"true", "1", "on", "yes"}
    out["type_codes"] = _subset(_values(data.get("type_codes"), "type_codes"), E_TYPES, "type_codes")
    out["origin_types"] = _values(data.get("origin_types"), "origin_types")
    out["derived_kinds"] = _subset(
        _values(data.get("derived_kinds"), "derived_kinds"), KINDS, "derived_kinds"
    )
    out["courts"] = _courts(user, _values(data.get("courts"), "courts"), request)
    return out


def _snapshot(d: CampaignDefinition) -> dict[str, Any]:
    values = {f: getattr(d, f) for f in FIELDS}
    for key, value in values.items():
        if isinstance(value, dt.date | Decimal):
            values[key] = str(value)
    return values | {"code": d.code, "version": d.version, "status": d.status}


def create(user: Any, code: str, data: Mapping[str, Any], request: Any = None) -> CampaignDefinition:
    """A new open campaign."""
    authorize(user, PERMISSION, request)
    code = str(code or "").strip()
    if not CODE.match(code):
        raise _invalid(
            "campaign_code_invalid",
            "代码应以小写字母开头，由 2–40 个小写字母、数字或下划线组成。",
            "The code starts with a lowercase letter and has 2–40 lowercase letters, digits or underscores.",
        )
    fields = clean(user, data, request)
    who = actor(user, request)
    with transaction.atomic():
        if CampaignDefinition.objects.filter(code=code).exists():
            raise _invalid(
                "campaign_code_taken", f"代码“{code}”已被使用。", f"The code '{code}' is already in use."
            )
        d = CampaignDefinition.objects.create(
            code=code, created_by_name=user.get_full_name(), updated_by_name=user.get_full_name(), **fields
        )
        record(who, "campaign.create", obj=d, after=_snapshot(d))
    return d


def _locked(user: Any, code: str, version: int | None, request: Any) -> CampaignDefinition:
    d = CampaignDefinition.objects.select_for_update().filter(code=code).first()
    if d is None:
        raise _invalid("campaign_not_found", f"专项行动“{code}”不存在。", f"There is no campaign '{code}'.")
    _in_scope(user, list(Court.objects.filter(code__in=d.courts).values_list("pk", flat=True)), request)
    if d.status == CampaignStatus.CLOSED:
        raise _invalid(
            "campaign_closed",
            "该专项行动已结束，不能再修改。",
            "The campaign is closed and can no longer change.",
        )
    if version is not None and d.version != version:
        raise _invalid(
            "campaign_version_conflict",
            f"该专项行动已被他人修改（当前第 {d.version} 版，您编辑的是第 {version} 版），请刷新后重试。",
            f"Someone changed the campaign meanwhile (now version {d.version}, you edited {version}); reload.",
        )
    return d


def update(
    user: Any, code: str, data: Mapping[str, Any], version: int | None, request: Any = None
) -> CampaignDefinition:
    """Edit an open campaign; ``version`` is the one the user read (a stale one is refused)."""
    authorize(user, PERMISSION, request)
    fields = clean(user, data, request)
    who = actor(user, request)
    with transaction.atomic():
        d = _locked(user, code, version, request)
        before = _snapshot(d)
        for key, value in fields.items():
            setattr(d, key, value)
        if _snapshot(d) | {"version": d.version} == before:
            return d  # nothing changed: no new version
        d.version += 1
        d.updated_by_name = user.get_full_name()
        d.save()
        record(who, "campaign.update", obj=d, before=before, after=_snapshot(d))
    return d


def close(
    user: Any, code: str, version: int | None, request: Any = None, on: dt.date | None = None
) -> CampaignDefinition:
    """Close an open campaign (it ends on ``on``, default today, unless it ended earlier)."""
    authorize(user, PERMISSION, request)
    who = actor(user, request)
    today = on or timezone.localdate()
    with transaction.atomic():
        d = _locked(user, code, version, request)
        before = _snapshot(d)
        d.status = CampaignStatus.CLOSED
        d.closed_at = timezone.now()
        if d.ends_on is None or d.ends_on > today:
            d.ends_on = max(today, d.starts_on)
        d.version += 1
        d.updated_by_name = user.get_full_name()
        d.save()
        record(who, "campaign.close", obj=d, before=before, after=_snapshot(d))
    return d
