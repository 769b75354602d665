"""People (人) pages of the command center: a court's people and the load of the courts below it
(``/command/courts/<code>/people/``, ``?format=xlsx`` for the workbook), and one person's open cases and
tasks (``/command/people/<id>/``). A court sees its own people, an intermediate court its district, the
high court everyone."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from zhiyuan.accounts.models import role_name
from zhiyuan.accounts.scoping import scope_of
from zhiyuan.affairs import registry
from zhiyuan.affairs import selectors as affairs
from zhiyuan.cases import selectors as cases
from zhiyuan.cases.names import status_name
from zhiyuan.command import board_definitions, export, labels, overview, people, selectors
from zhiyuan.command.views import commander
from zhiyuan.courts.models import Court


def crumbs(request: HttpRequest, court: Court, name: str) -> list[dict[str, str]]:
    """The courts above ``court`` up to the user's own, each linking to the same page (``name``)."""
    home = selectors.home_court(request.user)
    return [
        {"code": c.code, "name": c.name, "url": reverse(name, args=[c.code])}
        for c in selectors.ancestors(court, home)
    ]


def _load_row(row: people.CourtLoad) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "level_name": str(labels.LEVELS.get(row.level, row.level)),
        "url": reverse("command:people", args=[row.code]),
        **{k: getattr(row, k) for k in people.LOAD_FIELDS},
        "load": row.load,
    }


def _person_row(p: people.Person, shown: list[str]) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "court": p.court_name,
        "roles": "、".join(role_name(r) for r in p.roles),
        "url": reverse("command:person", args=[p.id]),
        "handled_cases": p.handled_cases,
        "claimed_tasks": p.claimed_tasks,
        "overdue": p.overdue,
        "closed": p.closed,
        "this_month": p.closings.get(shown[-1], 0),
    }


def _kind_name(code: str) -> str:
    kind = registry.kind(code)
    return kind.name if kind is not None else code


def _workbook(request: HttpRequest, board: people.Board) -> HttpResponse:
    names = [board_definitions.PEOPLE[k].name for k in people.LOAD_FIELDS]
    courts = export.Sheet(
        gettext("法院"),
        [gettext("法院代字"), gettext("法院"), *names, board_definitions.PEOPLE["load"].name],
        [
            [r.code, r.name, *(getattr(r, k) for k in people.LOAD_FIELDS), r.load]
            for r in [board.total, *board.courts]
        ],
    )
    person_names = [board_definitions.PEOPLE[k].name for k in people.PERSON_FIELDS]
    persons = export.Sheet(
        gettext("人员"),
        [
            gettext("法院代字"),
            gettext("法院"),
            gettext("姓名"),
            gettext("角色"),
            *person_names,
            *board.months,
        ],
        [
            [
                p.court_code,
                p.court_name,
                p.name,
                "、".join(role_name(r) for r in p.roles),
                *(getattr(p, k) for k in people.PERSON_FIELDS),
                *(p.closings.get(m, 0) for m in board.months),
            ]
            for p in board.everyone
        ],
    )
    filename = f"people-{board.court.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return export.download(request, filename, f"people:{board.court.code}", [courts, persons])


@require_GET
@commander
def people_page(request: HttpRequest, code: str) -> HttpResponse:
    """A court's people and the load of the courts below it."""
    court = overview.court_for(request.user, code, request)
    board = people.board(court, timezone.localdate())
    if request.GET.get("format") == "xlsx":
        return _workbook(request, board)
    context = {
        "court": court,
        "crumbs": crumbs(request, court, "command:people"),
        "back": reverse("command:court", args=[court.code]),
        "totals": [
            (k, board_definitions.PEOPLE[k].name, getattr(board.total, k))
            for k in (*people.LOAD_FIELDS, "load")
        ],
        "courts": [_load_row(r) for r in board.courts],
        "people": [_person_row(p, board.months) for p in board.people],
        "heads": {k: d.name for k, d in board_definitions.PEOPLE.items()},
        "anchors": {k: d.anchor for k, d in board_definitions.PEOPLE.items()},
        "chart": {
            "names": [r.name for r in board.courts],
            "load": [r.load for r in board.courts],
            "label": board_definitions.PEOPLE["load"].name,
        },
    }
    return render(request, "command/people.html", context)


@require_GET
@commander
def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    """One person's open cases and claimed tasks, and their closings per month."""
    member = people.person_in_scope(request.user, person_id)
    if member is None:
        raise Http404
    today = timezone.localdate()
    scope = scope_of(request.user)
    court = Court.objects.get(pk=member.court_id)
    figures = people.everyone([court.pk], {court.pk: court}, today)
    person = next(p for p in figures if p.id == member.id)
    shown = people.months(today)
    case_rows = [
        {
            "case": c,
            "url": reverse("cases:detail", args=[c.case_number]),
            "status": status_name(c.type_code, c.status),
            "late": getattr(c, "next_due", None) is not None and c.next_due < today,  # type: ignore[attr-defined]
        }
        for c in cases.handled_open_cases(member.id).filter(court_id__in=scope.court_ids)
    ]
    task_rows = [
        {
            "task": t,
            "kind": _kind_name(t.kind),
            "url": reverse("affairs:task", args=[t.pk]),
            "late": affairs.is_overdue(t, today),
        }
        for t in affairs.claimed_by(member.id).filter(court_id__in=scope.court_ids)
    ]
    context = {
        "person": person,
        "court": court,
        "roles": "、".join(role_name(r) for r in member.roles),
        "back": reverse("command:people", args=[court.code]),
        "cases": case_rows,
        "tasks": task_rows,
        "closings": [(m, person.closings.get(m, 0)) for m in shown],
        "heads": {k: d.name for k, d in board_definitions.PEOPLE.items()},
    }
    return render(request, "command/person.html", context)
