"""The legal deadlines a case runs (``CaseDeadline``): started by a node, met by another, ended without
being met when the case closes or a move makes them moot, and — for cases written without the lifecycle
(the case import) — started in bulk from the filing date. Called inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import OuterRef, Subquery

from zhiyuan.cases.lifecycles import CLOSED, family_of
from zhiyuan.cases.models import Case, CaseDeadline
from zhiyuan.courts import selectors as courts
from zhiyuan.law.deadlines import compute as compute_deadline


def start(case: Case, rules: Iterable[str], node: str, on: dt.date) -> None:
    """Start the deadlines ``rules`` at node ``node`` on ``on``."""
    ref = courts.reference()
    for rule in rules:
        result = compute_deadline({"rule": rule, "start": on.isoformat()}, ref.params, ref.calendar)
        CaseDeadline.objects.create(
            case=case,
            rule=rule,
            node=node,
            start=on,
            due=dt.date.fromisoformat(result["due"]),
            warnings=[w["code"] for w in result["warnings"]],
        )


def running(case: Case) -> Any:
    """The case's deadlines neither met nor ended."""
    return CaseDeadline.objects.filter(case=case, met_on__isnull=True, ended_on__isnull=True)


def meet(case: Case, rules: Iterable[str], on: dt.date) -> None:
    """Meet the running deadlines ``rules`` on ``on``."""
    running(case).filter(rule__in=list(rules)).update(met_on=on)


def end(case: Case, rules: Iterable[str] | None, on: dt.date, node: str) -> None:
    """End running deadlines without meeting them (``rules`` None: all of them, as closing does)."""
    still = running(case)
    if rules is not None:
        still = still.filter(rule__in=list(rules))
    still.update(ended_on=on, ended_by=node)


#: rows per statement when deadlines are written in bulk
_BATCH = 1000


def start_running_deadlines(case_ids: Iterable[int], rules: Collection[str] | None = None) -> int:
    """Give cases written without the lifecycle (the case import) the deadlines their filing runs.

    An open case gets every deadline its filing starts (its family's, by its type; ``rules``: only
    these) that it has no row of yet, counted from its filing date — so an imported open enforcement
    case has its time limit running like a filed one. A closed case's deadlines still running are ended
    on its closing date (node ``import``): nothing can meet them any more. Idempotent; writes in bulk
    inside the caller's transaction. Returns the number of deadline rows started or ended."""
    ref = courts.reference()
    due_on: dict[tuple[str, dt.date], tuple[dt.date, list[str]]] = {}
    ids = list(dict.fromkeys(case_ids))
    changed = 0
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        have: dict[int, set[str]] = {}
        for case_id, rule in CaseDeadline.objects.filter(case_id__in=batch).values_list("case_id", "rule"):
            have.setdefault(case_id, set()).add(rule)
        rows = []
        for case_id, type_code, filed_on in (
            Case.objects.filter(pk__in=batch, closed_on__isnull=True)
            .exclude(status=CLOSED)
            .values_list("pk", "type_code", "filed_on")
        ):
            for rule in family_of(type_code).filing_starts(type_code):
                if rule in have.get(case_id, ()) or (rules is not None and rule not in rules):
                    continue
                if (rule, filed_on) not in due_on:
                    result = compute_deadline(
                        {"rule": rule, "start": filed_on.isoformat()}, ref.params, ref.calendar
                    )
                    due_on[rule, filed_on] = (
                        dt.date.fromisoformat(result["due"]),
                        [w["code"] for w in result["warnings"]],
                    )
                due, warnings = due_on[rule, filed_on]
                rows.append(
                    CaseDeadline(
                        case_id=case_id, rule=rule, node="filing", start=filed_on, due=due, warnings=warnings
                    )
                )
        CaseDeadline.objects.bulk_create(rows, batch_size=_BATCH)
        changed += len(rows)
        closed_on = Case.objects.filter(pk=OuterRef("case_id")).values("closed_on")[:1]
        changed += CaseDeadline.objects.filter(
            case_id__in=batch, case__closed_on__isnull=False, met_on__isnull=True, ended_on__isnull=True
        ).update(ended_on=Subquery(closed_on), ended_by="import")
    return changed
