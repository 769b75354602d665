"""Delegated-mediation records for simulated pre-litigation mediation cases.

Each emitted 民诉前调 case gets a :class:`~zhiyuan.mediation.models.Mediation` at one of its court's
partner organizations (none when the court has none: run ``zhiyuan organizations demo`` first) and one of
its mediators (when it has any), with a
templated intake description and the focus type of its cause, so the register shows load and the
suggester has labelled examples. Runs inside the chunk's transaction; an existing record is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from collections.abc import Sequence

from zhiyuan.cases.models import Case
from zhiyuan.courts.models import Mediator, PartnerOrganization
from zhiyuan.mediation.models import Mediation, MediationStatus
from zhiyuan.mediation.suggesting import focus_types
from zhiyuan.simulation.lifecycle import Spec

DEADLINE_DAYS = 30
TEMPLATES: dict[str, tuple[str, ...]] = {
    "民间借贷纠纷": (
        "{a}称{b}向其借款{m}元，约定期限届满后经多次催要仍未归还借款，申请调解。",
        "{a}与{b}系朋友关系，{b}出具借条借款{m}元至今未还，要求还本付息。",
    ),
    "金融借款合同纠纷": ("{a}称{b}在该行贷款{m}元，逾期未按合同约定还本付息，要求偿还贷款。",),
    "信用卡纠纷": ("{a}称{b}信用卡透支{m}元逾期未还，催收无果，要求归还透支款及利息。",),
    "小额借款合同纠纷": ("{a}称{b}通过网络平台借款{m}元，逾期未还，要求清偿借款。",),
    "买卖合同纠纷": ("{a}向{b}供应货物，{b}尚欠货款{m}元未付，双方对账后仍未支付。",),
    "建设工程施工合同纠纷": ("{a}承建{b}发包的工程，工程已完工验收，{b}拖欠工程款{m}元。",),
    "房屋租赁合同纠纷": ("{a}将房屋出租给{b}，{b}拖欠租金{m}元并拒绝搬离，要求支付租金。",),
    "物业服务合同纠纷": ("{a}为小区提供物业服务，业主{b}拖欠物业费{m}元，经催缴仍未缴纳。",),
    "劳务合同纠纷": ("{a}为{b}提供劳务，{b}结欠劳务费{m}元未付。",),
    "机动车交通事故责任纠纷": ("{b}驾驶机动车与{a}发生交通事故致其受伤，双方就赔偿{m}元协商不成。",),
    "离婚纠纷": ("{a}与{b}感情不和，分居已久，双方就离婚及财产分割{m}元发生争议。",),
    "追偿权纠纷": ("{a}为{b}的借款提供担保并代为清偿{m}元，向{b}追偿未果。",),
    "追索劳动报酬纠纷": (
        "{a}等农民工在{b}承包的工地务工，工程结束后{b}拖欠工资{m}元，多次讨要未果。",
        "{a}在{b}工地做工，包工头拖欠农民工工资共计{m}元，要求支付劳动报酬。",
    ),
}
FALLBACK = ("{a}与{b}因{c}发生争议，涉及金额{m}元，申请人民调解。",)


def _focus_of() -> dict[str, str]:
    """Cause → the first focus type listing it."""
    found: dict[str, str] = {}
    for key, entry in focus_types().items():
        for cause in entry["causes"]:
            found.setdefault(cause, key)
    return found


def describe(spec: Spec, rng: random.Random) -> str:
    """A clerk's short account of the dispute."""
    template = rng.choice(TEMPLATES.get(spec.cause, FALLBACK))
    a = spec.plaintiffs[0].name if spec.plaintiffs else "申请人"
    b = spec.defendants[0].name if spec.defendants else "被申请人"
    return template.format(a=a, b=b, c=spec.cause, m=f"{spec.claim:,.0f}" if spec.claim else "若干")


def _status(spec: Spec, as_of: dt.date) -> tuple[str, dt.date | None]:
    if spec.closed_on is None or spec.closed_on > as_of:
        return MediationStatus.MEDIATING, None
    if spec.method == "mediation":
        return MediationStatus.SUCCEEDED, spec.closed_on
    if spec.method == "withdrawal":
        return MediationStatus.WITHDRAWN, spec.closed_on
    return MediationStatus.FAILED, spec.closed_on


def record_mediations(disputes: Sequence[Sequence[Spec]], as_of: dt.date, seed: int) -> int:
    """Create the missing Mediation records of the chunk's emitted 民诉前调 cases; returns how many."""
    specs = [s for d in disputes for s in d if s.type_code == "民诉前调" and s.filed_on <= as_of]
    if not specs:
        return 0
    partners: dict[str, list[PartnerOrganization]] = defaultdict(list)
    for org in (
        PartnerOrganization.objects.filter(active=True, court__code__in={s.court for s in specs})
        .select_related("court")
        .order_by("code")
    ):
        partners[org.court.code].append(org)
    if not partners:
        return 0
    mediators: dict[int, list[Mediator]] = defaultdict(list)
    for person in Mediator.objects.filter(
        active=True, organization__in=[o for orgs in partners.values() for o in orgs]
    ).order_by("code"):
        mediators[person.organization_id].append(person)
    numbers = [s.number for s in specs if s.court in partners]
    ids = dict(Case.objects.filter(case_number__in=numbers).values_list("case_number", "pk"))
    have = set(Mediation.objects.filter(case_id__in=ids.values()).values_list("case_id", flat=True))
    focus = _focus_of()
    created = []
    for spec in specs:
        case_id = ids.get(spec.number)
        if case_id is None or case_id in have or spec.court not in partners:
            continue
        rng = random.Random(hashlib.sha256(f"{seed}\x1f{spec.number}".encode()).digest())
        focus_type = focus.get(spec.cause, "other")
        candidates = [o for o in partners[spec.court] if not o.focus_types or focus_type in o.focus_types]
        status, closed_on = _status(spec, as_of)
        organization = rng.choice(candidates or partners[spec.court])
        people = mediators.get(organization.pk)
        created.append(
            Mediation(
                case_id=case_id,
                organization=organization,
                mediator=rng.choice(people) if people else None,
                description=describe(spec, rng),
                focus_type=focus_type,
                status=status,
                opened_on=spec.filed_on,
                deadline=spec.filed_on + dt.timedelta(days=DEADLINE_DAYS),
                closed_on=closed_on,
            )
        )
    Mediation.objects.bulk_create(created, batch_size=500)
    return len(created)
