"""Saved campaigns: the YAML ones are the initial data, every reader reads the saved definitions, and
creating, editing and closing are validated, versioned, scoped and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import Case
from zhiyuan.command.campaigns import selectors, services
from zhiyuan.command.campaigns.models import CampaignDefinition
from zhiyuan.courts.models import Court
from zhiyuan.governance import selectors as governance
from zhiyuan.governance.campaigns import seeded
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
FORM = {
    "name_zh": "根治欠薪冬季专项行动",
    "name_en": "Winter wage campaign",
    "kind": "migrant_wages",
    "starts_on": "2025-01-01",
    "ends_on": "2025-12-31",
    "causes": "追索劳动报酬纠纷",
    "dispute_causes": "on",
    "courts": "黔01",
}


def test_the_yaml_campaigns_are_the_initial_saved_definitions() -> None:
    saved = {c.id: c for c in selectors.source()}
    assert set(saved) == {c.id for c in seeded()}
    for c in seeded():
        assert saved[c.id] == c  # same conditions, so the rollups' fingerprint did not change
    assert governance.campaigns() == selectors.source()


def test_a_saved_campaign_is_what_every_reader_counts(
    users: dict[str, Any], province: dict[str, Case]
) -> None:
    d = services.create(users["high"], "winter_wages", FORM)
    assert d.version == 1
    assert d.status == "open"
    high = Court.objects.get(code="黔")
    ids = sorted(governance.courts_for("黔", True))
    got = governance.campaigns_for(ids, *Y2025)["winter_wages"]
    assert got == {"cases_closed": 1, "amount_recovered": "50000.00"}  # the Guiyang migrant-wage case
    line = selectors.summary(d, high, *Y2025)
    assert (line["cases_closed"], line["amount_recovered"]) == (1, Decimal("50000.00"))
    assert "执结1件，执行到位5.00万元" in line["line_zh"]
    assert [c.case_number for c in selectors.cases(d, ids, *Y2025)] == ["（2025）黔0102执21号"]
    # limited to Zunyi, the Guiyang case drops out
    d = services.update(users["high"], "winter_wages", FORM | {"courts": "黔03"}, version=1)
    assert d.version == 2
    assert governance.campaigns_for(ids, *Y2025)["winter_wages"]["cases_closed"] == 0
    audit = list(AuditEntry.objects.filter(action__startswith="campaign.").values_list("action", flat=True))
    assert audit == ["campaign.create", "campaign.update"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"kind": "parade"}, "campaign_kind_invalid"),
        ({"name_zh": ""}, "campaign_name_missing"),
        ({"ends_on": "2024-12-31"}, "campaign_period_invalid"),
        ({"starts_on": ""}, "campaign_period_invalid"),
        ({"claim_min": "5000", "claim_max": "100"}, "campaign_claim_bounds_invalid"),
        ({"claim_max": "-1"}, "amount_out_of_range"),
        ({"type_codes": "执保"}, "campaign_condition_invalid"),
        ({"derived_kinds": "nonsense"}, "campaign_condition_invalid"),
        ({"courts": "黔99"}, "campaign_court_unknown"),
        ({"name_en": "x" * 101}, "text_too_long"),
    ],
)
def test_invalid_definitions_are_refused_before_anything_is_written(
    users: dict[str, Any], change: dict[str, str], code: str
) -> None:
    with pytest.raises(LawError) as err:
        services.create(users["high"], "bad_one", FORM | change)
    assert err.value.code == code, err.value.as_dict()
    assert err.value.message_zh
    assert err.value.message_en
    assert not CampaignDefinition.objects.filter(code="bad_one").exists()


def test_codes_versions_and_closing(users: dict[str, Any]) -> None:
    with pytest.raises(LawError, match="campaign_code_invalid"):
        services.create(users["high"], "Bad Code", FORM)
    services.create(users["high"], "winter_wages", FORM)
    with pytest.raises(LawError, match="campaign_code_taken"):
        services.create(users["high"], "winter_wages", FORM)
    services.update(users["high"], "winter_wages", FORM | {"name_en": "Winter wages"}, version=1)
    with pytest.raises(LawError, match="campaign_version_conflict"):
        services.update(users["high"], "winter_wages", FORM, version=1)
    d = services.close(users["high"], "winter_wages", version=2, on=dt.date(2025, 6, 30))
    assert (d.status, d.ends_on, d.version) == ("closed", dt.date(2025, 6, 30), 3)
    with pytest.raises(LawError, match="campaign_closed"):
        services.update(users["high"], "winter_wages", FORM, version=3)


def test_scope_and_permission(users: dict[str, Any]) -> None:
    with pytest.raises(Denied):
        services.create(users["officer"], "mine", FORM)
    # an intermediate court's operator manages campaigns of its district, not province-wide ones
    services.create(users["mid"], "guiyang_only", FORM | {"courts": "黔0102"})
    for form in (FORM | {"courts": ""}, FORM | {"courts": "黔03"}):
        with pytest.raises(LawError, match="campaign_out_of_scope"):
            services.create(users["mid"], "elsewhere", form)
    with pytest.raises(LawError, match="campaign_out_of_scope"):
        services.update(users["mid"], "migrant_wages", FORM | {"courts": "黔0102"}, version=1)
    assert AuditEntry.objects.filter(action="auth.denied").count() >= 3


@pytest.mark.parametrize(
    ("starts", "ends", "today", "expected"),
    [
        ("2025-01-01", "2025-12-31", "2026-03-01", ("2025-01-01", "2025-12-31")),
        ("2025-01-01", None, "2025-06-30", ("2025-01-01", "2025-06-30")),
        ("2000-01-01", None, "2028-02-29", ("2023-03-01", "2028-02-29")),  # at most five years, leap day
        ("2027-01-01", "2027-06-30", "2026-01-01", ("2027-01-01", "2027-06-30")),  # not started yet
    ],
)
def test_default_period(starts: str, ends: str | None, today: str, expected: tuple[str, str]) -> None:
    d = CampaignDefinition(
        starts_on=dt.date.fromisoformat(starts), ends_on=dt.date.fromisoformat(ends) if ends else None
    )
    start, end = selectors.default_period(d, dt.date.fromisoformat(today))
    assert (start.isoformat(), end.isoformat()) == expected
