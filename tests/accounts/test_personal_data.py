"""Identity numbers are encrypted at rest, found through a keyed hash, and never shown in full to a
party or the public: a walk over every API GET endpoint and page they can reach."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client

from zhiyuan.accounts.models import User
from zhiyuan.audit.models import AuditEntry
from zhiyuan.privacy.fields import lookup_hash

pytestmark = pytest.mark.django_db
ID = "520102199003070014"
PASSWORD = "Zhiyuan#2026"


def test_identity_number_is_ciphertext_in_the_database(make_user) -> None:
    user = make_user("party1", roles=("party",), id_number=ID)
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, id_number_hash FROM accounts_user WHERE id = %s", [user.pk])
        stored, hashed = cur.fetchone()
    assert ID not in stored
    assert stored.startswith("enc1:")
    assert ID not in hashed
    assert User.objects.get(pk=user.pk).id_number == ID
    found = User.objects.filter(id_number_hash=lookup_hash(User, "id_number", ID.lower()))
    assert list(found) == [user]


def test_the_audit_log_keeps_only_the_masked_number(make_user) -> None:
    make_user("party1", roles=("party",), id_number=ID)
    dumped = " ".join(str(e.after) for e in AuditEntry.objects.all())
    assert ID not in dumped
    assert "520102********0014" in dumped


def _get_endpoints(client: Client) -> list[str]:
    paths = client.get("/api/openapi.json").json()["paths"]
    out = []
    for path, ops in paths.items():
        if "get" in ops and "{" not in path:
            out.append(path)
    return out


def _responses(client: Client) -> dict[str, str]:
    bodies = {}
    for path in _get_endpoints(client):
        query = {"on": "2025-01-01"} if path.endswith("/causes") else {}
        bodies[path] = client.get(path, query).content.decode()
    for page in ("/", "/accounts/me/", "/accounts/login/", "/api/docs"):
        bodies[page] = client.get(page).content.decode()
    return bodies


FULL_ID = re.compile(r"\d{17}[\dXx]")


def test_no_full_identity_number_reaches_a_party_or_the_public(make_user) -> None:
    make_user("party1", roles=("party",), id_number=ID)
    make_user("clerk", roles=("filing_clerk",), court="黔0102", id_number="11010519491231002X")
    public = Client()
    party = Client()
    assert party.post("/accounts/login/", {"username": "party1", "password": PASSWORD}).status_code == 302
    for who, client in (("public", public), ("party", party)):
        for path, body in _responses(client).items():
            assert ID not in body, f"{who} sees the full number at {path}"
            assert "11010519491231002X" not in body, f"{who} sees the full number at {path}"
            assert not FULL_ID.search(body), f"{who} sees an identity-like number at {path}"
