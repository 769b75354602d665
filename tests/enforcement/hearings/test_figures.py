"""The hearing figures for the command center, computed from data: held, by matter, outcomes, the share of
objection cases heard, and the median days from request to hearing — scoped to the user's courts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from tests.enforcement.hearings.conftest import FILED, at
from zhiyuan.accounts.scoping import district
from zhiyuan.cases import services as cases
from zhiyuan.courts.models import Court
from zhiyuan.enforcement.hearings import selectors, services

pytestmark = pytest.mark.django_db


def _heard(crew, case, day, matter, outcome, requested_on, presiding="reviewer"):  # type: ignore[no-untyped-def]
    h = services.schedule(
        crew["reviewer"],
        case,
        matter=matter,
        mode="room",
        place="一室",
        starts_at=at(day),
        minutes=60,
        presiding=crew[presiding],
        requested_on=requested_on,
    )
    for p in h.participants.all():
        services.serve(crew["reviewer"], p, served_on=requested_on)
    h = services.hold(crew[presiding], h, record_text="笔录")
    if outcome:
        h = services.decide(crew[presiding], h, outcome=outcome, reasons="理由", on=day)
    return h


def test_figures_from_data(crew, objection) -> None:
    second = cases.file_case(
        crew["clerk"],
        court_code="黔0102",
        type_code="执异",
        filed_on=FILED + dt.timedelta(days=2),
        origin=objection.origin,
    )
    _heard(crew, objection, dt.date(2026, 11, 20), "third_party_objection", "sustained", dt.date(2026, 11, 4))
    _heard(crew, objection, dt.date(2026, 11, 24), "act_objection", "dismissed", dt.date(2026, 11, 14))
    _heard(
        crew, objection.origin, dt.date(2026, 11, 26), "tcp_objection", "", dt.date(2026, 11, 6), "reviewer2"
    )
    cancelled = services.schedule(
        crew["reviewer"],
        second,
        matter="other",
        mode="room",
        place="一室",
        starts_at=at(dt.date(2026, 11, 27)),
        minutes=60,
        presiding=crew["reviewer"],
        requested_on=dt.date(2026, 11, 5),
    )
    services.cancel(crew["reviewer"], cancelled, reason="撤回")
    f = selectors.figures(crew["head"], dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert f["held"] == 3
    assert f["by_matter"] == {"third_party_objection": 1, "act_objection": 1, "tcp_objection": 1}
    assert f["outcomes"] == {"sustained": 1, "dismissed": 1}
    assert f["objections_filed"] == 2
    assert f["objections_heard"] == 1
    assert f["objection_share"] == 0.5
    assert f["median_days_to_hearing"] == 16  # waits 16, 10, 20 days
    narrow = selectors.figures(crew["head"], dt.date(2026, 11, 21), dt.date(2026, 11, 30))
    assert narrow["held"] == 2
    assert narrow["objections_filed"] == 0
    assert narrow["objection_share"] is None
    elsewhere = selectors.figures(crew["reviewer_zunyi"], dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert elsewhere["held"] == 0
    assert elsewhere["median_days_to_hearing"] is None
    # the command center's block: the same figures for the district, on the overview page
    guiyang = sorted(district(Court.objects.get(code="黔01").pk))
    assert selectors.overview_figures(guiyang, dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == {
        "held": 3,
        "objections_filed": 2,
        "objections_heard": 1,
        "objection_heard_rate": 0.5,
        "median_wait_days": 16,
    }
    cache.clear()
    client = Client()
    client.force_login(crew["head"])
    html = client.get("/command/", {"from": "2026-11-01", "to": "2026-11-30"}).content.decode()
    start = html.index('data-area="hearings"')
    panel = html[start : html.index("</section>", start)]
    assert "hearings-objection_heard_rate" in panel
    assert "50" in panel
