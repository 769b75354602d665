"""Fixtures for the 执转破 workflow: an enterprise debtor with an open case at 黔0102 (the proposing court), an
open case at 黔0302 and a 终本 case at 黔0103; the people of those courts and a judge of 贵阳中院 (黔01), the
receiving court for a debtor domiciled at 黔0102."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case, CaseParty, Side
from zhiyuan.cases.services import PartyIn

COMPANY = ("贵阳某某建材有限公司", "91520102MA6H12345E")
CREDITOR = ("张三", "11010519491231002X")
OTHER_CREDITOR = ("王五", "110105198001010016")


def verified(user: Any) -> Any:
    """``user`` with a verified second factor (as after TOTP in a session)."""
    user.is_verified = lambda: True
    return user


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    clerks = {
        c: make_user(f"bk_clerk_{c}", roles=("filing_clerk",), court=c)
        for c in ("黔0102", "黔0302", "黔0103")
    }

    def file(court: str, creditor: tuple[str, str], days_ago: int) -> Case:
        return cases.file_case(
            clerks[court],
            court_code=court,
            type_code="执",
            filed_on=today - dt.timedelta(days=days_ago),
            claim_amount=Decimal("100000"),
            parties_in=[
                PartyIn(creditor[0], "plaintiff", creditor[1]),
                PartyIn(COMPANY[0], "defendant", COMPANY[1]),
            ],
        )

    own = file("黔0102", CREDITOR, 300)
    other = file("黔0302", OTHER_CREDITOR, 250)
    closed = file("黔0103", CREDITOR, 400)
    Case.objects.filter(pk=closed.pk).update(status="closed", closed_on=today, closing_method="tcp")
    debtor = CaseParty.objects.get(case=own, side=Side.DEFENDANT).party_id
    creditor = CaseParty.objects.get(case=own, side=Side.PLAINTIFF).party_id
    return {
        "own": own,
        "other": other,
        "closed": closed,
        "debtor": debtor,
        "creditor": creditor,
        "today": today,
        "officer": make_user(
            "bk_officer", roles=("enforcement_officer",), court="黔0102", full_name="王执行"
        ),
        "officer_other": make_user("bk_officer_zy", roles=("enforcement_officer",), court="黔0302"),
        "head": verified(make_user("bk_head", roles=("division_head",), court="黔0102")),
        "president": verified(make_user("bk_president", roles=("court_president",), court="黔0102")),
        "president2": verified(make_user("bk_president2", roles=("court_president",), court="黔0102")),
        "unverified": make_user("bk_president3", roles=("court_president",), court="黔0102"),
        "judge": make_user("bk_judge", roles=("trial_judge",), court="黔01", full_name="李法官"),
        "judge_elsewhere": make_user("bk_judge_zy", roles=("trial_judge",), court="黔03"),
    }
