"""Every role's walk through the platform in a real browser (issue 12): each of the fourteen roles of the
permission matrix signs in through the login page (the administrators with their dynamic code), lands on
the workbench, opens every item its panels list and every menu entry, and does its main work where the
platform offers it today; every page must read as zh-Hans (and a sample as English after the switch), and
none may be a debug page. A screenshot of each page is kept (:mod:`tests.browser.walk`).

The data are a small dispute at 黔0102 made with the services, as the app tests make theirs: a decided loan
case, its enforcement case handled by the officer with a pending extension request, an objection to it, a
title the party owes under, and two delegated mediations (one with its confirmation waiting for the
judge)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from tests.browser.textcheck import Finding
from tests.browser.walk import Walk, artefact_folder, start
from tests.conftest import totp_now
from zhiyuan.accounts.matrix import matrix
from zhiyuan.cases import duties
from zhiyuan.cases import services as cases
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.models import Court, Mediator, PartnerOrganization
from zhiyuan.mediation import agreements
from zhiyuan.mediation import services as mediation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zhiyuan#2026"
CREDITOR = ("陈明", "11010519491231002X")
DEBTOR = ("刘强", "520102199003070014")  # also the party's own account
#: the people of the walk: user name (Latin, as court accounts are), full name, court or organization
PEOPLE: dict[str, tuple[str, str, dict[str, str]]] = {
    "filing_clerk": ("lian_wang", "王立案", {"court": "黔0102"}),
    "mediator": ("tiaojie_zhao", "赵调解", {"court": "黔0102"}),
    "partner_user": ("zuzhi_sun", "孙组织", {"organization": "52520102MJY123456D"}),
    "trial_judge": ("shenpan_li", "李审判", {"court": "黔0102"}),
    "enforcement_officer": ("zhixing_zhang", "张执行", {"court": "黔0102"}),
    "enforcement_reviewer": ("shencha_zhou", "周审查", {"court": "黔0102"}),
    "affairs_staff": ("shiwu_wu", "吴事务", {"court": "黔0102"}),
    "command_operator": ("zhihui_zheng", "郑指挥", {"court": "黔01"}),
    "division_head": ("tingzhang_feng", "冯局长", {"court": "黔0102"}),
    "court_president": ("yuanzhang_chu", "褚院长", {"court": "黔0102"}),
    "party": ("dangshiren_liu", DEBTOR[0], {"id_number": DEBTOR[1]}),
    "sanction_agency": ("lianhe_qian", "钱联合", {"organization": "12100000MB0123456P"}),
    "system_admin": ("xitong_jiang", "蒋系统", {}),
    "security_admin": ("anquan_shen", "沈安全", {}),
    "audit_admin": ("shenji_han", "韩审计", {}),
}
ORGANIZATION = ("52520102MJY123456D", "南明区花果园街道人民调解委员会")
LOAN = "陈明借给刘强四万元用于装修，约定年底归还并出具借条，到期后刘强只还了一万元，剩余三万元拖欠至今。"
#: Chinese data an English page may show as recorded: people, the court, the organization, causes, notes
DATA_HAN = (
    *(p[1] for p in PEOPLE.values()),
    CREDITOR[0],
    ORGANIZATION[1],
    "王调解员",
    "被执行人名下房产正在评估拍卖",
    "贵阳市南明区人民法院",
    "民间借贷纠纷",
    LOAN,
)


@pytest.fixture
def court_data(make_user, settings) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The fifteen users and the dispute described above; returns the users, cases and mediations."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    court = Court.objects.get(code="黔0102")
    org = PartnerOrganization.objects.create(
        code=ORGANIZATION[0], name=ORGANIZATION[1], kind="peoples_mediation", court=court,
        focus_types=["private_lending"],
    )  # fmt: skip
    Mediator.objects.create(
        organization=org, code="0102001", name="王调解员", focus_types=["private_lending"]
    )
    PartnerOrganization.objects.create(  # a joint-sanction agency (联合惩戒单位)
        code="12100000MB0123456P", name="铁路运输企业（联合惩戒）", kind="other", court=court
    )
    users = {
        role: make_user(name, roles=(role,), full_name=full, password=PASSWORD, **where)
        for role, (name, full, where) in PEOPLE.items()
    }
    today = timezone.localdate()

    def day(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    both = [PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1]), PartyIn(DEBTOR[0], "defendant", DEBTOR[1])]
    clerk, judge, officer = users["filing_clerk"], users["trial_judge"], users["enforcement_officer"]
    trial = cases.file_case(
        clerk,
        court_code="黔0102",
        type_code="民初",
        filed_on=day(200),
        cause="民间借贷纠纷",
        claim_amount=Decimal("40000"),
        parties_in=both,
    )
    duties.assign_handler(users["division_head"], trial, judge, day(199))
    trial = cases.transition(judge, trial, "close", day(120), closing_method="judgment")
    from zhiyuan.performance import services as performance

    performance.open_title(
        judge,
        case=trial,
        kind="judgment",
        parties=[
            {"ref": "A", "name": CREDITOR[0], "id_number": CREDITOR[1], "role": "creditor"},
            {"ref": "B", "name": DEBTOR[0], "id_number": DEBTOR[1], "role": "debtor"},
        ],
        items=[
            {
                "obligors": ["B"],
                "obligee": "A",
                "type": "payment",
                "amount": "30000",
                "due": day(30).isoformat(),
            }
        ],
        effective_on=day(90),
    )
    enforcement = cases.file_case(
        clerk, court_code="黔0102", type_code="执", filed_on=day(60), origin=trial, parties_in=both
    )
    duties.assign_handler(users["division_head"], enforcement, officer, day(59))
    enforcement = cases.transition(officer, enforcement, "notify", day(58))
    duties.request_approval(officer, enforcement, "extend", "被执行人名下房产正在评估拍卖", day(1))
    objection = cases.file_case(
        clerk, court_code="黔0102", type_code="执异", filed_on=day(20), origin=enforcement, parties_in=both
    )
    duties.assign_handler(users["division_head"], objection, users["enforcement_reviewer"], day(19))

    def delegated(on: dt.date) -> Any:
        return mediation.delegate(
            clerk,
            court_code="黔0102",
            applicants=[PartyIn(CREDITOR[0], "plaintiff", CREDITOR[1])],
            respondents=[PartyIn(DEBTOR[0], "defendant", DEBTOR[1])],
            description=LOAN,
            focus_type="private_lending",
            cause="民间借贷纠纷",
            claim_amount=Decimal("30000"),
            organization_code=ORGANIZATION[0],
            mediator_code="0102001",
            override_reason="双方当事人共同选择",
            on=on,
        )

    open_one = delegated(day(10))
    signed = delegated(day(12))
    partner = users["partner_user"]
    mediation.record_session(partner, signed, held_on=day(8), mode="in_person", place="花果园街道调解室")
    agreements.save_agreement(
        partner,
        signed,
        items=[
            {
                "obligors": ["R1"],
                "obligee": "A1",
                "type": "payment",
                "amount": "30000.00",
                "due": day(-60).isoformat(),
            }
        ],
    )
    agreements.succeed(partner, signed, on=day(6))
    agreements.request_confirmation(partner, signed, route="confirmation", on=day(5))
    return {
        "users": users,
        "trial": trial,
        "enforcement": enforcement,
        "objection": objection,
        "open": open_one,
        "signed": signed,
    }


def _officer(walk: Walk, data: dict[str, Any]) -> None:
    """Records a node of the enforcement case from its page: 开始查控处置."""
    walk.open(f"/cases/{data['enforcement'].case_number}/", "case")
    form = walk.page.locator("form.action[data-action=execute]")
    form.locator("input[name=on]").fill(timezone.localdate().isoformat())
    form.locator("button").click()
    expect(walk.page.locator("#case-status")).to_have_text("执行中")
    walk.check("case-executing")


def _judge(walk: Walk, data: dict[str, Any]) -> None:
    """Accepts the confirmation request and confirms the agreement."""
    walk.open(f"/mediation/{data['signed'].pk}/", "mediation")
    walk.page.click("#accept")
    walk.page.wait_for_load_state("load")
    walk.check("accepted")
    walk.page.click("#rule")
    expect(walk.page.locator("#messages")).to_be_visible()
    walk.check("confirmed")


def _partner(walk: Walk, data: dict[str, Any]) -> None:
    """Records a mediation session."""
    walk.open(f"/mediation/{data['open'].pk}/", "mediation")
    walk.page.fill("#session-form input[name=place]", "花果园街道调解室")
    walk.page.fill("#session-form input[name=notes]", "双方同意分两期归还")
    walk.page.click("#record-session")
    expect(walk.page.locator("#sessions li")).to_contain_text("花果园街道调解室")
    walk.check("session")


def _party(walk: Walk, data: dict[str, Any]) -> None:
    """Opens the own case and the performance notice of the judgment."""
    walk.open(f"/cases/{data['trial'].case_number}/", "own-case")
    link = walk.page.locator("a[href*='/performance/titles/']").first
    if link.count():
        walk.open(link.get_attribute("href") or "", "title")


def _clerk(walk: Walk, data: dict[str, Any]) -> None:
    """Opens the dispute intake form (the form itself is walked by the mediation tests)."""
    walk.open("/mediation/intake/", "intake")


def _head(walk: Walk, data: dict[str, Any]) -> None:
    """Opens the case waiting for approval."""
    walk.open(f"/cases/{data['enforcement'].case_number}/", "case")


def _reviewer(walk: Walk, data: dict[str, Any]) -> None:
    """Opens the objection."""
    walk.open(f"/cases/{data['objection'].case_number}/", "objection")


MAIN: dict[str, Callable[[Walk, dict[str, Any]], None]] = {
    "filing_clerk": _clerk,
    "partner_user": _partner,
    "trial_judge": _judge,
    "enforcement_officer": _officer,
    "enforcement_reviewer": _reviewer,
    "division_head": _head,
    "court_president": _head,
    "party": _party,
}
#: findings outside this change's area, reported to their owners and tolerated here until fixed: (path
#: pattern, where on the page, whose it is). Each is still written to the findings file.
KNOWN: tuple[tuple[str, str, str], ...] = (
    (r"^/$", "#panel-commandoverview", "panels/demo: the command overview panel is not translated"),
)


def _known(finding: Finding) -> str:
    path = urlsplit(finding.url).path
    return next((who for p, where, who in KNOWN if re.search(p, path) and where in finding.where), "")


#: the roles whose walk is repeated in English after the switch
IN_ENGLISH = {"enforcement_officer", "party"}


def test_every_role_walks_its_work_in_chinese(
    live_server: Any, browser: Browser, court_data: dict[str, Any]
) -> None:
    assert set(PEOPLE) == set(matrix().roles), "a role of the matrix has no walk"
    findings: list[Finding] = []
    walked: dict[str, int] = {}
    for role, (username, _full, _where) in PEOPLE.items():
        user = court_data["users"][role]
        otp = (lambda u=user: totp_now(u)) if matrix().roles[role].second_factor else None
        context, walk = start(
            browser,
            live_server.url,
            role,
            username,
            PASSWORD,
            otp=otp,
            allowed_han=DATA_HAN,
        )
        try:
            links = walk.workbench()
            walk.open_all(links)
            if role in MAIN:
                MAIN[role](walk, court_data)
            walk.open("/accounts/me/", "me")
            if role in IN_ENGLISH:
                walk.open("/", "workbench")
                walk.to_english()
                walk.open("/", "workbench")
                walk.open_all(links)
                if role == "enforcement_officer":
                    walk.open(f"/cases/{court_data['enforcement'].case_number}/", "case")
        finally:
            context.close()
        findings += walk.findings
        walked[role] = len(walk.seen)
    report = artefact_folder() / "findings.txt"
    report.write_text("".join(f"{f}  [{_known(f) or 'NEW'}]\n" for f in findings), encoding="utf-8")
    findings = [f for f in findings if not _known(f)]
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(str(f) for f in findings)
    assert all(n >= 2 for n in walked.values()), walked
