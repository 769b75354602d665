"""The administrators' pages name people, roles and apps in the reader's language: the header greets the
person by name, accounts are listed by name with the account name marked as a code, roles by their names,
yes/no icons say 是/否, and no Django or library string is left in English (Model name, Otp_Totp)."""

from __future__ import annotations

import re
import time
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhiyuan.accounts.matrix import matrix
from zhiyuan.accounts.middleware import SESSION_STARTED

pytestmark = pytest.mark.django_db
LATIN = re.compile(r"[A-Za-z][A-Za-z_]+")
HAN = re.compile(r"[\u4e00-\u9fff]")


def signed_in(make_user, username: str, full_name: str, role: str, language: str = "zh-hans") -> Client:  # type: ignore[no-untyped-def]
    user = make_user(username, roles=(role,), full_name=full_name)
    browser = Client()
    browser.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = browser.session
    session["otp_device_id"] = device.persistent_id
    session[SESSION_STARTED] = time.time()
    session.save()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser


def shown(html: str) -> str:
    """The text and the alt texts of a page, without what it marks translate="no", scripts and styles."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<(span|bdi)[^>]*translate=\"no\"[^>]*>[^<]*</\1>", " ", html)
    alts = " ".join(re.findall(r'alt="([^"]*)"', html))
    return unescape(re.sub(r"<[^>]+>", " ", html)) + " " + alts


def test_the_header_greets_the_person_and_the_index_is_chinese(make_user) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "anquan_shen", "沈安全", "security_admin")
    page = browser.get("/admin/").content.decode()
    tools = page[page.index('id="user-tools"') :][:600]
    assert "沈安全" in tools
    assert "anquan_shen" not in tools
    text = shown(page)
    for english in ("Model name", "Add link", "Otp_Totp", "TOTP devices"):
        assert english not in text, english
    assert "动态口令" in text


def test_accounts_are_listed_by_name_with_roles_and_yes_no_in_chinese(make_user) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "xitong_jiang", "蒋系统", "system_admin")
    make_user("lian_wang", roles=("filing_clerk",), full_name="王立案", court="黔0102")
    page = browser.get("/admin/accounts/user/").content.decode()
    assert "王立案" in page
    assert matrix().roles["filing_clerk"].zh in page
    assert re.search(r'translate="no"[^>]*>lian_wang<', page), "the account name stays, marked as a code"
    text = shown(page)
    assert 'alt="是"' in page
    assert not [w for w in LATIN.findall(text) if w not in {"DOCTYPE", "html"}], LATIN.findall(text)[:20]


def test_role_grants_and_their_filter_name_roles_in_chinese(make_user) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "anquan_shen", "沈安全", "security_admin")
    make_user("lian_wang", roles=("filing_clerk",), full_name="王立案", court="黔0102")
    page = browser.get("/admin/accounts/userrole/").content.decode()
    text = shown(page)
    for code in matrix().roles:
        assert code not in text, code
    assert matrix().roles["filing_clerk"].zh in text
    assert "operator" not in text


def test_in_english_the_admin_shows_no_chinese_but_names(make_user) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "xitong_jiang", "Jiang Xitong", "system_admin", "en")
    make_user("lian_wang", roles=("filing_clerk",), full_name="王立案", court="黔0102")
    for path in ("/admin/", "/admin/accounts/user/"):
        text = shown(browser.get(path).content.decode())
        for data in ("王立案", "黔0102", "贵阳市南明区人民法院", "贵州省"):
            text = text.replace(data, " ")
        assert not HAN.search(text), (path, HAN.findall(text)[:10])


def test_tokens_show_their_permissions_by_name(make_user) -> None:  # type: ignore[no-untyped-def]
    from zhiyuan.accounts import services

    browser = signed_in(make_user, "anquan_shen", "沈安全", "security_admin")
    owner = make_user("lian_wang", roles=("filing_clerk",), full_name="王立案", court="黔0102")
    token, _raw = services.issue_token(None, owner, "导入", ["case:view"])
    listing = browser.get("/admin/accounts/apitoken/").content.decode()
    assert re.search(rf'translate="no"[^>]*>{re.escape(token.prefix)}<', listing)
    detail = browser.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert matrix().permissions["case:view"]["zh"] in detail
    assert "case:view" not in shown(detail)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_account_page_is_in_one_language(make_user, language: str) -> None:  # type: ignore[no-untyped-def]
    browser = signed_in(make_user, "xitong_jiang", "蒋系统", "system_admin", language)
    clerk = make_user("lian_wang", roles=("filing_clerk",), full_name="王立案", court="黔0102")
    text = shown(browser.get(f"/admin/accounts/user/{clerk.pk}/change/").content.decode())
    for data in ("王立案", "蒋系统", "黔0102", "贵阳市南明区人民法院", "贵州省", "执源"):
        text = text.replace(data, " ")
    if language == "en":
        assert not HAN.search(text), HAN.findall(text)[:20]
    else:
        words = [w for w in LATIN.findall(text) if w not in {"DOCTYPE", "html"}]
        assert not words, words[:20]
