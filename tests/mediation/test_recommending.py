"""Recommendation of an organization and mediator (``zhiyuan.mediation.recommending``): each factor moves
the ranking the way it should, full organizations come last (or are left out), past results count only
up to the given date, ties are broken by code, and every recommendation explains itself."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from zhiyuan.cases.services import file_case
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.mediation import recommending
from zhiyuan.mediation.models import Mediation, MediationStatus
from zhiyuan.mediation.recommending import Recommendation, recommend

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 10, 1)
_serial = itertools.count(1)


@pytest.fixture
def nanming(reference_data: None) -> Court:
    return Court.objects.get(code="黔0102")


def make_org(code: str, court: str = "黔0102", **kw: Any) -> PartnerOrganization:
    values: dict[str, Any] = {"name": code, "kind": "peoples_mediation", "capacity": 10}
    values.update(kw)
    return PartnerOrganization.objects.create(code=code, court=Court.objects.get(code=court), **values)


def mediate(
    org: PartnerOrganization,
    focus: str = "family",
    opened: dt.date = dt.date(2025, 3, 3),
    status: str = MediationStatus.MEDIATING,
    closed: dt.date | None = None,
    mediator: Mediator | None = None,
) -> Mediation:
    """A delegated mediation on a real pre-litigation mediation case."""
    case = file_case(None, court_code="黔0102", type_code="民诉前调", filed_on=opened)
    return Mediation.objects.create(
        case=case,
        organization=org,
        mediator=mediator,
        focus_type=focus,
        status=status,
        opened_on=opened,
        deadline=opened + dt.timedelta(days=30),
        closed_on=closed,
        description=f"测试纠纷 {next(_serial)}",
    )


def ranked(found: list[Recommendation]) -> list[str]:
    return [r.organization.code for r in found]


def reasons(rec: Recommendation) -> set[str]:
    return {r.code for r in rec.reasons}


def test_type_fit(nanming: Court) -> None:
    make_org("A-LABOUR", focus_types=["labour"])
    make_org("B-ANY")
    make_org("C-FAMILY", focus_types=["family", "neighbour"])
    found = recommend(court=nanming, focus_type="family", on=ON)
    assert ranked(found) == ["C-FAMILY", "B-ANY", "A-LABOUR"]
    assert "type_match" in reasons(found[0])
    assert found[0].reasons[0].zh == "受理“婚姻家庭”类纠纷"  # the configured label, not the id
    assert "type_any" in reasons(found[1])
    assert "type_mismatch" in reasons(found[2])
    assert ranked(recommend(court=nanming, focus_type="labour", on=ON))[0] == "A-LABOUR"


def test_region_fit_prefers_the_tribunal_of_the_area(nanming: Court) -> None:
    make_org("A-COMMITTEE")  # no regions: the court's division 520102
    make_org("B-TRIBUNAL", kind="tribunal", regions=["520102101"])
    make_org("C-OTHER-COUNTY", regions=["520103"])
    in_town = recommend(court=nanming, focus_type="family", region="520102101", on=ON)
    assert ranked(in_town) == ["B-TRIBUNAL", "A-COMMITTEE", "C-OTHER-COUNTY"]
    assert "region_local_unit" in reasons(in_town[0])
    assert "region_court_division" in reasons(in_town[1])
    assert "region_outside" in reasons(in_town[2])
    # a dispute elsewhere in the county: the committee covers it, the town's tribunal only partly
    county = recommend(court=nanming, focus_type="family", region="520102", on=ON)
    assert ranked(county) == ["A-COMMITTEE", "B-TRIBUNAL", "C-OTHER-COUNTY"]
    assert "region_partial" in reasons(county[1])
    # no region given: the court's division
    assert ranked(recommend(court=nanming, focus_type="family", on=ON)) == ranked(county)


def test_load_and_full_organizations(nanming: Court, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    busy = make_org("A-BUSY", capacity=4)
    make_org("B-FREE", capacity=4)
    full = make_org("C-FULL", capacity=2, focus_types=["family"], regions=["520102101"], kind="tribunal")
    for _ in range(3):
        mediate(busy)
    mediate(full)
    mediate(full)
    mediate(busy, opened=dt.date(2025, 1, 6), status=MediationStatus.SUCCEEDED, closed=dt.date(2025, 2, 3))
    found = recommend(court=nanming, focus_type="family", region="520102101", on=ON)
    assert ranked(found) == ["B-FREE", "A-BUSY", "C-FULL"]  # C fits best but is full: last
    assert "load_full" in reasons(found[2])
    assert next(r for r in found[1].reasons if r.code == "load").en == "3 open of 4"
    # before the mediations were opened nobody was busy and C fits best
    assert (
        ranked(recommend(court=nanming, focus_type="family", region="520102101", on=dt.date(2025, 3, 1)))[0]
        == "C-FULL"
    )

    custom = tmp_path / "recommending.yaml"
    custom.write_text(
        recommending.PARAMS_FILE.read_text(encoding="utf-8").replace("full: last", "full: exclude"),
        encoding="utf-8",
    )
    monkeypatch.setattr(recommending, "PARAMS_FILE", custom)
    recommending.params.cache_clear()
    try:
        assert ranked(recommend(court=nanming, focus_type="family", region="520102101", on=ON)) == [
            "B-FREE",
            "A-BUSY",
        ]
    finally:
        recommending.params.cache_clear()


def test_past_success_with_a_prior(nanming: Court) -> None:
    good = make_org("A-GOOD", capacity=0)
    bad = make_org("B-BAD", capacity=0)
    make_org("C-NEW", capacity=0)
    for i in range(4):
        opened = dt.date(2025, 2, 3) + dt.timedelta(days=i)
        mediate(good, opened=opened, status=MediationStatus.SUCCEEDED, closed=opened + dt.timedelta(days=9))
        mediate(bad, opened=opened, status=MediationStatus.FAILED, closed=opened + dt.timedelta(days=20))
    mediate(bad, "labour", status=MediationStatus.SUCCEEDED, closed=dt.date(2025, 3, 20))  # another type
    found = recommend(court=nanming, focus_type="family", on=ON)
    assert ranked(found) == ["A-GOOD", "C-NEW", "B-BAD"]  # the newcomer is not starved
    assert "success_history" in reasons(found[0])
    assert "success_no_history" in reasons(found[1])
    # results closed after the date do not count yet: all three are then equal and ordered by code
    assert ranked(recommend(court=nanming, focus_type="family", on=dt.date(2025, 2, 10))) == [
        "A-GOOD",
        "B-BAD",
        "C-NEW",
    ]
    assert found[0].score > found[1].score > found[2].score


def test_candidates_and_deterministic_ties(nanming: Court) -> None:
    make_org("B-TWIN")
    make_org("A-TWIN")
    make_org("Z-NATIONAL", court="黔", kind="national_partner", regions=["52"], focus_types=["finance"])
    make_org("X-ZUNYI", court="黔0302")
    make_org("Y-CLOSED", active=False)
    found = recommend(court=nanming, focus_type="finance", on=ON)
    assert set(ranked(found)) == {"A-TWIN", "B-TWIN", "Z-NATIONAL"}  # other courts and inactive ones left out
    twins = [r for r in found if "TWIN" in r.organization.code]
    assert twins[0].score == twins[1].score
    assert ranked(twins) == ["A-TWIN", "B-TWIN"]
    assert [ranked(recommend(court=nanming, focus_type="finance", on=ON)) for _ in range(3)] == [
        ranked(found)
    ] * 3
    assert ranked(recommend(court=nanming, focus_type="finance", on=ON, limit=1)) == ranked(found)[:1]


def test_mediator_choice(nanming: Court) -> None:
    org = make_org("A-ORG", capacity=0)
    Mediator.objects.create(organization=org, code="M1-ANY", name="甲")
    busy = Mediator.objects.create(
        organization=org, code="M2-FAMILY-BUSY", name="乙", focus_types=["family"], capacity=1
    )
    Mediator.objects.create(organization=org, code="M3-FAMILY", name="丙", focus_types=["family"], capacity=3)
    Mediator.objects.create(organization=org, code="M0-OFF", name="丁", focus_types=["family"], active=False)
    make_org("B-EMPTY", capacity=0)
    mediate(org, mediator=busy)
    found = {r.organization.code: r for r in recommend(court=nanming, focus_type="family", on=ON)}
    chosen = found["A-ORG"].mediator
    assert chosen is not None
    assert chosen.code == "M3-FAMILY"  # the busy specialist is full, the inactive one is out
    assert "mediator_type_match" in reasons(found["A-ORG"])
    assert found["B-EMPTY"].mediator is None
    assert "no_mediator" in reasons(found["B-EMPTY"])
    assert found["A-ORG"].score > found["B-EMPTY"].score


def test_every_recommendation_explains_each_factor(nanming: Court) -> None:
    make_org("A-ORG", focus_types=["family"])
    (rec,) = recommend(court=nanming, focus_type="family", on=ON)
    prefixes = {r.code.split("_")[0] for r in rec.reasons}
    assert {"type", "region", "load", "success"} <= prefixes
    assert all(r.zh and r.en for r in rec.reasons)
    assert 0 <= rec.score <= 1
