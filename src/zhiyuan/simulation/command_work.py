"""The command center's demo work (part of ``zhiyuan simulate demo-work``): the high court's operator has
designated the longest-pending enforcement case of a neighbouring court to the demo court (waiting for the demo
court to accept it) and issued an order to the demo court about one of the officer's cases (due in ten
days), both through the dispatch services a user would call. Idempotent (marker ``demo-command``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

import zhiyuan.dispatch.services as dispatch
from zhiyuan.accounts.demo import DEMO_COURT
from zhiyuan.accounts.models import User
from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Court
from zhiyuan.simulation.models import SimulatedChunk

MARKER = "demo-command"


def ensure_command_activity(officer_cases: list[Case], today: dt.date) -> dict[str, int]:
    """A designation to the demo court and an order to it, unless made before (or no operator exists)."""
    operator = User.objects.filter(username="command_operator").first()
    if operator is None or SimulatedChunk.objects.filter(signature=MARKER).exists():
        return {}
    demo = Court.objects.filter(code=DEMO_COURT).first()
    if demo is None:
        return {}
    made: dict[str, Any] = {"dispatches": 0, "orders": 0}
    with transaction.atomic():
        pending = (
            Case.objects.filter(
                court__parent_id=demo.parent_id,
                type_code="执",
                closed_on__isnull=True,
                filed_on__lt=today - dt.timedelta(days=30),
            )
            .exclude(court_id=demo.pk)
            .order_by("filed_on", "pk")
            .first()
        )
        if pending is not None:
            dispatch.send(
                operator, case_number=pending.case_number, kind="designated", to_court=DEMO_COURT,
                reason="长期未结，指定南明区法院执行（演示）", on=today - dt.timedelta(days=2),
            )  # fmt: skip
            made["dispatches"] += 1
        if officer_cases:
            dispatch.issue_order(
                operator, to_court=DEMO_COURT, subject="对被执行人财产开展一次全面查控并报告结果（演示）",
                due=today + dt.timedelta(days=10), on=today - dt.timedelta(days=1),
                case_numbers=[officer_cases[0].case_number],
            )  # fmt: skip
            made["orders"] += 1
        SimulatedChunk.objects.create(signature=MARKER, key=MARKER, seed=0, cases=made["dispatches"])
    return made
