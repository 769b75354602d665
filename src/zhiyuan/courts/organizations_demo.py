"""A fictitious register for demonstrations (``zhiyuan organizations demo --seed N``).

Per basic court: a people's mediation committee, a county governance center (综治中心) with grid units,
a people's tribunal (人民法庭) with a judges' workstation; at the high court the national "总对总" partners.
Every unit has mediators. Names carry （演示） and the mediators' names are drawn from the seed, so the
same seed gives the same register; running it again changes nothing. It writes through the bulk import
path (one transaction, one audit entry).
"""

from __future__ import annotations

import random

from zhiyuan.audit.services import Actor
from zhiyuan.courts.models import Court, CourtLevel, PartnerKind
from zhiyuan.courts.organizations import MediatorIn, OrganizationIn
from zhiyuan.courts.organizations_io import ImportReport, apply

GRID_UNITS = 3
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林"
GIVEN = "明华平芳军静丽强磊洋艳勇杰娟涛超霞刚桂英文兰云"
#: (code suffix, name, focus types) of the national "总对总" partners, attached to the high court
NATIONAL = (
    ("ZGH", "省总工会劳动争议调解中心（演示）", ("labour",)),
    ("GSL", "省工商联商会调解中心（演示）", ("sales", "small_debt", "private_lending")),
    ("JRJG", "金融监管局金融纠纷调解中心（演示）", ("finance",)),
    ("XFXH", "省消费者协会调解委员会（演示）", ("consumer",)),
    ("YHXH", "省银行业协会金融纠纷调解中心（演示）", ("finance", "private_lending")),
)
COMMITTEE_FOCUS = ("family", "neighbour", "small_debt", "property_management", "other")
TRIBUNAL_FOCUS = ("family", "neighbour", "traffic", "small_debt", "private_lending", "sales", "labour")
GRID_FOCUS = ("family", "neighbour", "property_management", "small_debt")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build(seed: int) -> tuple[list[OrganizationIn], list[MediatorIn]]:
    """The demo register's rows for ``seed`` (deterministic)."""
    rng = random.Random(seed)
    orgs: list[OrganizationIn] = []
    mediators: list[MediatorIn] = []

    def add(org: OrganizationIn, count: int, focus: tuple[str, ...] = ()) -> None:
        orgs.append(org)
        for i in range(1, count + 1):
            picked = tuple(sorted(rng.sample(focus, min(2, len(focus))))) if focus else ()
            mediators.append(
                MediatorIn(f"{org.code}-M{i}", _person(rng), org.code, picked, rng.choice((3, 5, 8)))
            )

    high = Court.objects.filter(level=CourtLevel.HIGH).order_by("code").first()
    if high is not None:
        for suffix, name, focus in NATIONAL:
            code = f"DEMO-52-{suffix}"
            add(
                OrganizationIn(code, name, PartnerKind.NATIONAL_PARTNER, high.code, "", ("52",), focus, 60),
                3,
                focus,
            )
    basic = (
        Court.objects.filter(level=CourtLevel.BASIC, active=True).exclude(division_code="").order_by("code")
    )
    for court in basic:
        digits, div, place = court.code[1:], court.division_code, court.division_name or court.name
        # the committee's code is the one the demo accounts' partner user belongs to (accounts.demo)
        add(
            OrganizationIn(
                f"DEMO-TJ-{digits}",
                f"{place}人民调解委员会（演示）",
                PartnerKind.PEOPLES_MEDIATION,
                court.code,
                "",
                (),
                COMMITTEE_FOCUS,
                rng.choice((20, 30, 40)),
            ),
            3,
            COMMITTEE_FOCUS,
        )
        center = f"DEMO-ZZ-{digits}"
        add(
            OrganizationIn(
                center,
                f"{place}综治中心（演示）",
                PartnerKind.GOVERNANCE_CENTER,
                court.code,
                "",
                (),
                (),
                rng.choice((30, 50)),
            ),
            2,
        )
        for g in range(1, GRID_UNITS + 1):
            township = f"{div}{100 + g:03d}"
            add(
                OrganizationIn(
                    f"{center}-G{g}",
                    f"{place}第{g}镇网格单元（演示）",
                    PartnerKind.GRID_UNIT,
                    court.code,
                    center,
                    (township,),
                    GRID_FOCUS,
                    rng.choice((5, 8, 10)),
                ),
                1,
            )
        tribunal = f"DEMO-FT-{digits}"
        add(
            OrganizationIn(
                tribunal,
                f"{place}第一人民法庭（演示）",
                PartnerKind.TRIBUNAL,
                court.code,
                "",
                (f"{div}101", f"{div}102"),
                TRIBUNAL_FOCUS,
                rng.choice((15, 20, 25)),
            ),
            2,
            TRIBUNAL_FOCUS,
        )
        add(
            OrganizationIn(
                f"{tribunal}-W1",
                f"{place}第二镇法官工作站（演示）",
                PartnerKind.WORKSTATION,
                court.code,
                tribunal,
                (f"{div}102",),
                TRIBUNAL_FOCUS,
                rng.choice((5, 10)),
            ),
            1,
        )
    return orgs, mediators


def ensure_demo_register(seed: int = 1, who: Actor | None = None) -> ImportReport:
    """Create or bring up to date the demo register for ``seed``; an unchanged register writes nothing."""
    orgs, mediators = build(seed)
    report = ImportReport(rows=len(orgs) + len(mediators))
    apply(
        who or Actor.system("zhiyuan organizations demo"),
        orgs,
        mediators,
        report,
        action="courts.organizations.demo",
        note={"seed": seed},
    )
    return report
