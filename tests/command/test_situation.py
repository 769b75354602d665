"""Cases (案) on the command center beyond intake, closings and pending: open enforcement cases by triage
track, pending over 6 and 12 months, node warnings of the last 30 days — counted from cases made here,
per court and rolled up, drilling down to the cases, exported, scoped and in both languages."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from zhiyuan.audit.services import Actor
from zhiyuan.cases import services
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.command import situation
from zhiyuan.courts.models import Court
from zhiyuan.enforcement import services as enforcement

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("command tests")


def get(client: Client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, r.content.decode()[:1500]
    return r.content.decode()


@pytest.fixture
def recent(users, province: dict[str, Case]) -> dict[str, Case]:
    """Two more open cases at 黔0102, filed 200 days ago (over 6 months, not 12) and 10 days ago (put on
    the complex track by an officer); a node warning 5 days ago on 黔0102's pending case and one 40 days
    ago (outside the window) on 黔0302's."""
    today = timezone.localdate()
    both = [PartyIn("周一", "plaintiff"), PartyIn("吴二", "defendant")]
    made = {}
    for key, days in (("half_year", 200), ("fresh", 10)):
        made[key] = services.file_case(
            None,
            court_code="黔0102",
            type_code="执",
            filed_on=today - dt.timedelta(days=days),
            claim_amount=Decimal("3000"),
            parties_in=both,
        )
    services.log_node(
        province["guiyang_pending"],
        "measure.lapse",
        today - dt.timedelta(days=5),
        SYSTEM,
        {"warning": "overdue"},
    )
    services.log_node(
        province["zunyi_pending"],
        "measure.lapse",
        today - dt.timedelta(days=40),
        SYSTEM,
        {"warning": "overdue"},
    )
    enforcement.override(users["officer"], made["fresh"], "complex", "另案查封财产须协调处置")
    return made


def test_counts_of_a_basic_court(province, recent) -> None:
    today = timezone.localdate()
    data = situation.counts(Court.objects.get(code="黔0102"), today)["total"]
    # open 执/执恢 at 黔0102: the imported 2024 case, the pending one of 2025, and the two filed here
    assert data["open"] == 4
    assert data["simple"] + data["complex"] + data["untriaged"] == 4
    assert data["complex"] >= 1
    assert data["over_6_months"] == 3
    assert data["over_12_months"] == 2
    assert data["warned"] == 1
    zunyi = situation.counts(Court.objects.get(code="黔0302"), today)["total"]
    assert zunyi["warned"] == 0  # its warning is 40 days old
    province_total = situation.counts(Court.objects.get(code="黔"), today)
    assert province_total["total"]["open"] == 4 + zunyi["open"]
    by_court = {c["code"]: c for c in province_total["courts"]}
    assert by_court["黔01"]["over_12_months"] == 2


def test_the_overview_panel_drills_down_to_the_cases(client: Client, users, province, recent) -> None:
    client.force_login(users["high"])
    html = get(client, "/command/")
    row = html.split('id="situation-total"', 1)[1].split("</tr>", 1)[0]
    shown = dict(re.findall(r'data-item="(\w+)" data-value="(\d+)"', row))
    assert shown["warned"] == "1"
    assert shown["over_12_months"] == "3"  # 黔0102's two and 黔0302's
    listing = get(client, f"/command/courts/{quote('黔')}/cases/?measure=warned")
    assert province["guiyang_pending"].case_number in listing
    assert province["zunyi_pending"].case_number not in listing
    listing = get(client, f"/command/courts/{quote('黔0102')}/cases/?measure=over_6_months")
    assert recent["half_year"].case_number in listing
    assert recent["fresh"].case_number not in listing
    listing = get(client, f"/command/courts/{quote('黔0102')}/cases/?measure=complex")
    assert recent["fresh"].case_number in listing


def test_scope_of_the_lists(client: Client, users, province, recent) -> None:
    client.force_login(users["basic"])
    html = get(client, "/command/")
    assert 'id="situation-total"' in html
    get(client, f"/command/courts/{quote('黔0302')}/cases/?measure=open", 403)
    listing = get(client, f"/command/courts/{quote('黔0102')}/cases/?measure=open")
    assert "共 4 件" in listing


def test_exports(client: Client, users, province, recent) -> None:
    client.force_login(users["mid"])
    r = client.get(f"/command/courts/{quote('黔01')}/situation.xlsx")
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["黔01"][header.index("立案超6个月未结")] == 3
    assert rows["黔0102"][header.index("近30日节点预警")] == 1
    r = client.get(f"/command/courts/{quote('黔0102')}/cases/?measure=over_6_months&format=xlsx")
    listing = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    numbers = [row[0] for row in listing.iter_rows(min_row=2, values_only=True)]
    assert len(numbers) == 3
    assert recent["half_year"].case_number in numbers
    # the period lists behind the court tree export too
    r = client.get(
        f"/command/courts/{quote('黔01')}/cases/?measure=closed&from=2025-01-01&to=2025-12-31&format=xlsx"
    )
    closed = openpyxl.load_workbook(io.BytesIO(r.content)).worksheets[0]
    assert closed.max_row - 1 == 3  # the three 2025 closings of Guiyang's E cases


def test_in_english(client: Client, users, province, recent) -> None:
    client.force_login(users["high"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/command/"})
    html = get(client, "/command/")
    assert "Node warnings, last 30 days" in html
    assert "Case situation" in html
    listing = get(client, f"/command/courts/{quote('黔')}/cases/?measure=warned")
    assert "Open now, courts below included" in listing


def test_every_new_figure_is_defined_once_on_the_page_and_in_the_docs(client: Client, users) -> None:
    from pathlib import Path

    from zhiyuan.command import board_definitions

    docs = (Path(__file__).resolve().parents[2] / "docs" / "command.md").read_text(encoding="utf-8")
    client.force_login(users["high"])
    html = get(client, "/command/definitions/")
    anchors = [d.anchor for d in board_definitions.every()]
    assert len(anchors) == len(set(anchors))
    for d in board_definitions.every():
        assert f"`{d.anchor}`" in docs, d.anchor
        assert f'id="{d.anchor}"' in html, d.anchor
        assert d.zh in docs, d.anchor
