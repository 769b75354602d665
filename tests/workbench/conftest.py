"""A court's worth of work for every role's workbench, made through the services: at 黔0102 a decided
trial with its title (an obligation falling due, a payment reported and not yet confirmed), a second
decided trial without a title, an enforcement case handled by the officer with an extension waiting for
approval, one without a handler, an objection to it, delegated mediations (one signed with a request for
judicial confirmation); and users of every role at 黔0102 and at 黔0302 (another district), a party and
the three administrators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.mediation.conftest import PAYMENT, delegate_one, orgs  # noqa: F401  (the orgs fixture)
from zhiyuan.cases import duties
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Assignment, Case
from zhiyuan.cases.services import PartyIn

CREDITOR = ("张三", "11010519491231002X")  # the applicant of the mediations too
DEBTOR = ("钱多多", "52010219850101001X")
COURT, OTHER = "黔0102", "黔0302"
ROLES = (
    "filing_clerk",
    "mediator",
    "trial_judge",
    "enforcement_officer",
    "enforcement_reviewer",
    "command_operator",
    "division_head",
    "court_president",
)
ADMINS = ("system_admin", "security_admin", "audit_admin")
#: court roles with no work of their own in this data
IDLE = ("affairs_staff",)


def days(n: int) -> dt.date:
    """Today at the court plus ``n`` days."""
    return timezone.localdate() + dt.timedelta(days=n)


def signed_in(user: Any) -> Client:
    """A browser session of ``user``, with a verified second factor where the role needs one."""
    client = Client()
    client.force_login(user)
    if user.requires_second_factor:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def users(make_user, orgs: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]  # noqa: F811
    """``users[role]`` at 黔0102, ``users[role + "@other"]`` at 黔0302, the partner user, the party and the
    administrators."""
    found: dict[str, Any] = {}
    for role in (*ROLES, *IDLE):
        found[role] = make_user(role, roles=(role,), court=COURT)
        found[f"{role}@other"] = make_user(f"{role}_zy", roles=(role,), court=OTHER)
    found["partner_user"] = make_user("partner_user", roles=("partner_user",), organization="TJ-0102-A")
    found["partner_user@other"] = make_user("partner_zy", roles=("partner_user",), organization="TJ-0302-A")
    found["party"] = make_user("party", roles=("party",), id_number=DEBTOR[1])
    found["sanction_agency"] = make_user(
        "sanction_agency", roles=("sanction_agency",), organization="TJ-0102-A"
    )
    for role in ADMINS:
        found[role] = make_user(role, roles=(role,))
    return found


def _trial(users: dict[str, Any], cause: str) -> Case:
    case = cases.file_case(
        users["filing_clerk"],
        court_code=COURT,
        type_code="民初",
        filed_on=days(-200),
        cause=cause,
        claim_amount=30000,
        parties_in=[
            PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]),
            PartyIn(DEBTOR[0], "defendant", DEBTOR[1]),
        ],
    )
    Assignment.objects.create(
        case=case, user_id=users["trial_judge"].pk, user_name="trial_judge", capacity="handler",
        assigned_by="test", assigned_on=case.filed_on,
    )  # fmt: skip
    return cases.transition(users["trial_judge"], case, "close", days(-90), closing_method="judgment")


@pytest.fixture
def work(users: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """The court's work (see the module)."""
    from zhiyuan.mediation import agreements
    from zhiyuan.performance import services as performance

    trial = _trial(users, "民间借贷纠纷")
    untitled = _trial(users, "买卖合同纠纷")
    parties = [
        {"ref": "A", "name": CREDITOR[0], "id_number": CREDITOR[1], "role": "creditor"},
        {"ref": "B", "name": DEBTOR[0], "id_number": DEBTOR[1], "role": "debtor"},
    ]
    item = {
        "obligors": ["B"],
        "obligee": "A",
        "type": "payment",
        "amount": "30000",
        "due": days(5).isoformat(),
    }
    title = performance.open_title(
        users["trial_judge"],
        case=trial,
        kind="judgment",
        parties=parties,
        items=[item],
        effective_on=days(-60),
    )
    payment = performance.record_payment(
        users["filing_clerk"], title, payer_ref="B", paid_on=days(-1), amount="10000", confirm=False
    )
    head = users["division_head"]
    people = [PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]), PartyIn(DEBTOR[0], "defendant", DEBTOR[1])]
    handled = cases.file_case(
        users["filing_clerk"], court_code=COURT, type_code="执", filed_on=days(-40), origin=trial,
        claim_amount=20000, parties_in=people,
    )  # fmt: skip
    duties.assign_handler(head, handled, users["enforcement_officer"], days(-39))
    handled = cases.transition(users["enforcement_officer"], handled, "notify", days(-38))
    approval = duties.request_approval(
        users["enforcement_officer"], handled, "extend", "被执行人财产处置尚需时间", days(-1)
    )
    unassigned = cases.file_case(
        users["filing_clerk"], court_code=COURT, type_code="执", filed_on=days(-10), origin=untitled,
        claim_amount=5000, parties_in=people,
    )  # fmt: skip
    objection = cases.file_case(
        users["filing_clerk"], court_code=COURT, type_code="执异", filed_on=days(-3), origin=handled,
        parties_in=people,
    )  # fmt: skip
    mediating = delegate_one(users["filing_clerk"], orgs, on=days(-5))
    signed = delegate_one(users["filing_clerk"], orgs, on=days(-20))
    agreements.save_agreement(users["partner_user"], signed, items=[{**PAYMENT, "due": None}])
    agreements.succeed(users["partner_user"], signed, on=days(-3))
    agreements.request_confirmation(users["partner_user"], signed, route="confirmation", on=days(-2))
    signed.refresh_from_db()
    return {
        "trial": trial,
        "untitled": untitled,
        "title": title,
        "payment": payment,
        "handled": handled,
        "approval": approval,
        "unassigned": unassigned,
        "objection": objection,
        "mediating": mediating,
        "signed": signed,
    }
