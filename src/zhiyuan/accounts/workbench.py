"""The administrators' menu entry and workbench panels (:mod:`zhiyuan.workbench.registry`): the system
administrator's accounts and reference data, the security administrator's locked accounts, accounts
waiting for a role and API tokens about to expire. Each item opens the administration page its holder's
permissions open (``accounts.models.DJANGO_PERMISSIONS``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhiyuan.accounts import selectors
from zhiyuan.accounts.models import DJANGO_PERMISSIONS, REFERENCE_APPS, User
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.workbench.registry import (
    Item,
    Link,
    Listing,
    MenuEntry,
    Panel,
    from_query,
    in_language,
    register,
)

#: the permissions that open some page of the admin (the user model maps Django's onto them)
ADMIN_PERMISSIONS = frozenset(p for p in DJANGO_PERMISSIONS.values() if p) | (
    {"admin:reference"} if REFERENCE_APPS else set()
)
#: tokens expiring within this many days are shown to the security administrator
TOKEN_DAYS = 30


def _count(label: str, n: int, unit: str, url: str) -> Item:
    """A figure: "3 个" in Chinese, the number alone in English (the label names what is counted)."""
    return Item(label, url=reverse(url), state=in_language(f"{n} {unit}", str(n)))


def _system(user: Any) -> Listing:
    """Accounts and reference data; the count is the accounts still without a role."""
    roleless = selectors.accounts_without_role().count()
    items = (
        _count(gettext("用户账号"), User.objects.filter(is_active=True).count(), "个",
               "admin:accounts_user_changelist"),
        Item(
            gettext("尚未分配角色的账号"),
            url=reverse("admin:accounts_user_changelist"),
            state=in_language(f"{roleless} 个", str(roleless)),
            tone="soon" if roleless else "ok",
            note=gettext("由安全管理员分配角色"),
        ),
        _count(gettext("法院"), Court.objects.count(), "个", "admin:courts_court_changelist"),
        _count(gettext("调解组织"), PartnerOrganization.objects.count(), "个",
               "admin:courts_partnerorganization_changelist"),
        _count(gettext("调解员"), Mediator.objects.filter(active=True).count(), "名",
               "admin:courts_mediator_changelist"),
    )  # fmt: skip
    return Listing(items, roleless)


def _name(user: User) -> str:
    return user.full_name or user.get_username()


def _roleless(user: Any) -> Listing:
    return from_query(
        selectors.accounts_without_role().select_related("court", "organization"),
        lambda u: Item(
            _name(u),
            url=reverse("admin:accounts_userrole_add") + f"?user={u.pk}",
            state=gettext("待分配角色"),
            tone="soon",
            note=" · ".join(p for p in (u.get_username(), str(u.court or u.organization or "")) if p),
        ),
    )


def _locked(user: Any) -> Listing:
    rows = selectors.locked_accounts()
    names = dict(User.objects.filter(username__in={r[0] for r in rows}).values_list("username", "full_name"))
    changelist = reverse("admin:accounts_lockout_changelist")
    items = [
        Item(
            names.get(username) or username,
            url=f"{changelist}?username={username}",
            state=gettext("锁定至 %(t)s") % {"t": timezone.localtime(until).strftime("%H:%M")},
            tone="overdue",
            note=" · ".join(p for p in (username, address) if p),
        )
        for username, address, until in rows
    ]
    return Listing(tuple(items[:5]), len(items))


def _tokens(user: Any) -> Listing:
    return from_query(
        selectors.tokens_expiring(TOKEN_DAYS),
        lambda t: Item(
            f"{t.name}（{t.prefix}…）",
            url=reverse("admin:accounts_apitoken_change", args=[t.pk]),
            due=timezone.localtime(t.expires_at).date() if t.expires_at else None,
            note=_name(t.user),
        ),
    )


register(MenuEntry("admin", "管理后台", "Administration", "admin:index", ADMIN_PERMISSIONS, order=90))

register(
    Panel(
        "accounts.system",
        "账号与参考数据",
        "Accounts and reference data",
        roles=frozenset({"system_admin"}),
        items=_system,
        more=Link("进入管理后台", "Open the administration", "admin:index"),
        unit_zh="个账号待分配角色",
        unit_en="account without a role",
        order=10,
    )
)
register(
    Panel(
        "accounts.locked",
        "被锁定的账号",
        "Locked accounts",
        roles=frozenset({"security_admin"}),
        items=_locked,
        more=Link("全部登录锁定", "All sign-in locks", "admin:accounts_lockout_changelist"),
        unit_zh="个",
        unit_en="account",
        empty_zh="暂无被锁定的账号",
        empty_en="No account is locked",
        order=10,
    )
)
register(
    Panel(
        "accounts.roleless",
        "待分配角色的账号",
        "Accounts waiting for a role",
        roles=frozenset({"security_admin"}),
        items=_roleless,
        more=Link("角色授权", "Role grants", "admin:accounts_userrole_changelist"),
        unit_zh="个",
        unit_en="account",
        order=11,
    )
)
register(
    Panel(
        "accounts.tokens",
        "即将到期的接口令牌",
        "API tokens expiring",
        roles=frozenset({"security_admin"}),
        items=_tokens,
        more=Link("全部接口令牌", "All API tokens", "admin:accounts_apitoken_changelist"),
        unit_zh="个",
        unit_en="token",
        empty_zh="三十日内无到期的接口令牌",
        empty_en="No token expires within thirty days",
        order=12,
    )
)
