"""Amounts stored before every boundary checked them (issue 11): ``1e20`` reached the database, and on
SQLite (15 significant digits) such a row cannot be read back — every list showing it answered 500, for
everyone whose scope includes the court. The data migration ``cases 0005_impossible_amounts`` takes such
amounts out and keeps them in the case's log. PostgreSQL's NUMERIC(16, 2) never took 1e20; there a value
above MAX_AMOUNT (stored exactly, but refused by every boundary now) is cleared the same way."""

from __future__ import annotations

import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from tests.mediation.conftest import delegate_one, orgs, staff  # noqa: F401 (fixtures)
from zhiyuan.cases.models import Case, NodeLog

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def run_migration() -> None:
    migration = importlib.import_module("zhiyuan.cases.migrations.0005_impossible_amounts")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.clear_impossible_amounts(apps, editor)


def test_a_huge_stored_amount_no_longer_breaks_the_lists(staff: dict[str, Any], orgs: dict[str, Any]) -> None:  # noqa: F811
    mediation = delegate_one(staff["clerk"], orgs)
    huge = "1e20" if connection.vendor == "sqlite" else "50000000000000.00"
    table = connection.ops.quote_name(Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET claim_amount = {huge} WHERE id = %s", [mediation.case_id])
    if connection.vendor == "sqlite":  # the fault being repaired
        broken = Client(raise_request_exception=False)
        broken.force_login(staff["clerk"])
        assert broken.get("/mediation/").status_code == 500
    run_migration()
    assert signed_in(staff["clerk"]).get("/mediation/").status_code == 200
    assert signed_in(staff["clerk"]).get("/cases/").status_code == 200
    case = Case.objects.get(pk=mediation.case_id)
    assert case.claim_amount is None
    assert "amount_cleared" in case.flags
    node = NodeLog.objects.get(case=case, node="correction")
    assert node.payload["field"] == "claim_amount"
    assert Decimal(node.payload["from"]) == Decimal(huge)
    assert node.payload["to"] is None
    assert signed_in(staff["clerk"]).get(f"/cases/{case.case_number}/").status_code == 200
    run_migration()  # idempotent: nothing left to clear
    assert NodeLog.objects.filter(case=case, node="correction").count() == 1
