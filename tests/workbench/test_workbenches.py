"""Each role's workbench on real data: what waits for the user, counted and listed, scoped exactly as the
list pages are (a user of another court sees none of it), empty panels saying so, and every link a panel
offers opening for the user who sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from zhiyuan.accounts.matrix import matrix
from zhiyuan.cases import selectors as case_selectors
from zhiyuan.cases.models import Case
from zhiyuan.performance import services as performance
from zhiyuan.performance.models import Notice

from .conftest import ADMINS, IDLE, ROLES, days, signed_in

pytestmark = pytest.mark.django_db


def workbench(user: Any) -> dict[str, dict[str, Any]]:
    """The panels of ``user``'s workbench by key (the page's own context)."""
    response = signed_in(user).get("/")
    assert response.status_code == 200
    return {p["panel"].key: p for p in response.context["panels"]}


def counts(user: Any) -> dict[str, int]:
    return {key: p["count"] for key, p in workbench(user).items()}


def labels(panel: dict[str, Any]) -> list[str]:
    return [row["item"].label for row in panel["items"]]


def test_every_role_lands_on_panels_of_its_own(users: dict[str, Any]) -> None:
    for role in matrix().roles:
        who = users[role]
        response = signed_in(who).get("/")
        assert response.status_code == 200, role
        assert response.context["panels"], f"{role} has an empty workbench"
        assert "no-panels" not in response.content.decode()


def test_the_officer_sees_the_cases_they_handle_and_their_deadline_warnings(users, work) -> None:
    panels = workbench(users["enforcement_officer"])
    assert panels["cases.mine"]["count"] == 1
    assert labels(panels["cases.mine"]) == [work["handled"].case_number]
    running = case_selectors.running_deadlines().filter(case=work["handled"], due__lte=days(7))
    assert panels["cases.warnings"]["count"] == running.count()
    assert panels["cases.mine"]["more"] == "/cases/?mine=1"


def test_the_division_head_and_president_see_approvals_and_cases_without_a_handler(users, work) -> None:
    for role in ("division_head", "court_president"):
        panels = workbench(users[role])
        assert panels["cases.approvals"]["count"] == 1, role
        assert labels(panels["cases.approvals"])[0].startswith(work["handled"].case_number)
        assert panels["cases.approvals"]["items"][0]["item"].note.startswith("enforcement_officer")
        assert set(labels(panels["cases.unassigned"])) == {
            work["unassigned"].case_number,
            work["objection"].case_number,
        }


def test_the_reviewer_sees_the_objections(users, work) -> None:
    panels = workbench(users["enforcement_reviewer"])
    assert labels(panels["cases.reviews"]) == [work["objection"].case_number]
    assert "尚未分案" in panels["cases.reviews"]["items"][0]["item"].note
    assert panels["cases.mine"]["count"] == 0
    assert panels["cases.mine"]["count_text"] == "0 件"


def test_the_clerk_sees_payments_to_confirm_and_obligations_falling_due(users, work) -> None:
    panels = workbench(users["filing_clerk"])
    assert panels["performance.payments"]["count"] == 1
    assert panels["performance.payments"]["items"][0]["item"].label.endswith("¥10,000.00")
    assert panels["performance.due"]["count"] == 1
    assert panels["performance.due"]["items"][0]["item"].due == days(5)
    ending = [m for m in (work["mediating"],) if m.deadline <= days(7)]
    assert panels["mediation.ending"]["count"] == len(ending)
    assert [a["href"] for a in panels["mediation.ending"]["actions"]] == [reverse("mediation:intake")]


def test_mediators_and_partners_see_their_open_mediations(users, work) -> None:
    for role in ("mediator", "partner_user"):
        panels = workbench(users[role])
        assert labels(panels["mediation.open"]) == [work["mediating"].case.case_number], role
        assert panels["mediation.open"]["items"][0]["item"].due == work["mediating"].deadline
        assert panels["mediation.sessions"]["count"] == 1


def test_the_judge_sees_confirmations_and_titles_to_enter(users, work) -> None:
    panels = workbench(users["trial_judge"])
    assert labels(panels["mediation.confirmations"]) == [work["signed"].follow_up.case_number]
    entered = labels(panels["performance.titles"])
    assert work["untitled"].case_number in entered
    assert work["trial"].case_number not in entered  # its title exists
    for number in entered:  # exactly the cases the title entry accepts
        assert performance.kind_for(Case.objects.get(case_number=number)) is not None


def test_the_command_operator_sees_the_district_in_figures(users, work) -> None:
    panel = workbench(users["command_operator"])["command.overview"]
    figures = {row["item"].label: row["item"].state for row in panel["items"]}
    assert figures["尚未分案的执行案件"] == "2 件"
    assert figures["调解中的案件"] == "1 件"
    assert all(row["item"].url == reverse("command:home") for row in panel["items"])


def test_the_party_sees_their_own_cases_obligations_and_documents(users, work) -> None:
    panels = workbench(users["party"])
    assert panels["cases.own"]["count"] == 5  # two trials, two enforcement cases, the objection
    assert panels["performance.obligations"]["count"] == 1
    notices = Notice.objects.filter(title=work["title"]).count()
    assert notices >= 1
    assert panels["performance.documents"]["count"] == notices
    first = panels["performance.documents"]["items"][0]["item"]
    assert first.url.startswith("/performance/verify/")


def test_administrators_see_their_own_areas(users, work) -> None:
    assert set(counts(users["system_admin"])) == {"accounts.system"}
    assert set(counts(users["security_admin"])) == {"accounts.locked", "accounts.roleless", "accounts.tokens"}
    chain = workbench(users["audit_admin"])["audit.chain"]
    assert [row["item"].label for row in chain["items"]] == ["审计日志", "最近检查点", "最近校验"]


def test_a_user_of_another_court_sees_none_of_it(users, work) -> None:
    for role in (*ROLES, "partner_user"):
        other = users[f"{role}@other"]
        panels = workbench(other)
        assert panels, role
        for key, panel in panels.items():
            if key == "command.overview":
                assert all(
                    row["item"].state == "0 件" or row["item"].state == "0 项" for row in panel["items"]
                )
                continue
            assert panel["count"] == 0, f"{role}@other sees {key}"
            assert not panel["items"]


def test_empty_panels_say_so(users) -> None:
    response = signed_in(users["filing_clerk@other"]).get("/")
    page = response.content.decode()
    assert "暂无待办" in page
    assert "0 件" in page
    assert "0 笔" in page


def test_every_link_a_workbench_offers_opens(users, work) -> None:
    for role in (*ROLES, *IDLE, "partner_user", "party", *ADMINS):
        client = signed_in(users[role])
        response = client.get("/")
        links = {
            *(row["item"].url for p in response.context["panels"] for row in p["items"] if row["item"].url),
            *(p["more"] for p in response.context["panels"] if p["more"]),
            *(a["href"] for p in response.context["panels"] for a in p["actions"]),
        }
        assert links, role
        for url in links:
            opened = client.get(url.split("#")[0])
            assert opened.status_code == 200, f"{role}: {url} → {opened.status_code}"


def test_the_workbench_speaks_english_too(users, work) -> None:
    client = signed_in(users["enforcement_officer"])
    client.cookies["django_language"] = "en"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cases I handle" in page
    assert "1 case" in page


def test_dates_on_the_workbench_read_as_due_dates(users, work) -> None:
    panels = workbench(users["filing_clerk"])
    row = panels["performance.due"]["items"][0]
    assert row["due_text"] == "还剩 5 天"
    assert row["due_tone"] == ""
    assert isinstance(row["item"].due, dt.date)
