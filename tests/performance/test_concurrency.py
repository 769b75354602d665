"""A payment and the lapse job racing on the same title: exactly one wins, on SQLite (file database) and
PostgreSQL alike; parallel lapse jobs file one enforcement case."""

from __future__ import annotations

import pytest

from tests.performance.conftest import days, payment
from tests.races import race as _race
from tests.races import skip_on_one_connection
from zhiyuan.cases.models import Case
from zhiyuan.law.errors import LawError
from zhiyuan.performance import services
from zhiyuan.performance.models import Title, TitleStatus, Urging, UrgingStatus
from zhiyuan.performance.ticking import tick

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lapsing(people, open_title) -> Title:
    skip_on_one_connection()
    title = open_title([payment("5000", days(-40))])
    services.apply_for_enforcement(people["clerk"], title, applied_on=days(-30), applicant_ref="A")
    return title


@pytest.mark.parametrize("rounds", range(3))
def test_payment_and_lapse_never_both_win(people, lapsing, rounds: int) -> None:
    def pay() -> object:
        return services.record_payment(
            people["clerk"], lapsing, payer_ref="B", paid_on=days(0), amount="5000"
        )

    _results, errors = _race(pay, lambda: tick(days(0)))
    lapsing.refresh_from_db()
    urging = Urging.objects.get(title=lapsing)
    filed = Case.objects.filter(type_code="执").count()
    if lapsing.status == TitleStatus.ENFORCEMENT_APPLIED:
        assert (urging.status, filed) == (UrgingStatus.FILED, 1)
        assert [getattr(e, "code", e) for e in errors] == ["title_closed"], "the late payment is refused"
        assert lapsing.obligations.get().paid == 0
    else:
        assert lapsing.status == TitleStatus.CLOSED_WITHOUT_ENFORCEMENT
        assert (urging.status, filed) == (UrgingStatus.PERFORMED, 0)
        assert errors == []


def test_parallel_lapse_jobs_file_one_case(lapsing) -> None:
    results, errors = _race(*[lambda: tick(days(0)) for _ in range(4)])
    assert errors == []
    assert Case.objects.filter(type_code="执").count() == 1
    assert sum(len(r.filed) for r in results) == 1  # type: ignore[attr-defined]
    lapsing.refresh_from_db()
    assert lapsing.status == TitleStatus.ENFORCEMENT_APPLIED
    with pytest.raises(LawError):
        services.record_payment(None, lapsing, payer_ref="B", paid_on=days(0), amount="1")
