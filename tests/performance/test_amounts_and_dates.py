"""Amounts and dates of titles (issue 11): an amount no column holds never becomes an obligation (the
judge's ruling once crashed on one), a title's total must fit as well, an impossible date on the page is
a message, and a title amount stored before all this no longer breaks the pages."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from tests.performance.conftest import days, payment
from zhiyuan.law.errors import LawError
from zhiyuan.performance.models import Title

pytestmark = pytest.mark.django_db


def test_an_item_above_the_largest_amount_is_not_executable(open_title) -> None:
    with pytest.raises(LawError) as caught:
        open_title([payment("1e20", days(10))])
    assert caught.value.code == "title_not_executable"
    assert [f["code"] for f in caught.value.details["findings"]] == ["amount_out_of_range"]
    assert not Title.objects.exists()


def test_the_total_of_the_items_must_fit_as_well(open_title) -> None:
    with pytest.raises(LawError) as caught:
        open_title([payment("9000000000000.00", days(10)), payment("9000000000000.00", days(20))])
    assert caught.value.code == "amount_out_of_range"
    assert caught.value.details["field"] == "total_amount"
    assert not Title.objects.exists()


def test_an_impossible_payment_date_on_the_page_is_shown(people: dict[str, Any], open_title) -> None:
    title = open_title([payment("1200", days(10))])
    c = Client()
    c.force_login(people["clerk"])
    page = c.post(
        f"/performance/titles/{title.pk}/payments/",
        {"payer_ref": "B", "paid_on": "2025-02-30", "amount": "100"},
    )
    assert page.status_code == 422
    found = re.search(r'id="action-error"><code>([^<]+)</code>\s*([^<]+)</p>', page.content.decode())
    assert found is not None
    assert found.group(1) == "date_invalid"
    assert "2025-02-30" in found.group(2)


def test_a_huge_stored_title_amount_is_cleared(people: dict[str, Any], open_title) -> None:
    title = open_title([payment("1200", days(10))])
    huge = "1e20" if connection.vendor == "sqlite" else "50000000000000.00"
    with connection.cursor() as cursor:
        for model, column in ((Title, "total_amount"), (title.obligations.model, "amount")):
            table = connection.ops.quote_name(model._meta.db_table)
            key = "id" if model is Title else "title_id"
            cursor.execute(f"UPDATE {table} SET {column} = {huge} WHERE {key} = %s", [title.pk])
    migration = importlib.import_module("zhiyuan.performance.migrations.0002_impossible_amounts")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.clear_impossible_amounts(apps, editor)
    c = Client()
    c.force_login(people["clerk"])
    assert c.get("/performance/").status_code == 200
    assert c.get(f"/performance/titles/{title.pk}/").status_code == 200
    title.refresh_from_db()
    assert title.total_amount is None
    assert title.items[0]["amount"] == "1200"  # the title's items keep what was written
