"""People (人) on the command center: per-person figures computed from cases, assignments, tasks and
closings made here, the load of each court, scoping (a basic court sees its own people, the high court
everyone), the drill-down to a person, the XLSX workbook and both languages."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from zhiyuan.affairs.models import Task
from zhiyuan.cases.selectors import overdue_deadlines
from zhiyuan.command import people
from zhiyuan.courts.models import Court

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, r.content.decode()[:1500]
    return r.content.decode()


def person_rows(html: str) -> dict[str, dict[str, int]]:
    """Person id → figures of the people table."""
    table = html.split('id="people"', 1)[1].split("</table>", 1)[0]
    out = {}
    for pid, body in re.findall(r'<tr data-person="(\d+)">(.*?)</tr>', table, re.S):
        out[pid] = {k: int(v) for k, v in re.findall(r'data-k="(\w+)">(\d+)<', body)}
    return out


def court_rows(html: str) -> dict[str, dict[str, str]]:
    table = html.split('id="court-load"', 1)[1].split("</table>", 1)[0]
    return {
        code: dict(re.findall(r'data-k="(\w+)">([^<]*)<', body))
        for code, body in re.findall(r'<tr data-court="([^"]+)">(.*?)</tr>', table, re.S)
    }


def test_figures_per_person(staffed: dict[str, Any]) -> None:
    today = timezone.localdate()
    court = Court.objects.get(code="黔0102")
    board = people.board(court, today)
    found = {p.username: p for p in board.people}
    a, b, s = found["cmd_a"], found["cmd_b"], found["cmd_s"]
    assert a.handled_cases == 1  # the closed ones are not open
    late = overdue_deadlines(today).filter(case__case_number__contains="黔0102执").exists()
    assert late, "the fixture's pending case runs an overdue time limit"
    assert a.overdue_cases == 1
    assert a.closed == 2  # the closing 13 months ago is outside the twelve months
    assert a.closings[f"{today:%Y-%m}"] == 1
    assert (b.handled_cases, b.overdue, b.closed) == (0, 0, 0)
    assert (s.claimed_tasks, s.overdue_tasks, s.overdue) == (2, 1, 1)
    assert "cmd_z" not in found  # 黔0302's officer is not 黔0102's
    assert "cmd_basic" not in found  # a division head is not counted among the officers
    total = board.total
    assert total.officers == 3  # cmd_officer, A, B
    assert (total.reviewers, total.affairs_staff) == (1, 1)
    # the queue holds the task left unclaimed here and those the filings spawned, counted by hand
    waiting = Task.objects.filter(court=court, status="open")
    assert total.queue_tasks == waiting.count() >= 1
    late_waiting = waiting.filter(due__lt=today).exclude(case__closed_on__isnull=False).count()
    assert late_waiting >= 1
    assert total.overdue == a.overdue + s.overdue + late_waiting
    assert total.open_cases == 2  # the imported open 执 and the pending one filed through the services
    assert total.load == round(2 / 3, 1)


def test_the_high_court_compares_the_load_of_its_courts(client: Client, users, staffed) -> None:
    client.force_login(users["high"])
    html = get(client, f"/command/courts/{quote('黔')}/people/")
    rows = court_rows(html)
    assert {"黔01", "黔03"} <= set(rows)
    assert "黔0102" not in rows  # only the courts directly below; the rest rolls up into them
    assert rows["黔01"]["officers"] == "3"
    assert rows["黔03"]["officers"] == "1"
    assert rows["黔03"]["handled_cases"] == "1"
    # the intermediate court drills down to its basic courts, then to the people
    html = get(client, f"/command/courts/{quote('黔01')}/people/")
    assert {"黔0102", "黔0103"} <= set(court_rows(html))
    assert court_rows(html)["黔0102"]["officers"] == "3"
    html = get(client, f"/command/courts/{quote('黔0102')}/people/")
    rows_p = person_rows(html)
    a = staffed["a"]
    assert rows_p[str(a.pk)] == {
        "handled_cases": 1,
        "claimed_tasks": 0,
        "overdue": 1,
        "closed": 2,
        "this_month": 1,
    }
    assert 'id="court-load"' not in html  # a basic court has no courts below it


def test_a_basic_court_sees_only_its_own_people(client: Client, users, staffed) -> None:
    client.force_login(users["basic"])
    html = get(client, f"/command/courts/{quote('黔0102')}/people/")
    assert str(staffed["a"].pk) in person_rows(html)
    assert "赵官" not in html
    get(client, f"/command/courts/{quote('黔0302')}/people/", 403)
    get(client, f"/command/people/{staffed['z'].pk}/", 404)
    get(client, f"/command/people/{staffed['a'].pk}/")


def test_a_person_drills_down_to_cases_and_tasks(client: Client, users, staffed, province) -> None:
    client.force_login(users["high"])
    html = get(client, f"/command/people/{staffed['a'].pk}/")
    cases = html.split('id="person-cases"', 1)[1].split("</table>", 1)[0]
    assert province["guiyang_pending"].case_number in cases
    assert "执801号" not in cases  # closed
    assert 'data-late="true"' in cases
    html = get(client, f"/command/people/{staffed['s'].pk}/")
    tasks = html.split('id="person-tasks"', 1)[1].split("</table>", 1)[0]
    assert tasks.count("task-link") == 2
    assert tasks.count('data-late="true"') == 1
    case_link = re.search(r'href="([^"]+)" class="case-link"', cases)
    assert case_link is not None
    assert client.get(case_link.group(1)).status_code == 200


def test_the_workbook_has_the_page_numbers(client: Client, users, staffed) -> None:
    client.force_login(users["mid"])
    r = client.get(f"/command/courts/{quote('黔01')}/people/?format=xlsx")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    courts, persons = book.worksheets
    rows = {row[0]: row for row in courts.iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in courts[1]]
    assert rows["黔01"][header.index("执行实施人员")] == 3
    assert {"黔01", "黔0102", "黔0103"} <= set(rows)
    assert "黔03" not in rows
    head = [c.value for c in persons[1]]
    by_name = {row[2]: row for row in persons.iter_rows(min_row=2, values_only=True)}
    assert "赵官" not in by_name  # outside 黔01
    a = by_name["安官"]
    assert a[head.index("在办案件")] == 1
    assert a[head.index("近12个月结案")] == 2
    assert a[head.index(f"{timezone.localdate():%Y-%m}")] == 1


def test_people_pages_in_english(client: Client, users, staffed) -> None:
    client.force_login(users["high"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/command/"})
    html = get(client, f"/command/courts/{quote('黔')}/people/")
    assert "Open cases per officer" in html
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]
    assert "人均" not in main
    html = get(client, f"/command/people/{staffed['a'].pk}/")
    assert "Cases handled" in html


def test_the_figures_take_a_fixed_number_of_queries(staffed, django_assert_max_num_queries) -> None:
    """Aggregates, not loops: the province's ~100 courts and all their people in a handful of queries."""
    from zhiyuan.command import property as command_property
    from zhiyuan.command import situation

    today = timezone.localdate()
    high = Court.objects.get(code="黔")
    assert Court.objects.count() > 90
    with django_assert_max_num_queries(12):
        board = people.board(high, today)
    assert board.total.officers == 4
    with django_assert_max_num_queries(10):
        command_property.board(high, today)
    with django_assert_max_num_queries(8):
        situation.counts(high, today)
