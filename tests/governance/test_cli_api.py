"""``zhiyuan indicators`` (JSON, table, Markdown, bad input → exit 2) and ``GET /api/indicators``
(permission, scope with an audited denial, default court); docs/indicators.md is current."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.governance.conftest import csv_bytes
from tests.governance.test_definitions import ENFORCEMENT
from zhiyuan.accounts import services as accounts
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.importing import import_file
from zhiyuan.governance.markdown import indicators_markdown

pytestmark = pytest.mark.django_db
YEAR = ["--from", "2025-01-01", "--to", "2025-12-31"]


@pytest.fixture
def cases(reference_data: None) -> None:
    assert not import_file(io.BytesIO(csv_bytes(ENFORCEMENT)), filename="cases.csv").errors


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_shape(cases: None) -> None:
    data = json.loads(run("--json", "--court", "黔01", "--subtree", *YEAR))
    assert data["scope"] == {"court": "黔01", "name": data["scope"]["name"], "subtree": True, "courts": 11}
    assert "贵阳" in data["scope"]["name"]
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert data["indicators"]["closed"] == 4  # 黔0102's three and 黔0103's one
    assert set(data["campaigns"]) >= {"migrant_wages", "small_claims"}
    assert set(data["campaigns"]["migrant_wages"]) == {"cases_closed", "amount_recovered"}


def test_table_names_indicators_in_both_languages(cases: None) -> None:
    text = run("--court", "黔0102", *YEAR)
    for fragment in ("执行完毕率", "Full performance rate", "0.3333", "650.00", "农民工工资", "Small claims"):
        assert fragment in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--court", "黔99", *YEAR], "Unknown court code"),
        (["--court", "黔0102", "--from", "2025-13-01", "--to", "2025-12-31"], "invalid --from date"),
        (["--court", "黔0102", "--from", "2025-02-01", "--to", "2025-01-31"], "starts (2025-02-01) after"),
        (["--court", "黔0102", "--to", "2025-01-31"], "--from is required"),
        (YEAR, "--court is required"),
    ],
)
def test_bad_input_is_a_bilingual_error_with_exit_status_2(
    reference_data: None, args: list[str], fragment: str
) -> None:
    with pytest.raises(CommandError) as err:
        run("--json", *args)
    assert err.value.returncode == 2
    assert fragment in str(err.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))  # and the Chinese message


def test_docs_indicators_md_is_current() -> None:
    path = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"
    assert path.read_text(encoding="utf-8") == indicators_markdown(), (
        "docs/indicators.md is stale: run `make docs`"
    )


# ------------------------------------------------------------------------------------------------ API
def headers(user: object, scopes: tuple[str, ...] = ("governance:view",)) -> dict[str, str]:
    _, raw = accounts.issue_token(None, user, "t", list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_api_defaults_to_the_users_court_and_equals_the_cli(client: Client, make_user, cases: None) -> None:
    operator = make_user("op", roles=("command_operator",), court="黔0102")
    r = client.get("/api/indicators?from=2025-01-01&to=2025-12-31", **headers(operator))
    assert r.status_code == 200, r.content
    assert r.json() == json.loads(run("--json", "--court", "黔0102", *YEAR))
    mid = make_user("mid", roles=("command_operator",), court="黔01")
    r = client.get("/api/indicators?court=黔01&subtree=true&from=2025-01-01&to=2025-12-31", **headers(mid))
    assert r.status_code == 200
    assert r.json()["indicators"]["closed"] == 4


def test_api_refuses_a_court_outside_the_scope_and_audits_it(client: Client, make_user, cases: None) -> None:
    operator = make_user("op", roles=("command_operator",), court="黔0102")
    for court in ("黔0103", "黔01"):
        r = client.get(f"/api/indicators?court={court}&from=2025-01-01&to=2025-12-31", **headers(operator))
        assert r.status_code == 403
        assert r.json()["code"] == "court_out_of_scope"
        assert r["Content-Type"].startswith("application/problem+json") or r.json()["message_zh"]
    denied = AuditEntry.objects.filter(action="auth.denied").order_by("-pk").first()
    assert denied is not None
    assert "court_out_of_scope" in json.dumps(denied.after, ensure_ascii=False)


def test_api_needs_the_permission(client: Client, make_user, cases: None) -> None:
    clerk = make_user("clerk", roles=("filing_clerk",), court="黔0102")
    r = client.get("/api/indicators?from=2025-01-01&to=2025-12-31", **headers(clerk, ("case:view",)))
    assert r.status_code == 403
    assert client.get("/api/indicators").status_code == 401


def test_api_bad_input(client: Client, make_user, cases: None) -> None:
    high = make_user("high", roles=("command_operator",), court="黔")
    r = client.get("/api/indicators?court=黔99&from=2025-01-01&to=2025-12-31", **headers(high))
    assert r.status_code == 422
    assert r.json()["code"] == "unknown_court"
    r = client.get("/api/indicators?court=黔0102&from=2025-02-01&to=2025-01-01", **headers(high))
    assert r.status_code == 422
    assert r.json()["code"] == "period_invalid"
