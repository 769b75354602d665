"""Each indicator on hand-built cases, by the pure definitions and by the SQL selectors (the ``compute``
fixture runs every test both ways): period edges inclusive, empty denominators null, 执保 and review
cases excluded, 执恢 vs 执, claim 0 excluded from the recovery rate, appeals, pending as of ``to``."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.governance.conftest import Compute, row
from zhiyuan.law.derivation import KINDS

pytestmark = pytest.mark.django_db

N = "（{}）黔0102{}{}号"


def n(year: int, type_code: str, seq: int, court: str = "黔0102") -> str:
    return f"（{year}）{court}{type_code}{seq}号"


ENFORCEMENT = [
    # closed on the first day of the period, filed the day before: closed, not intake
    row(
        n(2024, "执", 9),
        "2024-12-31",
        closed="2025-01-01",
        method="fully_performed",
        claim="1000",
        recovered="600",
    ),
    # filed on the first day, open: intake and pending
    row(n(2025, "执", 1), "2025-01-01"),
    # filed on the last day, closed the day after: intake and still pending at `to`
    row(n(2025, "执", 2), "2025-12-31", closed="2026-01-01", method="fully_performed"),
    # after the period: nothing
    row(n(2026, "执", 1), "2026-01-01"),
    # 执恢 closed on the last day by TCP, claim 0: counts everywhere but in the recovery rate
    row(n(2025, "执恢", 1), "2025-03-01", closed="2025-12-31", method="tcp", claim="0", recovered="50"),
    # 执 closed by TCP with a claim and no recovered amount
    row(n(2025, "执", 3), "2025-01-10", closed="2025-02-10", method="tcp", claim="3000"),
    # excluded types: preservation and an objection
    row(n(2025, "执保", 1), "2025-02-01", closed="2025-02-02", method="other", recovered="99"),
    row(n(2025, "执异", 1), "2025-02-01", closed="2025-03-01", method="rejected"),
    # years ago: closed before the period → nothing; still open → pending
    row(n(2023, "执", 1), "2023-05-01", closed="2024-06-01", method="tcp"),
    row(n(2023, "执", 2), "2023-05-01"),
    # another court
    row(n(2025, "执", 1, "黔0103"), "2025-02-01", closed="2025-03-01", method="tcp", recovered="7"),
]


def test_intake_closed_pending_and_closed_case_rates(compute: Compute) -> None:
    got = compute(ENFORCEMENT)["indicators"]
    assert (got["intake"], got["closed"], got["pending"]) == (4, 3, 3)
    assert got["full_performance_rate"] == 0.3333  # 1 of 3
    assert got["tcp_rate"] == 0.6667  # 执恢 and 执 by TCP
    assert got["first_enforcement_tcp_rate"] == 0.5  # of the two closed 执, one by TCP
    assert got["recovery_rate"] == 0.15  # (600 + 0) / (1000 + 3000): the claim-0 执恢 is left out
    assert got["recovered_amount"] == "650.00"  # 600 + 50; the 执保's 99 and the other court's 7 are not
    assert got["mean_enforcement_days"] == 112.3  # (1 + 305 + 31) / 3


def test_pending_is_as_of_the_end_of_the_period(compute: Compute) -> None:
    got = compute(ENFORCEMENT, date_from=dt.date(2025, 6, 1), date_to=dt.date(2025, 12, 30))["indicators"]
    # open: 2023 执2, 2025 执1 and the 执恢 (closed the day after `to`); 执2 was filed after `to`
    assert (got["intake"], got["closed"], got["pending"]) == (0, 0, 3)


def test_empty_denominators_are_null_never_zero(compute: Compute) -> None:
    got = compute(ENFORCEMENT, date_from=dt.date(2025, 6, 1), date_to=dt.date(2025, 6, 30))["indicators"]
    for key in (
        "full_performance_rate",
        "tcp_rate",
        "first_enforcement_tcp_rate",
        "recovery_rate",
        "mean_enforcement_days",
        "judgment_to_enforcement_rate",
        "mediation_success_rate",
        "mediation_enforcement_rate",
        "case_per_dispute",
    ):
        assert got[key] is None, key
    assert got["recovered_amount"] == "0.00"
    assert got["derivative"] == dict.fromkeys(KINDS, 0)


def test_first_enforcement_tcp_rate_counts_only_first_enforcement(compute: Compute) -> None:
    rows = [row(n(2025, "执恢", 1), "2025-03-01", closed="2025-04-01", method="tcp", claim="0")]
    got = compute(rows)["indicators"]
    assert got["tcp_rate"] == 1.0
    assert got["first_enforcement_tcp_rate"] is None  # no closed 执
    assert got["recovery_rate"] is None  # the only claim is 0


def test_settlement_performed_counts_as_full_performance(compute: Compute) -> None:
    rows = [
        row(n(2025, "执", 1), "2025-03-01", closed="2025-03-01", method="settlement_performed"),
        row(n(2025, "执", 2), "2025-03-01", closed="2025-03-02", method="terminated"),
    ]
    got = compute(rows)["indicators"]
    assert got["full_performance_rate"] == 0.5
    assert got["tcp_rate"] == 0.0
    assert got["mean_enforcement_days"] == 0.5


MID = "黔01"
JUDGMENTS = [
    # final (no appeal), enforced in the period
    row(n(2025, "民初", 1), "2025-01-05", closed="2025-03-01", method="judgment", cause="民间借贷纠纷"),
    row(n(2025, "执", 1), "2025-04-01", origin=n(2025, "民初", 1)),
    # final by mediation, enforcement applied for only after `to`
    row(n(2025, "民初", 2), "2025-01-06", closed="2025-03-01", method="mediation", cause="民间借贷纠纷"),
    row(n(2026, "执", 1), "2026-01-05", origin=n(2025, "民初", 2)),
    # appealed in the period: the first instance is not final; the appeal (intermediate court) is, enforced
    row(n(2025, "民初", 3), "2025-01-07", closed="2025-05-01", method="judgment", cause="买卖合同纠纷"),
    row(
        n(2025, "民终", 1, MID),
        "2025-06-01",
        closed="2025-09-01",
        method="judgment",
        origin=n(2025, "民初", 3),
    ),
    row(n(2025, "执", 2), "2025-10-01", origin=n(2025, "民终", 1, MID)),
    # appeal filed after `to`: final as of `to`, never enforced
    row(n(2025, "民初", 4), "2025-01-08", closed="2025-06-01", method="judgment", cause="买卖合同纠纷"),
    row(n(2026, "民终", 1, MID), "2026-01-10", origin=n(2025, "民初", 4)),
    # withdrawn: no decision
    row(n(2025, "民初", 5), "2025-01-09", closed="2025-07-01", method="withdrawal", cause="买卖合同纠纷"),
    # decided before the period
    row(n(2024, "民初", 1), "2024-10-01", closed="2024-12-31", method="judgment", cause="买卖合同纠纷"),
]


def test_judgment_to_enforcement_rate_follows_appeals(compute: Compute) -> None:
    basic = compute(JUDGMENTS)["indicators"]
    assert basic["judgment_to_enforcement_rate"] == 0.3333  # 民初1 of 民初1, 民初2, 民初4
    district = compute(JUDGMENTS, court=MID, subtree=True)["indicators"]
    assert district["judgment_to_enforcement_rate"] == 0.5  # + the enforced 民终
    alone = compute(JUDGMENTS, court=MID)["indicators"]
    assert alone["judgment_to_enforcement_rate"] == 1.0  # the intermediate court's only decision


def test_case_per_dispute_and_derivative_counts(compute: Compute) -> None:
    got = compute(JUDGMENTS)["indicators"]
    # disputes first filed in 2025 at 黔0102: 民初1 (2 cases), 民初2 (2), 民初3 (3), 民初4 (2), 民初5 (1)
    assert got["case_per_dispute"] == 2.0
    assert got["derivative"] == {**dict.fromkeys(KINDS, 0), "enforcement": 2}
    district = compute(JUDGMENTS, court=MID, subtree=True)["indicators"]
    assert district["derivative"] == {**dict.fromkeys(KINDS, 0), "enforcement": 2, "appeal": 1}
    assert district["case_per_dispute"] == 2.0


MEDIATIONS = [
    # success, confirmed, enforced in the period through the confirmation
    row(n(2025, "民诉前调", 1), "2025-01-10", closed="2025-02-01", method="mediation", cause="民间借贷纠纷"),
    row(
        n(2025, "诉前调确", 1),
        "2025-02-02",
        closed="2025-02-10",
        method="confirmed",
        origin=n(2025, "民诉前调", 1),
    ),
    row(n(2025, "执", 1), "2025-05-01", origin=n(2025, "诉前调确", 1)),
    # success (confirmed), never enforced
    row(n(2025, "民诉前调", 2), "2025-01-11", closed="2025-03-01", method="confirmed", cause="民间借贷纠纷"),
    # failed: transferred to a filing
    row(n(2025, "民诉前调", 3), "2025-01-12", closed="2025-04-01", method="transfer", cause="民间借贷纠纷"),
    row(n(2025, "民初", 1), "2025-04-02", origin=n(2025, "民诉前调", 3), cause="民间借贷纠纷"),
    # still open
    row(n(2025, "民诉前调", 4), "2025-11-01", cause="民间借贷纠纷"),
    # success, enforcement only after `to`
    row(n(2025, "民诉前调", 5), "2025-05-01", closed="2025-12-31", method="mediation", cause="民间借贷纠纷"),
    row(n(2026, "执", 1), "2026-02-01", origin=n(2025, "民诉前调", 5)),
]


def test_mediation_rates(compute: Compute) -> None:
    got = compute(MEDIATIONS)["indicators"]
    assert got["mediation_success_rate"] == 0.75
    assert got["mediation_enforcement_rate"] == 0.3333
    # mediation and confirmations are not litigation: 3 litigation cases over 3 disputes that have some
    assert got["case_per_dispute"] == 1.0
    assert got["derivative"]["confirmation"] == 1
    assert got["derivative"]["filing_after_mediation"] == 1
    assert got["derivative"]["enforcement"] == 1


WAGES = "追索劳动报酬纠纷"
CAMPAIGNS = [
    row(
        n(2025, "执", 1),
        "2025-01-02",
        closed="2025-02-01",
        method="fully_performed",
        cause=WAGES,
        claim="5000",
        recovered="100",
    ),
    # the dispute's first case has the wage cause, the enforcement case none
    row(n(2024, "民初", 1), "2024-03-01", closed="2024-06-01", method="judgment", cause=WAGES),
    row(
        n(2025, "执", 2),
        "2025-01-03",
        origin=n(2024, "民初", 1),
        closed="2025-03-01",
        method="tcp",
        claim="20000",
        recovered="200",
    ),
    # at the small-claims threshold, a commercial cause
    row(
        n(2025, "执", 3),
        "2025-01-04",
        closed="2025-03-01",
        method="tcp",
        claim="10000.00",
        cause="买卖合同纠纷",
    ),
    row(n(2025, "执", 4), "2025-01-05", closed="2025-03-01", method="tcp", claim="10000.01"),
    row(n(2025, "执", 5), "2025-01-06", closed="2025-03-01", method="tcp"),
    # a criminal judgment's property part
    row(n(2024, "刑初", 1), "2024-01-01", closed="2024-05-01", method="judgment"),
    row(
        n(2025, "执", 6),
        "2025-01-07",
        origin=n(2024, "刑初", 1),
        closed="2025-03-01",
        method="fully_performed",
        recovered="30",
    ),
    # refusal prosecutions: one filed by `to`, one after
    row(n(2025, "执", 7), "2025-01-08", closed="2025-06-01", method="tcp", recovered="1"),
    row(n(2025, "刑初", 1), "2025-12-31", origin=n(2025, "执", 7)),
    row(n(2025, "执", 8), "2025-01-09", closed="2025-06-01", method="tcp"),
    row(n(2026, "刑初", 1), "2026-01-01", origin=n(2025, "执", 8)),
    # not counted: open, or not an E case
    row(n(2025, "执", 9), "2025-01-10", cause=WAGES, claim="100"),
    row(n(2025, "执保", 1), "2025-01-11", closed="2025-02-01", method="other", cause=WAGES, claim="100"),
]


def test_campaigns(compute: Compute) -> None:
    got = compute(CAMPAIGNS)["campaigns"]
    assert got["migrant_wages"] == {"cases_closed": 2, "amount_recovered": "300.00"}
    assert got["small_claims"] == {"cases_closed": 2, "amount_recovered": "100.00"}
    assert got["business_environment"] == {"cases_closed": 1, "amount_recovered": "0.00"}
    assert got["criminal_property"] == {"cases_closed": 1, "amount_recovered": "30.00"}
    assert got["refusal_crime"] == {"cases_closed": 1, "amount_recovered": "1.00"}
    assert compute(CAMPAIGNS)["indicators"]["derivative"]["refusal_crime"] == 1
