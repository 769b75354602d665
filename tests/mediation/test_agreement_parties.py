"""Personal data in agreements (issue 11): an agreement refers to its parties' records, where the identity
number is encrypted with its blind index, and never stores the number itself; the check, the title, the
pages and the partner API read the numbers from the records. Rows stored before are migrated; no other
JSON or text column the workflow writes keeps a number in clear."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client

from zhiyuan.accounts import services as accounts
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.services import PartyIn
from zhiyuan.mediation import agreements
from zhiyuan.mediation.models import Agreement, Mediation
from zhiyuan.parties.models import Party
from zhiyuan.parties.selectors import identity_hash
from zhiyuan.performance.models import Title

from .conftest import APPLICANT, PAYMENT, RESPONDENT, delegate_one
from .test_partner_api import BASE, bearer

pytestmark = pytest.mark.django_db
PASSPORT = ("John Smith", "E12345678")  # a passport number: no shape that free-text masking recognises
MIGRATION = "0003_agreement_party_references"
#: every JSON or text column the mediation workflow writes (cast to text on both databases)
COLUMNS = {
    "mediation_agreement": ("parties", "items", "findings"),
    "mediation_submission": ("response",),
    "mediation_mediation": ("suggestion", "description", "outcome_note"),
    "mediation_extension": ("consents",),
    "mediation_session": ("attendance", "notes"),
    "cases_nodelog": ("payload",),
    "audit_auditentry": ("before", "after"),
    "performance_title": ("parties", "items"),
}


def stored_text() -> str:
    """Everything those columns hold, as the database stores it."""
    out = []
    with connection.cursor() as cursor:
        for table, columns in COLUMNS.items():
            for column in columns:
                cursor.execute(f"SELECT CAST({column} AS TEXT) FROM {table}")
                out += [row[0] or "" for row in cursor.fetchall()]
    return "\n".join(out)


def test_an_agreement_refers_to_party_records_and_stores_no_identity_number(
    mediation: Mediation, staff: dict[str, Any]
) -> None:
    saved = agreements.save_agreement(staff["partner"], mediation, items=[PAYMENT])
    assert saved.executable
    by_ref = {p["ref"]: p for p in Agreement.objects.get(pk=saved.pk).parties}
    records = {cp.party.name: cp.party_id for cp in mediation.case.parties.all()}
    assert {ref: (p["name"], p["party_id"], p["role"]) for ref, p in by_ref.items()} == {
        "A1": (APPLICANT[0], records[APPLICANT[0]], "creditor"),
        "R1": (RESPONDENT[0], records[RESPONDENT[0]], "debtor"),
    }
    assert all("id_number" not in p for p in by_ref.values())
    raw = stored_text()
    assert APPLICANT[1] not in raw
    assert RESPONDENT[1] not in raw
    # the numbers come back from the party records for the check at signing and for the title
    assert [p["id_number"] for p in agreements.with_identities(saved.parties)] == [
        APPLICANT[1],
        RESPONDENT[1],
    ]
    agreements.succeed(staff["partner"], mediation, on=dt.date(2025, 9, 20))
    agreements.request_confirmation(
        staff["partner"], mediation, route="confirmation", on=dt.date(2025, 9, 22)
    )
    agreements.accept_confirmation(staff["judge"], mediation, on=dt.date(2025, 9, 23))
    ruled = agreements.rule_on_confirmation(staff["judge"], mediation, on=dt.date(2025, 9, 26), granted=True)
    title = Title.objects.get(case=ruled)
    assert {p["ref"]: p["party_id"] for p in title.parties} == {
        "A1": records[APPLICANT[0]],
        "R1": records[RESPONDENT[0]],
    }
    assert Party.objects.count() == 2  # the title found the same records; no copy was made
    raw = stored_text()
    assert APPLICANT[1] not in raw
    assert RESPONDENT[1] not in raw
    # the page shows the numbers masked, read from the records
    c = Client()
    c.force_login(staff["clerk"])
    page = c.get(f"/mediation/{mediation.pk}/").content.decode()
    assert RESPONDENT[1] not in page
    assert "520102********0014" in page


def test_a_passport_holder_goes_through_the_partner_api_without_a_number_in_clear(
    staff: dict[str, Any], orgs: dict[str, Any]
) -> None:
    c = Client()
    h = bearer(staff["partner"])
    body = {
        "applicants": [{"name": APPLICANT[0], "id_number": APPLICANT[1]}],
        "respondents": [{"name": PASSPORT[0], "id_type": "passport", "id_number": PASSPORT[1]}],
        "description": "张三借给John Smith三万元，到期未还。",
        "focus_type": "private_lending",
        "claim_amount": "30000.00",
        "on": "2025-09-01",
    }
    made = c.post(BASE, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1", **h)
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    r = c.post(f"{BASE}/{pk}/agreement", {"items": [PAYMENT]}, content_type="application/json", **h)
    assert r.json()["executable"] is True, r.content
    r = c.post(
        f"{BASE}/{pk}/outcome",
        {"outcome": "succeeded", "on": "2025-09-20"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200, r.content
    listed = c.get(BASE, **h).json()["items"][0]
    assert {p["ref"]: p["id_type"] for p in listed["parties"]} == {"A1": "resident_id", "R1": "passport"}
    assert PASSPORT[1] not in str(listed)
    raw = stored_text()
    assert PASSPORT[1] not in raw
    assert APPLICANT[1] not in raw


def test_an_identity_number_in_an_audit_record_is_masked_whatever_its_shape(make_user: Any) -> None:
    accounts.create_user(
        None, username="smith", password="Zhiyuan#2026", id_number=PASSPORT[1], id_type="passport"
    )
    entry = AuditEntry.objects.get(action="accounts.user.create", object_id=str(_user_pk("smith")))
    assert entry.after["id_number"] == "*" * len(PASSPORT[1])
    assert PASSPORT[1] not in stored_text()


def _user_pk(username: str) -> int:
    from zhiyuan.accounts.models import User

    return int(User.objects.get(username=username).pk)


def _migration() -> Any:
    return importlib.import_module(f"zhiyuan.mediation.migrations.{MIGRATION}")


def _historical_apps() -> Any:
    """The models as the migration sees them (the state its dependencies leave)."""
    return MigrationLoader(connection).project_state(("mediation", MIGRATION), at_end=False).apps


def test_the_migration_moves_stored_numbers_into_the_parties_table(
    staff: dict[str, Any], orgs: dict[str, Any]
) -> None:
    m = delegate_one(staff["clerk"], orgs, respondents=[PartyIn(RESPONDENT[0], "defendant", RESPONDENT[1])])
    records = {cp.party.name: cp.party for cp in m.case.parties.all()}
    applicant, respondent = records[APPLICANT[0]], records[RESPONDENT[0]]
    orphan = Party.objects.create(kind="natural_person", name="甲", id_number="110105194912310029")
    legacy = [
        # as saved before: the number beside its record's id
        {"ref": "A1", "name": APPLICANT[0], "id_number": APPLICANT[1], "role": "creditor",
         "party_id": applicant.pk, "side": "plaintiff"},
        # a draft saved before id_type: the record's own number
        {"ref": "R1", "name": RESPONDENT[0], "id_number": RESPONDENT[1], "role": "debtor",
         "party_id": respondent.pk, "side": "defendant"},
        # a number whose record is not the one referred to: it goes to the record holding it
        {"ref": "T1", "name": "甲", "id_number": "110105194912310029", "id_type": "resident_id",
         "role": "other", "party_id": respondent.pk, "side": "third_party"},
        # a number no record holds yet: a new record, encrypted
        {"ref": "T2", "name": PASSPORT[0], "id_number": PASSPORT[1], "id_type": "passport", "role": "other"},
        # no number at all
        {"ref": "T3", "name": "乙", "id_number": "", "role": "other"},
    ]  # fmt: skip
    agreement = Agreement.objects.create(mediation=m, parties=legacy, items=[PAYMENT])
    assert PASSPORT[1] in stored_text()  # what the old code left behind
    _migration().to_references(_historical_apps(), None)
    parties = {p["ref"]: p for p in Agreement.objects.get(pk=agreement.pk).parties}
    assert all("id_number" not in p for p in parties.values())
    new = Party.objects.get(name=PASSPORT[0])
    assert (new.id_number, new.id_type, new.kind) == (PASSPORT[1], "passport", "natural_person")
    assert new.id_number_hash == identity_hash(PASSPORT[1])
    assert {ref: p.get("party_id") for ref, p in parties.items()} == {
        "A1": applicant.pk,
        "R1": respondent.pk,
        "T1": orphan.pk,
        "T2": new.pk,
        "T3": None,
    }
    raw = stored_text()
    assert all(n not in raw for n in (APPLICANT[1], RESPONDENT[1], PASSPORT[1], "110105194912310029"))
    # the migrated agreement is checked with the numbers of its records
    checked = agreements.with_identities(list(parties.values()))
    assert [p["id_number"] for p in checked] == [
        APPLICANT[1],
        RESPONDENT[1],
        "110105194912310029",
        PASSPORT[1],
        "",
    ]
    # once more changes nothing; reversing writes the numbers back from the records
    _migration().to_references(_historical_apps(), None)
    assert Agreement.objects.get(pk=agreement.pk).parties == list(parties.values())
    assert Party.objects.filter(name=PASSPORT[0]).count() == 1
    _migration().to_numbers(_historical_apps(), None)
    back = {p["ref"]: p["id_number"] for p in Agreement.objects.get(pk=agreement.pk).parties}
    assert back == {"A1": APPLICANT[1], "R1": RESPONDENT[1], "T1": "110105194912310029",
                     "T2": PASSPORT[1], "T3": ""}  # fmt: skip
