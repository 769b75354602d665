"""The frame: the registry (panels by role, menu entries by permission, declarations checked), a menu entry
never leads a user who sees it to a refusal, the case list's 承办人 column and 'my cases' filter, and the
platform's own error pages (403/404/500 with a way back to the workbench; problem+json under /api/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory, override_settings

from zhiyuan import errors
from zhiyuan.accounts.matrix import matrix
from zhiyuan.frame import WORKBENCH
from zhiyuan.workbench.registry import (
    Item,
    Listing,
    MenuEntry,
    Panel,
    menu,
    menu_for,
    panels,
    panels_for,
    register,
)

from .conftest import signed_in


def _nothing(user: Any) -> Listing:
    return Listing((), 0)


def test_every_role_of_the_matrix_has_a_panel() -> None:
    for role in matrix().roles:
        assert panels_for({role}), f"no workbench panel for {role}"


def test_panels_are_shown_by_role_and_in_order() -> None:
    officer = [p.key for p in panels_for({"enforcement_officer"})]
    assert officer[:2] == ["cases.mine", "cases.warnings"]
    assert "cases.approvals" not in officer
    both = panels_for({"division_head", "court_president"})
    assert len({p.key for p in both}) == len(both)  # a panel both roles see is shown once
    assert panels_for(set()) == []
    assert all(p.roles <= set(matrix().roles) for p in panels()), "a panel names an unknown role"


def test_menu_entries_follow_permissions() -> None:
    clerk = {e.key for e in menu_for(matrix().permissions_of({"filing_clerk"}))}
    assert {"cases", "mediation", "performance"} <= clerk
    assert "command" not in clerk
    assert {e.key for e in menu_for(matrix().permissions_of({"party"}))} == {"cases"}
    assert {e.key for e in menu_for(matrix().permissions_of({"audit_admin"}))} == {"admin"}
    assert all(p in matrix().permissions for e in menu() for p in e.permissions), "unknown permission"


def test_declarations_are_checked() -> None:
    with pytest.raises(ValueError, match=r"app\.name"):
        Panel("Bad Key", "x", "x", roles=frozenset({"party"}), items=_nothing)
    with pytest.raises(ValueError, match="names no role"):
        Panel("test.none", "x", "x", roles=frozenset(), items=_nothing)
    with pytest.raises(ValueError, match="tone"):
        Item("x", tone="red")
    with pytest.raises(ValueError, match="already declared"):
        register(Panel("cases.mine", "x", "x", roles=frozenset({"party"}), items=_nothing))


def test_counts_read_in_the_panels_unit() -> None:
    panel = Panel("test.unit", "测试", "Test", roles=frozenset({"party"}), items=_nothing, unit_en="case")
    assert panel.counted(0) == "0 件"
    assert MenuEntry("test.entry", "测试", "Test", "/x/").open_to(frozenset())


@pytest.mark.django_db
def test_no_menu_entry_leads_to_a_refusal(users: dict[str, Any]) -> None:
    for role in matrix().roles:
        user = users[role]
        client = signed_in(user)
        response = client.get("/")
        entries = response.context["frame"]["menu"]
        assert entries[0]["href"] == WORKBENCH.href
        for entry in entries:
            assert client.get(entry["href"]).status_code == 200, f"{role}: {entry['href']}"


@pytest.mark.django_db
def test_the_case_list_shows_the_handler_and_filters_my_cases(
    users: dict[str, Any], work: dict[str, Any]
) -> None:
    officer = signed_in(users["enforcement_officer"])
    page = officer.get("/cases/?mine=1")
    numbers = [row["case"].case_number for row in page.context["rows"]]
    assert numbers == [work["handled"].case_number]
    assert page.context["rows"][0]["handler"] == "enforcement_officer"
    everything = officer.get("/cases/").content.decode()
    assert "尚未分案" in everything  # the cases without a handler say so
    head = signed_in(users["division_head"])
    unassigned = {r["case"].case_number for r in head.get("/cases/?unassigned=1").context["rows"]}
    assert unassigned == {work["unassigned"].case_number, work["objection"].case_number}
    waiting = [r["case"].case_number for r in head.get("/cases/?approvals=1").context["rows"]]
    assert waiting == [work["handled"].case_number]
    detail = officer.get(f"/cases/{work['handled'].case_number}/").content.decode()
    assert 'id="case-handler">enforcement_officer' in detail


@pytest.mark.django_db
def test_a_party_has_no_my_cases_filter(users: dict[str, Any], work: dict[str, Any]) -> None:
    page = signed_in(users["party"]).get("/cases/?mine=1")
    assert page.status_code == 200
    assert "mine" not in page.context["form"].fields
    assert len(page.context["rows"]) == 5


@pytest.mark.django_db
def test_the_platforms_error_pages_lead_back_to_the_workbench(users: dict[str, Any]) -> None:
    client = signed_in(users["party"])
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    forbidden = client.get("/command/")
    assert forbidden.status_code == 403
    for response in (missing, forbidden):
        page = response.content.decode()
        assert 'id="back-to-workbench"' in page
        assert "返回工作台" in page
        assert "Traceback" not in page
        assert "Django" not in page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_server_error_is_the_platforms_page(users: dict[str, Any]) -> None:
    request = RequestFactory().get("/cases/")
    request.user = users["party"]
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = errors.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统内部错误" in page
    assert 'href="/"' in page
    assert "boom" not in page
    assert "Traceback" not in page


@pytest.mark.django_db
def test_api_errors_stay_problem_json(users: dict[str, Any]) -> None:
    response = signed_in(users["party"]).get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 404
