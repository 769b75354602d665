"""Demo accounts, one per role (development only; the password is documented in the README)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from zhiyuan.accounts import services
from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.models import User
from zhiyuan.courts.models import Court, PartnerOrganization

DEMO_PASSWORD = "Zhiyuan#2026"
DEMO_COURT = "黔0102"  # 贵阳市南明区人民法院
DEMO_PARTY_ID = "520102199003070014"  # fictitious, with a valid check digit
#: the demo court's own division head (执行局长) and president approve its cases (an approval belongs to the
#: case's court); the command operator sits at the high court and sees the province
COURT_OF_ROLE = {"command_operator": "黔"}
DEMO_ORGANIZATION = ("DEMO-TJ-0102", "南明区人民调解委员会（演示）")


def ensure_demo_users() -> list[str]:
    """Create the missing demo users; returns the usernames created. Refused in production."""
    if settings.ENV == "production":
        raise ImproperlyConfigured("demo users are never created in production (生产环境不创建演示账号)")
    org, _ = PartnerOrganization.objects.get_or_create(
        code=DEMO_ORGANIZATION[0],
        defaults={
            "name": DEMO_ORGANIZATION[1],
            "kind": "peoples_mediation",
            "court": Court.objects.get(code=DEMO_COURT),
        },
    )
    created = []
    for code, role in matrix().roles.items():
        if User.objects.filter(username=code).exists():
            continue
        kwargs: dict[str, str] = {}
        if role.kind == "court_staff":
            kwargs["court_code"] = COURT_OF_ROLE.get(code, DEMO_COURT)
        elif role.kind == "partner":
            kwargs["organization_code"] = org.code
        elif role.kind == "party":
            kwargs["id_number"] = DEMO_PARTY_ID
        user = services.create_user(
            None, username=code, password=DEMO_PASSWORD, full_name=f"演示{role.zh}", **kwargs
        )
        services.grant_role(None, user, code)
        created.append(code)
    return created
