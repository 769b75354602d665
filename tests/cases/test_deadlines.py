"""Every deadline a case starts is met by a later node or ended explicitly (superseded, or by the closing
of the case); a closed case is never overdue; imported cases get the deadlines their filing runs."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.cases.conftest import handled_by
from zhiyuan.cases import deadline_runs, services
from zhiyuan.cases.importing import import_file
from zhiyuan.cases.lifecycles import FAMILIES, GENERIC, deadline_problems
from zhiyuan.cases.models import Case, CaseDeadline
from zhiyuan.cases.selectors import overdue_deadlines
from zhiyuan.command.selectors import court_tree, overdue_nodes
from zhiyuan.courts.models import Court
from zhiyuan.law.reference import Reference

TODAY = dt.date(2026, 6, 1)
HEADER = "case_number,filed_on,cause,claim_amount,closed_on,closing_method,recovered_amount,origin,plaintiffs,defendants"


@pytest.mark.parametrize("family", [*FAMILIES.values(), GENERIC], ids=lambda f: f.code)
def test_every_started_deadline_is_met_by_a_later_node(family: Any, ref: Reference) -> None:
    """The declaration check: each rule a family starts (on filing, for every type, or by a move) is met by
    a move that can still come; no closing move starts one; every rule named is a deadline parameter."""
    assert deadline_problems(family) == []
    named = {
        *family.starts_on_filing,
        *(r for rules in family.starts_by_type.values() for r in rules),
        *(r for t in family.transitions.values() for r in (*t.starts, *t.meets, *t.ends)),
    }
    assert [rule for rule in sorted(named) if f"deadlines.{rule}" not in ref.params] == []


@pytest.mark.django_db
def test_the_reconsideration_period_is_met_by_the_ruling(people, judgment_and_enforcement, make_user) -> None:
    _, enforcement = judgment_and_enforcement
    objection = services.file_case(
        None, court_code="黔0102", type_code="执异", filed_on=dt.date(2025, 8, 4), origin=enforcement
    )
    reconsideration = services.file_case(
        None, court_code="黔0102", type_code="执复", filed_on=dt.date(2025, 5, 2), origin=objection
    )
    period = CaseDeadline.objects.get(case=reconsideration)
    # 30 days from 2025-05-02 end on 2025-06-01, in the Dragon Boat holiday: 2025-06-03 (执行程序解释 Art 8)
    assert (period.rule, period.due) == ("reconsideration_decision", dt.date(2025, 6, 3))
    handled_by(reconsideration, people["reviewer"])
    services.transition(
        people["reviewer"], reconsideration, "rule", dt.date(2025, 5, 30), closing_method="rejected"
    )
    period.refresh_from_db()
    assert (period.met_on, period.ended_on) == (dt.date(2025, 5, 30), None)


@pytest.mark.django_db
def test_closing_ends_what_still_runs_and_the_case_leaves_the_overdue_lists(
    people, judgment_and_enforcement
) -> None:
    _, enforcement = judgment_and_enforcement
    court = Court.objects.get(code="黔0102")
    legacy = CaseDeadline.objects.create(  # a deadline no node of the lifecycle meets (e.g. older data)
        case=enforcement, rule="funds_disbursement", node="filing", start=enforcement.filed_on,
        due=dt.date(2025, 7, 31),
    )  # fmt: skip
    counted = overdue_nodes([court.pk], TODAY)
    assert counted["count"] == 3  # the notice, the time limit, the disbursement
    assert court_tree(court, dt.date(2025, 1, 1), dt.date(2025, 12, 31), TODAY).overdue == 3
    handled_by(enforcement, people["officer"])
    services.transition(
        people["officer"], enforcement, "close", dt.date(2025, 12, 1), closing_method="fully_performed"
    )
    legacy.refresh_from_db()
    assert (legacy.met_on, legacy.ended_on, legacy.ended_by) == (None, dt.date(2025, 12, 1), "close")
    met = {d.rule: d.met_on for d in CaseDeadline.objects.filter(case=enforcement).exclude(pk=legacy.pk)}
    assert met == {"enforcement_notice": dt.date(2025, 12, 1), "enforcement_time_limit": dt.date(2025, 12, 1)}
    assert overdue_nodes([court.pk], TODAY)["count"] == 0
    assert court_tree(court, dt.date(2025, 1, 1), dt.date(2025, 12, 31), TODAY).overdue == 0


@pytest.mark.django_db
def test_a_closed_case_is_never_overdue_even_with_a_stale_deadline(people, judgment_and_enforcement) -> None:
    """Data written before deadlines could end (or by hand): the overdue lists skip closed cases anyway, the
    page shows the deadline as ended, and the migration ends it on the closing date."""
    trial, enforcement = judgment_and_enforcement
    Case.objects.filter(pk=enforcement.pk).update(
        status="closed", closed_on=dt.date(2025, 10, 9), closing_method="tcp"
    )
    CaseDeadline.objects.create(
        case=enforcement, rule="tcp_requery", node="terminate_current", start=dt.date(2025, 10, 9),
        due=dt.date(2026, 4, 9),
    )  # fmt: skip
    assert not overdue_deadlines(TODAY).filter(case=enforcement).exists()
    assert overdue_nodes([enforcement.court_id], TODAY)["count"] == 0
    client = Client()
    client.force_login(people["officer"])
    body = client.get(reverse("cases:detail", args=[enforcement.case_number])).content.decode()
    assert "已逾期" not in body
    assert 'class="deadline ended" data-rule="tcp_requery"' in body
    migration = importlib.import_module("zhiyuan.cases.migrations.0004_deadline_ended_assignment_ended")
    migration.end_deadlines_of_closed_cases(apps, None)
    ended = dict(CaseDeadline.objects.filter(case=enforcement).values_list("rule", "ended_on"))
    assert ended == dict.fromkeys(
        ("tcp_requery", "enforcement_notice", "enforcement_time_limit"), dt.date(2025, 10, 9)
    )
    assert CaseDeadline.objects.filter(case=trial).count() == 0


@pytest.mark.django_db
def test_imported_cases_get_their_running_deadlines(reference_data) -> None:
    """The import runs the deadlines an open case's filing starts, from its filing date, and ends those of a
    case it closes (through ``deadline_runs.start_running_deadlines``, which is idempotent)."""
    rows = [
        "（2025）黔0102执8号,2025-07-01,民间借贷纠纷,1000,,,,,甲|,乙|",  # open: its deadlines run
        "（2025）黔0102执9号,2025-07-01,民间借贷纠纷,1000,2025-08-01,fully_performed,1000,,甲|,乙|",
        "（2025）黔0102执复3号,2025-05-02,,,,,,,甲|,乙|",
    ]
    report = import_file(io.BytesIO("\n".join([HEADER, *rows]).encode()), filename="cases.csv")
    assert report.written, report.errors

    def due() -> dict[tuple[str, str], dt.date]:
        found = CaseDeadline.objects.values_list("case__case_number", "rule", "due")
        return {(c, r): d for c, r, d in found}

    expected = {
        # six months from 2025-07-01 end on New Year's Day; 2026-01-04 is a make-up working day
        ("（2025）黔0102执8号", "enforcement_time_limit"): dt.date(2026, 1, 4),
        ("（2025）黔0102执8号", "enforcement_notice"): dt.date(2025, 7, 4),
        ("（2025）黔0102执复3号", "reconsideration_decision"): dt.date(2025, 6, 3),
    }
    assert due() == expected
    ids = list(Case.objects.values_list("pk", flat=True))
    assert deadline_runs.start_running_deadlines(ids) == 0  # idempotent
    CaseDeadline.objects.all().delete()  # as cases written without any deadline would be
    assert deadline_runs.start_running_deadlines(ids, rules={"enforcement_time_limit"}) == 1  # only those
    assert deadline_runs.start_running_deadlines(ids) == 2
    assert due() == expected
    closing = "（2025）黔0102执8号,2025-07-01,民间借贷纠纷,1000,2025-09-01,fully_performed,1000,,甲|,乙|"
    assert import_file(io.BytesIO(f"{HEADER}\n{closing}".encode()), filename="update.csv").written
    ended = CaseDeadline.objects.filter(case__case_number="（2025）黔0102执8号")
    assert set(ended.values_list("met_on", "ended_on", "ended_by")) == {(None, dt.date(2025, 9, 1), "import")}
    assert deadline_runs.start_running_deadlines(ids) == 0
