"""The audit log in the admin reads as zh-Hans (and as English after the switch): actions and roles by their
names with the action's code beside it marked as a code, people by their names, payloads as key: value lines
with yes/no for booleans."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.middleware import SESSION_STARTED
from zhiyuan.audit.actions import ACTIONS, MODULES, action_label
from zhiyuan.audit.services import Actor, record

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]")


def signed_in(make_user, full_name: str, role: str, language: str = "zh-hans") -> Client:  # type: ignore[no-untyped-def]
    user = make_user(f"u_{role}", roles=(role,), full_name=full_name)
    browser = Client()
    browser.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = browser.session
    session["otp_device_id"] = device.persistent_id
    session[SESSION_STARTED] = time.time()
    session.save()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    return browser


def outside_codes(html: str) -> str:
    """The page's text without what it marks translate="no", tags, scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<span[^>]*translate="no"[^>]*>[^<]*</span>', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_named_action_has_both_names_and_unknown_codes_are_described() -> None:
    for code, (zh, en) in ACTIONS.items():
        assert HAN.search(zh), code
        assert not HAN.search(en), code
        assert code.split(".")[0] in MODULES, code
    with translation.override("zh-hans"):
        assert action_label("cases.transition.hear") == "案件：开庭审理"
        assert action_label("cases.something_new") == "案件：其他操作"
        assert action_label("nobody.knows") == "其他操作"
    with translation.override("en"):
        assert action_label("auth.login") == "Signed in"
        assert action_label("cases.transition.close") == "Cases: closed"


def test_the_list_names_actions_roles_and_people_in_chinese(make_user) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "韩审计", "audit_admin")
    clerk = make_user("lian_wang", roles=("filing_clerk",), full_name="王立案", court="黔0102")
    record(Actor(clerk.pk, "lian_wang", "filing_clerk", "黔0102"), "accounts.user.create", obj=clerk)
    response = browser.get("/admin/audit/auditentry/")
    assert response.status_code == 200, response
    page = response.content.decode()
    assert "创建账号" in page
    assert "王立案" in page
    assert matrix().roles["filing_clerk"].zh in page
    text = outside_codes(page)
    assert "accounts.user.create" not in text
    assert "lian_wang" not in text
    assert "filing_clerk" not in text
    assert re.search(r'translate="no"[^>]*>accounts\.user\.create<', page), "the code stays for auditors"
    filters = page[page.index('id="changelist-filter"') :]
    assert "创建账号" in filters
    assert "accounts.user.create" not in outside_codes(filters)


def test_a_detail_shows_the_payload_as_lines_with_yes_and_no(make_user) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "韩审计", "audit_admin")
    entry = record(
        Actor(None, "zhiyuan accounts (operator)"),
        "accounts.user.deactivate",
        object_type="accounts.user",
        object_id="9",
        before={"is_active": True, "status": "filed"},
        after={"is_active": False, "status": "closed"},
    )
    page = browser.get(f"/admin/audit/auditentry/{entry.pk}/change/").content.decode()
    assert "<dt>启用</dt><dd>是</dd>" in page
    assert "<dt>启用</dt><dd>否</dd>" in page
    assert "停用账号" in page
    assert "系统" in page
    text = outside_codes(page)
    for raw in ("True", "False", "is_active", "operator", "accounts.user"):
        assert raw not in text, raw


def test_in_english_the_list_shows_no_chinese_but_data(make_user) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "Han Shenji", "audit_admin", "en")
    clerk = make_user("lian_wang", roles=("filing_clerk",), full_name="Wang Lian", court="黔0102")
    record(Actor(clerk.pk, "lian_wang", "filing_clerk", "黔0102"), "accounts.role.grant", after={"role": "x"})
    page = browser.get("/admin/audit/auditentry/").content.decode()
    assert "Role granted" in page
    assert matrix().roles["filing_clerk"].en in page
    text = outside_codes(page).replace("黔0102", "")
    assert not HAN.search(text), HAN.findall(text)[:10]
