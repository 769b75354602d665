"""The triage track on the case list (``cases.list_columns``): shown per case and filterable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhiyuan.cases.list_columns import ListColumn
from zhiyuan.cases.models import Case
from zhiyuan.enforcement.models import Track, Triage
from zhiyuan.law.case_types import ENFORCEMENT_ACTION

#: the filter's value for enforcement cases without a track (not triaged, or no claim amount)
UNTRIAGED = "none"


def _choices() -> list[tuple[str, Any]]:
    return [*Track.choices, (UNTRIAGED, _("未分流"))]


def _filter(qs: QuerySet[Case], value: str) -> QuerySet[Case]:
    if value in Track.values:
        return qs.filter(triage__track=value)
    if value == UNTRIAGED:
        return qs.filter(type_code__in=ENFORCEMENT_ACTION).exclude(triage__track__in=Track.values)
    return qs


def _values(case_ids: Iterable[int]) -> dict[int, str]:
    rows = Triage.objects.filter(case_id__in=list(case_ids), track__in=Track.values)
    return {case_id: str(Track(track).label) for case_id, track in rows.values_list("case_id", "track")}


TRACK_COLUMN = ListColumn("track", _("繁简分流"), _choices, _filter, _values)
