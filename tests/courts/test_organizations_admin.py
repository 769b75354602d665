"""The register in the admin: the system administrator adds an organization with a mediator inline, and
both rows are audited."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import totp_now
from zhiyuan.audit.models import AuditEntry
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization

pytestmark = pytest.mark.django_db


def test_admin_add_with_mediator_inline_is_audited(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    admin = make_user("sys_reg", roles=("system_admin",))
    client.post("/accounts/login/", {"username": "sys_reg", "password": "Zhiyuan#2026"})
    client.get("/accounts/otp/")  # enrolment creates the device
    client.post("/accounts/otp/", {"token": totp_now(admin)})
    assert client.get("/admin/courts/partnerorganization/?kind=tribunal&q=法庭").status_code == 200
    data = {
        "code": "FT-ADMIN",
        "name": "某人民法庭",
        "kind": "tribunal",
        "court": Court.objects.get(code="黔0102").pk,
        "regions": '["520102101"]',
        "focus_types": "[]",
        "capacity": "10",
        "contact": "",
        "active": "on",
        "mediators-TOTAL_FORMS": "1",
        "mediators-INITIAL_FORMS": "0",
        "mediators-MIN_NUM_FORMS": "0",
        "mediators-MAX_NUM_FORMS": "1000",
        "mediators-0-code": "FT-ADMIN-M1",
        "mediators-0-name": "王明",
        "mediators-0-focus_types": '["family"]',
        "mediators-0-capacity": "3",
        "mediators-0-active": "on",
    }
    r = client.post("/admin/courts/partnerorganization/add/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    org = PartnerOrganization.objects.get(code="FT-ADMIN")
    assert Mediator.objects.get(code="FT-ADMIN-M1").organization == org
    actions = list(AuditEntry.objects.order_by("-seq").values_list("action", flat=True)[:2])
    assert sorted(actions) == ["courts.mediator.create", "courts.partnerorganization.create"]
