"""Work for the demo accounts (``zhiyuan simulate demo-work``): each demo account finds what its role
does waiting on its workbench, at the demo court (``accounts.demo.DEMO_COURT``) and its higher courts.

Everything is written through the use cases a court user would run (filing, closing, assignment,
approval requests, titles, payments, delegation, sessions, agreements), dated back from ``today``, so the
audit log, node log, deadlines and documents are those of real work:

- the party account's identity (``accounts.demo.DEMO_PARTY_ID``) is a party (a real ``Party`` link) to a
  judgment with a title being performed in instalments (one paid, one running), a mediation document
  performed in full (its certificate issued), and an enforcement case it applied for;
- the enforcement officer is the handler (承办人) of open enforcement cases: new ones (one time limit
  overdue, one about to fall due, one just filed) and the demo court's open simulated ones;
- the officer asked to extend two time limits: approvals waiting for the division head / president;
- the officer proposed a consumption restriction order: the president's to sign (限制消费令由院长签发);
- the officer's cases have enforcement activity (``simulation.enforcement_work``): property sealed,
  appraised and up for auction, money frozen and deducted, a freeze about to end on the calendar;
- the high court's command operator designated a neighbouring court's long-pending case to the demo court
  and ordered it to report on one of the officer's cases (``simulation.command_work``);
- the partner organization (``accounts.demo.DEMO_ORGANIZATION``) mediates three disputes delegated by the
  clerk (one with a session held), and one signed agreement waits for the judge's confirmation.

Idempotent: a marker row (``SimulatedChunk`` with signature ``demo-work``) records that it ran.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhiyuan.accounts.demo import DEMO_COURT, DEMO_ORGANIZATION, DEMO_PARTY_ID
from zhiyuan.accounts.models import User
from zhiyuan.audit.services import Actor, record
from zhiyuan.cases import duties
from zhiyuan.cases import services as cases
from zhiyuan.cases.assignments import current_handler
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.credit import restrictions
from zhiyuan.law.errors import LawError
from zhiyuan.mediation import agreements
from zhiyuan.mediation import services as mediation
from zhiyuan.performance import services as performance
from zhiyuan.simulation.command_work import ensure_command_activity
from zhiyuan.simulation.enforcement_work import ensure_enforcement_activity, officer_cases
from zhiyuan.simulation.funds_work import ensure_funds_activity
from zhiyuan.simulation.models import SimulatedChunk
from zhiyuan.simulation.people import credit_code, person_name, resident_number

MARKER = "demo-work"
#: fictitious counterparties (check digits computed; sequence codes 996–999 as in ``simulation.people``)
DEBTOR_COMPANY = "贵阳筑城恒泰商贸有限公司"
DEBTOR_PERSON = ("刘海波", dt.date(1985, 7, 12))
CREDITOR_PERSON = ("杨秀兰", dt.date(1979, 11, 4))
OPEN_SIMULATED = 6  # open simulated enforcement cases of the demo court given to the officer


def _day(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def _users() -> dict[str, User]:
    wanted = ("filing_clerk", "mediator", "enforcement_officer", "division_head", "trial_judge", "party")
    found = {u.username: u for u in User.objects.filter(username__in=wanted)}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise LawError(
            "demo_users_missing",
            f"缺少演示账号：{'、'.join(missing)}，请先运行 zhiyuan setup --demo-users。",
            f"Demo accounts missing ({', '.join(missing)}): run `zhiyuan setup --demo-users` first.",
        )
    return found


def _party_name() -> str:
    from zhiyuan.parties.services import find_by_identity

    found = find_by_identity(DEMO_PARTY_ID)
    return found.name if found is not None else person_name(DEMO_PARTY_ID)


def _named(name: str, number: str) -> tuple[str, str]:
    """``name`` for a new identity; the recorded name when the simulated province already holds the
    number (a fictitious number can be drawn there too), so a filing never names a party twice."""
    from zhiyuan.parties.services import find_by_identity

    found = find_by_identity(number)
    return (found.name if found is not None else name), number


def _valid_company() -> tuple[str, str]:
    """The debtor company, with a fictitious credit code of 南明区."""
    return _named(DEBTOR_COMPANY, credit_code("520102", b"demo-1"))


def _valid_person(entry: tuple[str, dt.date], sequence: int = 997) -> tuple[str, str]:
    """A fictitious person of 南明区 born on the given day."""
    return _named(entry[0], resident_number("520102", entry[1], sequence))


def _trial_title(
    judge: User, clerk: User, party: PartyIn, debtor: tuple[str, str], today: dt.date
) -> tuple[Case, Any]:
    """A 民初 the party won by judgment 75 days ago; its title orders two instalments (the first paid)."""
    case = cases.file_case(
        None,
        court_code=DEMO_COURT,
        type_code="民初",
        filed_on=_day(today, 160),
        cause="买卖合同纠纷",
        claim_amount=Decimal("86000.00"),
        parties_in=[party, PartyIn(debtor[0], "defendant", debtor[1])],
    )
    cases.transition(None, case, "close", _day(today, 90), closing_method="judgment")
    parties = [
        {"ref": "A", "id_number": party.id_number, "role": "creditor"},
        {"ref": "B", "id_number": debtor[1], "role": "debtor"},
    ]
    items = [
        {
            "obligors": ["B"],
            "obligee": "A",
            "type": "payment",
            "amount": "86000.00",
            "instalments": [
                {"due": _day(today, 45).isoformat(), "amount": "40000.00"},
                {"due": _day(today, -12).isoformat(), "amount": "46000.00"},
            ],
        }
    ]
    title = performance.open_title(
        judge, case=case, kind="judgment", parties=parties, items=items, effective_on=_day(today, 75)
    )
    performance.record_payment(
        clerk, title, payer_ref="B", paid_on=_day(today, 47), amount="40000.00", evidence="银行转账回单"
    )
    return case, title


def _performed_title(judge: User, clerk: User, party: PartyIn, today: dt.date) -> Any:
    """A 民初 closed by a mediation document; the debtor paid in full on time: the certificate issues."""
    debtor = _valid_person(DEBTOR_PERSON)
    case = cases.file_case(
        None,
        court_code=DEMO_COURT,
        type_code="民初",
        filed_on=_day(today, 120),
        cause="民间借贷纠纷",
        claim_amount=Decimal("12000.00"),
        parties_in=[party, PartyIn(debtor[0], "defendant", debtor[1])],
    )
    cases.transition(None, case, "close", _day(today, 80), closing_method="mediation")
    parties = [
        {"ref": "A", "id_number": party.id_number, "role": "creditor"},
        {"ref": "B", "id_number": debtor[1], "role": "debtor"},
    ]
    items = [
        {
            "obligors": ["B"],
            "obligee": "A",
            "type": "payment",
            "amount": "12000.00",
            "due": _day(today, 60).isoformat(),
        }
    ]
    title = performance.open_title(
        judge,
        case=case,
        kind="mediation_agreement",
        parties=parties,
        items=items,
        effective_on=_day(today, 80),
    )
    performance.record_payment(
        clerk, title, payer_ref="B", paid_on=_day(today, 66), amount="12000.00", evidence="现金收据"
    )
    return title


def _enforcement(
    head: User,
    officer: User,
    applicant: PartyIn,
    debtor: tuple[str, str],
    filed: dt.date,
    claim: str,
    origin: Case | None = None,
) -> Case:
    case = cases.file_case(
        None,
        court_code=DEMO_COURT,
        type_code="执",
        filed_on=filed,
        cause=origin.cause_text if origin is not None else "买卖合同纠纷",
        claim_amount=Decimal(claim),
        parties_in=[applicant, PartyIn(debtor[0], "defendant", debtor[1])],
        origin=origin,
    )
    duties.assign_handler(head, case, officer, filed)
    return case


def _officer_cases(users: dict[str, User], party: PartyIn, origin: Case, today: dt.date) -> list[Case]:
    """Enforcement cases the officer handles: new ones with running deadlines and open simulated ones."""
    head, officer = users["division_head"], users["enforcement_officer"]
    company = _valid_company()
    creditor = _valid_person(CREDITOR_PERSON)
    made = [
        # the party's own application, on the judgment whose second instalment is still running
        _enforcement(head, officer, party, company, _day(today, 40), "46000.00", origin),
        # six-month time limit about to fall due (and the notice long overdue)
        _enforcement(
            head,
            officer,
            PartyIn(creditor[0], "plaintiff", creditor[1]),
            company,
            _day(today, 175),
            "158000.00",
        ),
        # time limit already passed
        _enforcement(
            head,
            officer,
            PartyIn(creditor[0], "plaintiff", creditor[1]),
            _valid_person(DEBTOR_PERSON),
            _day(today, 200),
            "23500.00",
        ),
        # just filed: the enforcement notice is due within days
        _enforcement(
            head, officer, PartyIn(creditor[0], "plaintiff", creditor[1]), company, _day(today, 3), "9800.00"
        ),
        # filed more than a year ago: the deposit frozen then ends inside the expiry calendar's window
        # (``enforcement_work``), whatever the province's scale
        _enforcement(
            head,
            officer,
            PartyIn(creditor[0], "plaintiff", creditor[1]),
            _valid_person(DEBTOR_PERSON),
            _day(today, 400),
            "36000.00",
        ),
    ]
    cases.transition(officer, made[0], "notify", _day(today, 35))
    open_ones = (
        Case.objects.filter(
            court__code=DEMO_COURT,
            type_code__in=("执", "执恢"),
            closed_on__isnull=True,
            assignments__isnull=True,
        )
        .exclude(pk__in=[c.pk for c in made])
        .order_by("-filed_on", "case_number")[:OPEN_SIMULATED]
    )
    for case in open_ones:
        if current_handler(case) is None:
            duties.assign_handler(head, case, officer, max(case.filed_on, _day(today, 1)))
            made.append(case)
    for case, reason in (
        (made[1], "被执行人名下房产正在评估拍卖，六个月内难以执行完毕，申请延长执行期限三个月。"),
        (made[2], "被执行人外出务工下落不明，正在协查，申请延长执行期限三个月。"),
    ):
        duties.request_approval(officer, case, "extend", reason, today)
    # the natural-person debtor of the overdue case: a consumption restriction order for the president to sign
    debtor = made[2].parties.get(side="defendant")
    restrictions.propose(officer, made[2], debtor.party_id, "debtor", today)
    return made


def _mediations(users: dict[str, User], today: dt.date) -> list[Any]:
    """Three disputes the clerk delegated to the demo organization; one session held; one agreement
    signed and sent for judicial confirmation (waiting for the judge)."""
    clerk, mediator = users["filing_clerk"], users["mediator"]
    disputes = [
        (
            "物业服务合同纠纷",
            "3650.00",
            "小区物业公司称业主拖欠两年物业费3,650元，经催缴仍未缴纳，申请调解。",
            "property_management",
            12,
        ),
        (
            "民间借贷纠纷",
            "20000.00",
            "申请人称被申请人向其借款2万元，约定半年归还，到期后多次催要未还。",
            "private_lending",
            6,
        ),
        (
            "劳务合同纠纷",
            "7800.00",
            "申请人为被申请人装修房屋提供劳务，尚欠劳务费7,800元未付。",
            "labour",
            20,
        ),
    ]
    made = []
    for i, (cause, claim, text, focus, age) in enumerate(disputes):
        applicant = _valid_person((["王德华", "赵丽萍", "孙国强"][i], dt.date(1970, i + 1, 10)), 997)
        respondent = _valid_person((["何建军", "钱玉梅", "郑伟"][i], dt.date(1980, i + 1, 20)), 996 + i % 2)
        m = mediation.delegate(
            clerk,
            court_code=DEMO_COURT,
            applicants=[PartyIn(applicant[0], "plaintiff", applicant[1])],
            respondents=[PartyIn(respondent[0], "defendant", respondent[1])],
            description=text,
            focus_type=focus,
            organization_code=DEMO_ORGANIZATION[0],
            on=_day(today, age),
            cause=cause,
            claim_amount=Decimal(claim),
            override_reason="演示：委派给本院对接的人民调解委员会",
        )
        made.append(m)
    mediation.record_session(
        mediator,
        made[0],
        held_on=_day(today, 5),
        mode="in_person",
        place="南明区人民调解委员会调解室",
        notes="双方到场，物业公司同意减免滞纳金，业主同意分两期缴纳，约定下次调解时签署协议。",
    )
    signed = made[1]
    agreements.save_agreement(
        mediator,
        signed,
        items=[
            {
                "obligors": ["R1"],
                "obligee": "A1",
                "type": "payment",
                "amount": "20000.00",
                "due": _day(today, -30).isoformat(),
            }
        ],
    )
    agreements.succeed(mediator, signed, on=_day(today, 2), note="双方自愿达成还款协议。")
    agreements.request_confirmation(mediator, signed, route="confirmation", on=_day(today, 1))
    return made


def ensure_demo_work(today: dt.date | None = None) -> dict[str, int]:
    """Create the demo accounts' work unless it was created before; returns what was made."""
    today = today or timezone.localdate()
    users = _users()
    if SimulatedChunk.objects.filter(signature=MARKER).exists():
        officer = users["enforcement_officer"]
        return _activity(officer, today)
    party = PartyIn(_party_name(), "plaintiff", DEMO_PARTY_ID)
    with transaction.atomic():
        debtor = _valid_company()
        judgment, _ = _trial_title(users["trial_judge"], users["filing_clerk"], party, debtor, today)
        _performed_title(users["trial_judge"], users["filing_clerk"], party, today)
        officer_cases = _officer_cases(users, party, judgment, today)
        delegated = _mediations(users, today)
        marker = SimulatedChunk.objects.create(signature=MARKER, key=MARKER, seed=0, cases=len(officer_cases))
        made = {
            "titles": 2,
            "officer_cases": len(officer_cases),
            "approvals": 2,
            "mediations": len(delegated),
        }
        record(Actor.system("zhiyuan simulate demo-work"), "simulation.demo_work", obj=marker, after=made)
    return made | _activity(users["enforcement_officer"], today)


def _activity(officer: User, today: dt.date) -> dict[str, int]:
    """The officer's enforcement and money activity, and the command center's dispatch and order (each
    idempotent on its own marker)."""
    made = ensure_enforcement_activity(officer, today) | ensure_funds_activity(officer, today)
    return made | ensure_command_activity(officer_cases(officer), today)
