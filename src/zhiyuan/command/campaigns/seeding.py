"""The initial campaigns: the entries of ``governance/campaigns.yaml`` copied into the saved definitions —
by the data migration ``command.0001_campaigns``, and again after a ``flush`` empties the tables (the
``post_migrate`` signal, as Django recreates its content types), so that a platform never runs with no
campaigns it used to have. Only into an empty table: once there are saved campaigns, they are the truth."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zhiyuan.governance.selectors import seeded_entries

#: the initial campaigns have no period of their own: they count from here
SEEDED_FROM = dt.date(2000, 1, 1)
KINDS = {
    "migrant_wages": "migrant_wages",
    "small_claims": "small_claims",
    "business_environment": "business_environment",
    "criminal_property": "criminal_property",
    "refusal_crime": "refusal",
}


def _amount(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def seed_into(model: Any) -> int:
    """Create the YAML campaigns in ``model`` (the real or the migration's historical model) when it holds
    none; returns how many were created."""
    if model.objects.exists():
        return 0
    rows = []
    for e in seeded_entries():
        code = str(e["id"])
        rows.append(
            model(
                code=code,
                name_zh=str(e.get("name_zh", code)),
                name_en=str(e.get("name_en", code)),
                kind=KINDS.get(code, "other"),
                starts_on=SEEDED_FROM,
                source=str(e.get("source", ""))[:500],
                causes=list(e.get("causes") or []),
                dispute_causes=bool(e.get("dispute_causes", False)),
                claim_min=_amount(e.get("claim_min")),
                claim_max=_amount(e.get("claim_max")),
                type_codes=list(e.get("type_codes") or []),
                origin_types=list(e.get("origin_types") or []),
                derived_kinds=list(e.get("derived_kinds") or []),
                courts=list(e.get("courts") or []),
                created_by_name="campaigns.yaml",
            )
        )
    model.objects.bulk_create(rows)
    return len(rows)


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """``post_migrate``: seed an empty table (after ``flush`` as after the first ``migrate``)."""
    from django.db import connections

    from zhiyuan.command.campaigns.models import CampaignDefinition

    table = CampaignDefinition._meta.db_table
    if table not in connections[using].introspection.table_names():
        return
    seed_into(CampaignDefinition.objects.db_manager(using).model)
