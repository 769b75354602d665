"""Steps of the crash test, each run as its own process against the test's own database
(``python crash_steps.py STEP``, settings from the environment): ``setup N M`` files a case, has N
inquiries answered in this process, then stores freezes of every money asset found and M more inquiries
(keys committed, nothing sent: the worker sends); ``worker`` enqueues the periodic sweep (as the scheduler
does every minute) and runs ``zhiyuan db_worker`` in this process; ``report`` prints the rows as JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiyuan.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from zhiyuan.accounts import services as accounts  # noqa: E402
from zhiyuan.audit.services import Actor  # noqa: E402
from zhiyuan.cases import services as cases  # noqa: E402
from zhiyuan.cases.models import Case  # noqa: E402
from zhiyuan.courts.services import load_reference_data  # noqa: E402
from zhiyuan.enforcement.inquiries import (  # noqa: E402
    dispatch,
    services,
    tasks,
)
from zhiyuan.enforcement.models import Inquiry, InquiryResult, NetworkOrder  # noqa: E402

CLASSES = ["deposit", "online_payment", "vehicle"]
WHO = Actor.system("crash-test")


def setup(n: int) -> None:
    load_reference_data()
    clerk = accounts.create_user(None, username="clerk", password="Zhiyuan#2026", court_code="黔0102")
    accounts.grant_role(None, clerk, "filing_clerk")
    clerk.refresh_from_db()
    case = cases.file_case(
        clerk,
        court_code="黔0102",
        type_code="执",
        filed_on=dt.date(2026, 11, 2),
        claim_amount=Decimal("50000"),
        parties_in=[
            cases.PartyIn("张三", "plaintiff", "11010519491231002X"),
            cases.PartyIn("李四", "defendant", "520102199003070014"),
        ],
    )
    debtor = services.debtors(case)[0]
    services.ask_many(WHO, [(case, debtor, CLASSES)] * n, "batch")
    dispatch.pump(budget=60, poll_after=0.5)  # in this process: answered before the crash run


def more(n: int) -> None:
    case = Case.objects.get()
    debtor = services.debtors(case)[0]
    assets = InquiryResult.objects.filter(status="found", asset_class__in=["deposit", "online_payment"])
    with transaction.atomic():
        for ref in sorted(set(assets.values_list("ref", flat=True))):
            result = assets.filter(ref=ref).first()
            assert result is not None
            services.new_order(case, "freeze", result, Decimal("1.00"), "（2026）黔0102执1号之一", WHO)
    services.ask_many(WHO, [(case, debtor, CLASSES)] * n, "batch")


def report() -> None:
    print(
        json.dumps(
            {
                "inquiries": dict(Inquiry.objects.values_list("state").annotate(n=Count("pk"))),
                "gateway_ids": list(Inquiry.objects.values_list("gateway_id", flat=True)),
                "results": InquiryResult.objects.count(),
                "orders": [
                    [o.ref, str(o.amount), o.state, str(o.applied)]
                    for o in NetworkOrder.objects.order_by("pk")
                ],
            }
        )
    )


if __name__ == "__main__":
    step = sys.argv[1]
    if step == "setup":
        setup(int(sys.argv[2]))
        more(int(sys.argv[3]))
    elif step == "worker":
        tasks.network_sweep.enqueue()
        call_command("db_worker", interval=0.2, startup_delay=False)
    else:
        report()
