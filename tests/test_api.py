"""The REST API: OpenAPI document, law rules over HTTP with problem+json errors, reference data."""

from __future__ import annotations

import pytest
from django.test import Client

from zhiyuan.courts.services import load_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    load_reference_data()


def test_openapi_document_lists_the_endpoints(client: Client) -> None:
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/law/{rule}", "/api/courts", "/api/causes"} <= set(doc["paths"])


def test_api_docs_page_renders_without_a_cdn(client: Client) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert "cdn." not in r.content.decode(), "court networks are closed: assets must be served locally"


def test_law_rule_over_http(client: Client, loaded: None) -> None:
    r = client.post("/api/law/casenum", {"text": "（2019）黔0102执47号"}, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["court_name"] == "贵州省贵阳市南明区人民法院"


def test_law_error_is_problem_json(client: Client) -> None:
    r = client.post("/api/law/fee", {"kind": "acceptance", "amount": "-5"}, content_type="application/json")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "amount_out_of_range"
    assert body["message_zh"]
    assert body["message_en"]
    assert body["type"] == "urn:zhiyuan:error:amount_out_of_range"


def test_unknown_rule_is_404(client: Client) -> None:
    r = client.post("/api/law/nothing", {}, content_type="application/json")
    assert r.status_code == 404
    assert r.json()["code"] == "unknown_rule"


def test_courts_endpoint_filters_by_parent(client: Client, loaded: None) -> None:
    courts = client.get("/api/courts", {"parent": "黔02"}).json()
    assert {c["code"] for c in courts} == {"黔0201", "黔0203", "黔0221", "黔0222"}
    assert next(c for c in courts if c["code"] == "黔0221")["aliases"] == ["黔0204"]


def test_causes_endpoint(client: Client, loaded: None) -> None:
    body = client.get("/api/causes", {"query": "信用卡", "on": "2024-05-01"}).json()
    assert body["matches"][0]["name"] == "信用卡纠纷"
    assert body["edition"]["id"] == "2020"


def test_home_page_in_both_languages(client: Client, loaded: None) -> None:
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()  # the browser's wish is not enough
    assert "执源治理" in zh
    assert "基层人民法院" in zh
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    en = client.get("/").content.decode()
    assert "Source governance" in en
    assert "Basic courts" in en
    assert "v0." in en  # the version in the footer


def test_case_types_show_the_enforcement_split(client: Client, loaded: None) -> None:
    rows = client.get("/api/case-types", {"type_class": "enforcement"}).json()
    kinds = {r["type_code"]: r["enforcement_kind"] for r in rows}
    assert kinds == {
        "执": "action",
        "执恢": "action",
        "执保": "action",
        "执异": "review",
        "执复": "review",
        "执监": "review",
        "执协": "review",
        "执他": "review",
    }


# --- every API error is the documented problem body; no credentials is 401, never a CSRF 403 -----------------
PROBLEM_KEYS = {"type", "title", "status", "code", "message_zh", "message_en"}


def assert_problem(response, status: int, code: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code == status, response.content
    body = response.json()
    assert PROBLEM_KEYS <= set(body) <= PROBLEM_KEYS | {"details"}, body
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:zhiyuan:error:{code}"
    assert body["message_zh"]
    assert body["message_en"]
    return body  # type: ignore[no-any-return]


def _token(make_user, roles: tuple[str, ...], scopes: list[str], **where: str) -> str:  # type: ignore[no-untyped-def]
    from zhiyuan.accounts import services

    user = make_user("u_" + roles[0], roles=roles, **where)
    return services.issue_token(None, user, "t", scopes)[1]


@pytest.mark.parametrize(
    "path",
    ["/api/accounts/tokens", "/api/accounts/users", "/api/mediation/partner/disputes", "/api/cases"],
)
def test_a_post_without_credentials_is_401_not_a_csrf_refusal(path: str) -> None:
    browser = Client(enforce_csrf_checks=True)  # as a real client: no test-client CSRF exemption
    r = browser.post(path, {}, content_type="application/json")
    assert_problem(r, 401, "not_authenticated")
    assert r["WWW-Authenticate"].startswith("Bearer")


def test_a_get_without_credentials_is_401_problem(client: Client) -> None:
    assert_problem(client.get("/api/accounts/me"), 401, "not_authenticated")
    bad = client.get("/api/accounts/me", HTTP_AUTHORIZATION="Bearer zy_nonsense")
    assert_problem(bad, 401, "not_authenticated")


def test_a_page_session_without_its_csrf_token_is_refused(make_user) -> None:
    make_user("sec1", roles=("security_admin",))
    browser = Client(enforce_csrf_checks=True)
    from zhiyuan.accounts.models import User

    user = User.objects.get(username="sec1")
    browser.force_login(user)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = browser.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    r = browser.post("/api/accounts/users/nobody/unlock", {}, content_type="application/json")
    assert_problem(r, 403, "csrf_failed")
    browser.get("/accounts/me/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    r = browser.post(
        "/api/accounts/users/nobody/unlock", {}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert_problem(r, 404, "not_found")


def test_validation_errors_are_problems_with_their_locations(client: Client, make_user) -> None:
    r = client.post("/api/law/fee", ["not", "an", "object"], content_type="application/json")
    body = assert_problem(r, 422, "invalid_input")
    assert body["details"]["errors"][0]["loc"][0] == "body"
    assert {"loc", "msg", "type"} <= set(body["details"]["errors"][0])
    raw = _token(make_user, ("filing_clerk",), ["case:view"], court="黔0102")
    r = client.get("/api/mediation/partner/disputes/abc", HTTP_AUTHORIZATION=f"Bearer {raw}")
    body = assert_problem(r, 422, "invalid_input")  # the partner API too (django-ninja said {"detail": ...})
    assert body["details"]["errors"][0]["loc"] == ["path", "pk"]


def test_malformed_json_is_a_400_problem(client: Client) -> None:
    r = client.post("/api/law/fee", "{not json", content_type="application/json")
    assert_problem(r, 400, "bad_request")


def test_an_unknown_object_is_a_404_problem(client: Client, make_user) -> None:
    raw = _token(make_user, ("security_admin",), ["security:accounts"])
    r = client.post("/api/accounts/users/nobody/unlock", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_problem(r, 404, "not_found")


def test_an_unexpected_error_is_a_500_problem_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from zhiyuan import api

    def broken() -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api.selectors, "reference", broken)
    r = Client(raise_request_exception=False).get("/api/law")
    assert_problem(r, 500, "internal_error")
    assert "secret internals" not in r.content.decode()
    with pytest.raises(RuntimeError):  # tests still see the real error
        Client().get("/api/law")


PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("post", "/api/law/fee", 422, "amount_out_of_range"),  # a rule's own error
        ("post", "/api/law/nothing", 404, "unknown_rule"),
        ("get", "/api/no/such/endpoint", 404, "not_found"),  # the URL resolver's 404
        ("get", "/api/cases", 401, "not_authenticated"),
        ("get", "/api/courts?parent=%00", 400, "text_control_character"),  # refused before any view
        ("delete", "/api/courts", 405, "method_not_allowed"),  # the router's 405 was text/html
        ("put", "/api/law/fee", 405, "method_not_allowed"),
    ],
)
def test_every_api_error_is_served_as_problem_json(
    client: Client, method: str, path: str, status: int, code: str
) -> None:
    """RFC 9457: whoever answers an error under /api/, it leaves as application/problem+json with its code."""
    if method == "get":
        r = client.get(path)
    else:
        r = getattr(client, method)(
            path, {"kind": "acceptance", "amount": "-5"}, content_type="application/json"
        )
    assert r.status_code == status
    assert r["Content-Type"] == PROBLEM
    body = r.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["message_zh"]
    assert body["message_en"]
    if status == 405:
        assert r["Allow"]  # what the client may use instead
    if status == 401:
        assert r["WWW-Authenticate"].startswith("Bearer")


def test_successful_answers_and_pages_keep_their_types(client: Client, loaded: None) -> None:
    assert client.get("/api/courts").headers["Content-Type"].startswith("application/json")
    r = client.get("/no/such/page/")
    assert r.status_code == 404
    assert r["Content-Type"].startswith("text/html")
