"""The register over HTTP: GET /api/mediation/organizations (filters, pagination, scope) and
/api/mediation/organizations/{code} (mediators, units, load, results); a partner user sees only their
own organization; refusals are problem+json."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.cases.services import file_case
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.mediation.models import Mediation, MediationStatus

pytestmark = pytest.mark.django_db
API = "/api/mediation/organizations"


def token(user: Any, scopes: tuple[str, ...]) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def setup(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    nanming, zunyi, high = (Court.objects.get(code=c) for c in ("黔0102", "黔0302", "黔"))
    ft = PartnerOrganization.objects.create(
        code="FT-0102", name="某人民法庭", kind="tribunal", court=nanming, regions=["520102101"], capacity=4
    )
    PartnerOrganization.objects.create(
        code="FT-0102-W1", name="工作站", kind="workstation", court=nanming, parent=ft
    )
    PartnerOrganization.objects.create(
        code="TJ-0302", name="遵义调委会", kind="peoples_mediation", court=zunyi
    )
    PartnerOrganization.objects.create(
        code="XF-52",
        name="消协",
        kind="national_partner",
        court=high,
        focus_types=["consumer"],
        regions=["52"],
    )
    m = Mediator.objects.create(
        organization=ft, code="FT-M1", name="王明", focus_types=["family"], capacity=2
    )
    for status, closed in (
        (MediationStatus.SUCCEEDED, dt.date(2025, 3, 13)),
        (MediationStatus.MEDIATING, None),
    ):
        Mediation.objects.create(
            case=file_case(None, court_code="黔0102", type_code="民诉前调", filed_on=dt.date(2025, 3, 3)),
            organization=ft,
            mediator=m,
            focus_type="family",
            status=status,
            opened_on=dt.date(2025, 3, 3),
            deadline=dt.date(2025, 4, 2),
            closed_on=closed,
        )
    return {
        "clerk": make_user("api_clerk", roles=("filing_clerk",), court="黔0102"),
        "zunyi": make_user("api_clerk_zy", roles=("filing_clerk",), court="黔0302"),
        "partner": make_user("api_partner", roles=("partner_user",), organization="FT-0102"),
        "party": make_user("api_party", roles=("party",), id_number="520102199003070014"),
    }


def codes(client: Client, headers: dict[str, str], **params: Any) -> list[str]:
    r = client.get(API, params, **headers)
    assert r.status_code == 200, r.content
    return [o["code"] for o in r.json()["items"]]


def test_list_scope_and_filters(client: Client, setup: dict[str, Any]) -> None:
    clerk = token(setup["clerk"], ("case:view",))
    assert codes(client, clerk) == ["XF-52", "FT-0102", "FT-0102-W1"]  # by court code, kind, code
    assert codes(client, token(setup["zunyi"], ("case:view",))) == ["XF-52", "TJ-0302"]
    assert codes(client, token(setup["partner"], ("partner:handle",))) == ["FT-0102"]
    assert codes(client, clerk, kind="workstation") == ["FT-0102-W1"]
    assert codes(client, clerk, focus_type="consumer", region="520102101") == [
        "XF-52",
        "FT-0102",
        "FT-0102-W1",
    ]
    assert codes(client, clerk, region="520103") == ["XF-52"]  # another county: only the province-wide one
    assert codes(client, clerk, court="黔0102", subtree=False) == ["FT-0102", "FT-0102-W1"]
    r = client.get(API, {"page": 1}, **clerk)
    assert r.json()["count"] == 3
    row = r.json()["items"][2]
    assert row["parent_code"] == "FT-0102"
    assert row["court_code"] == "黔0102"


def test_detail(client: Client, setup: dict[str, Any]) -> None:
    r = client.get(f"{API}/FT-0102", **token(setup["partner"], ("partner:handle",)))
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["open_mediations"] == 1
    assert body["load"] == 0.25
    assert body["mediators"] == [
        {
            "code": "FT-M1",
            "name": "王明",
            "focus_types": ["family"],
            "capacity": 2,
            "active": True,
            "open_mediations": 1,
        }
    ]
    assert [u["code"] for u in body["units"]] == ["FT-0102-W1"]
    assert body["results"] == [
        {"focus_type": "family", "closed": 1, "succeeded": 1, "success_rate": 1.0, "mean_days": 10.0}
    ]


def test_out_of_scope_and_refusals(client: Client, setup: dict[str, Any]) -> None:
    r = client.get(f"{API}/TJ-0302", **token(setup["clerk"], ("case:view",)))
    assert r.status_code == 404
    assert r.json()["code"] == "organization_not_found"
    assert client.get(f"{API}/XF-52", **token(setup["partner"], ("partner:handle",))).status_code == 404
    r = client.get(API, **token(setup["party"], ("party:own_cases",)))
    assert r.status_code == 403
    assert r.json()["code"] == "register_forbidden"
    assert client.get(API).status_code == 401
