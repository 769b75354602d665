"""Court scoping: one function decides; basic → own court, intermediate → district, high → province."""

from __future__ import annotations

import pytest

from zhiyuan.accounts.scoping import scope_of
from zhiyuan.courts.models import Court, PartnerOrganization
from zhiyuan.parties.selectors import identity_hash

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:  # type: ignore[no-untyped-def]
    return set(scope_of(user).filter(Court.objects.all(), court="").values_list("code", flat=True))


def test_court_hierarchy(make_user) -> None:
    basic = make_user("b", roles=("enforcement_officer",), court="黔0102")
    mid = make_user("m", roles=("command_operator",), court="黔01")
    high = make_user("h", roles=("command_operator",), court="黔")
    assert visible(basic) == {"黔0102"}
    assert visible(mid) == {"黔01", *Court.objects.filter(parent__code="黔01").values_list("code", flat=True)}
    assert "黔0302" not in visible(mid)
    assert visible(high) == set(Court.objects.values_list("code", flat=True))
    assert len(visible(high)) == 98


def test_administrators_partners_parties_and_the_roleless_see_no_court(make_user) -> None:
    org = PartnerOrganization.objects.create(
        code="TJ-1",
        name="南明区人民调解委员会",
        kind="peoples_mediation",
        court=Court.objects.get(code="黔0102"),
    )
    partner = make_user("p", roles=("partner_user",), organization="TJ-1")
    party = make_user("party", roles=("party",), id_number="520102199003070014")
    admin = make_user("a", roles=("system_admin",))
    roleless = make_user("r", court="黔0102")
    for user in (partner, party, admin, roleless):
        assert visible(user) == set()
    assert scope_of(partner).organization_id == org.pk
    assert scope_of(party).party_hash == identity_hash("520102199003070014")
    assert scope_of(admin).empty
    assert scope_of(roleless).empty


def test_inactive_user_sees_nothing(make_user) -> None:
    user = make_user("b", roles=("enforcement_officer",), court="黔0102")
    user.is_active = False
    user.save()
    user.__dict__.pop("_scope", None)
    assert visible(user) == set()
