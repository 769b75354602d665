"""Cross-court enforcement campaigns (交叉执行) as an affairs batch: a high or intermediate court moves the
long-pending open enforcement cases of one court of its district to another court, each case one item of
the batch (its own transaction, its own result or failure reason), run by the affairs job runner."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from zhiyuan.accounts.scoping import district
from zhiyuan.affairs.registry import CASE, BatchAction
from zhiyuan.audit.services import Actor
from zhiyuan.cases import selectors as cases_selectors
from zhiyuan.cases.models import Case
from zhiyuan.courts import selectors as courts
from zhiyuan.courts.models import Court
from zhiyuan.dispatch import rules, services
from zhiyuan.dispatch.models import ACTIVE, Dispatch, Kind
from zhiyuan.inputs.text import NOTE_MAX
from zhiyuan.law import dispatch as law
from zhiyuan.law.calendar import add_months
from zhiyuan.law.errors import LawError

CROSS = "dispatch.cross"


def clean(raw: Mapping[str, Any]) -> dict[str, Any]:
    """``from_court`` and ``to_court`` (codes of two different courts) and the reason (``note``)."""
    source = rules.court_by_code(str(raw.get("from_court") or ""), "from_court")
    target = rules.court_by_code(str(raw.get("to_court") or ""), "to_court")
    if source.pk == target.pk:
        raise LawError(
            "dispatch_same_court",
            "移出法院与受理法院不能相同。",
            "The two courts must differ.",
            field="to_court",
        )
    note = rules.text(raw.get("note") or "交叉执行", "note", NOTE_MAX)
    return {"from_court": source.code, "to_court": target.code, "note": note}


def select(court_id: int, params: Mapping[str, Any]) -> Sequence[int]:
    """The long-pending open 执/执恢 cases of ``from_court`` (within the batch court's district), not being
    dispatched, the oldest first."""
    source = Court.objects.filter(code=params["from_court"]).first()
    if source is None or source.pk not in district(court_id) or source.pk == court_id:
        return []
    today = timezone.localdate()
    months = int(courts.reference().params[law.PREFIX + "cross_min_months"].at(today))
    latest_filing = add_months(today, -months)
    return list(
        Case.objects.filter(
            cases_selectors.open_cases_q(),
            court=source,
            type_code__in=services.MOVABLE,
            filed_on__lte=latest_filing,
        )
        .exclude(dispatches__status__in=ACTIVE)
        .order_by("filed_on", "pk")
        .values_list("pk", flat=True)
    )


def run_one(case_id: int, params: Mapping[str, Any], user: Any, who: Actor) -> str:
    """Dispatch one case (idempotent: a case already sent to the court by a cross dispatch is left)."""
    case = Case.objects.get(pk=case_id)
    if Dispatch.objects.filter(
        case=case, kind=Kind.CROSS, to_court__code=params["to_court"], status__in=ACTIVE
    ).exists():
        return "已在交叉执行中\nAlready in cross-court enforcement"
    d = services.send(
        user,
        case_number=case.case_number,
        kind=Kind.CROSS,
        to_court=params["to_court"],
        reason=params["note"],
        on=timezone.localdate(),
        actor=who,
    )
    return f"已移送{params['to_court']}，立案期限{d.filing_due.isoformat()}\nSent to {params['to_court']}, filing due {d.filing_due.isoformat()}"


ACTION = BatchAction(
    CROSS,
    "交叉执行（移送长期未结案件）",
    "Cross-court enforcement: move long-pending cases",
    CASE,
    select,
    run_one,
    clean,
    permission=rules.DISPATCH,
    description_zh="把辖区内一个法院的长期未结执行案件移送另一法院执行（在“调度”页发起）。",
    description_en="Moves the long-pending enforcement cases of one court of the district to another (started on the dispatch page).",
)
