"""The recovery rate never shows an impossible figure (issue 11): a recovered amount thousands of times
the claim once made 执行到位率 5167 % on the command center. Each case counts at most its claim (by the
pure definitions and by the SQL selectors: the ``compute`` fixture runs both)."""

from __future__ import annotations

import pytest

from tests.governance.conftest import Compute, row

pytestmark = pytest.mark.django_db


def test_a_case_counts_at_most_its_claim(compute: Compute) -> None:
    rows = [
        # 51.67 times the claim (a mistyped figure, or one confirmed with a reason): counts as 100 %
        row("（2025）黔0102执1号", "2025-01-10", closed="2025-03-01", method="fully_performed", claim="10000",
            recovered="516700"),
        # interest beyond the claim: counts as the claim
        row("（2025）黔0102执2号", "2025-01-10", closed="2025-03-01", method="fully_performed", claim="3000",
            recovered="3300"),
        # below the claim: as recovered
        row("（2025）黔0102执3号", "2025-01-10", closed="2025-03-01", method="tcp", claim="7000", recovered="700"),
    ]  # fmt: skip
    got = compute(rows)["indicators"]
    assert got["recovery_rate"] == 0.685  # (10000 + 3000 + 700) / (10000 + 3000 + 7000)
    assert got["recovered_amount"] == "520700.00"  # the amount itself is the full sum


def test_the_rate_is_at_most_one(compute: Compute) -> None:
    rows = [
        row("（2025）黔0102执1号", "2025-01-10", closed="2025-03-01", method="fully_performed", claim="100",
            recovered="5167"),
    ]  # fmt: skip
    assert compute(rows)["indicators"]["recovery_rate"] == 1.0
