"""Issue #6 at scale: after ``zhiyuan indicators refresh`` the rollup path gives exactly the live path's
report and monthly trend on random case trees (and so the definitions', by test_agreement); ``auto`` never
serves a stale rollup; refreshes are idempotent and follow writes."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.governance.conftest import csv_bytes, row
from tests.governance.generator import Generator
from zhiyuan.audit.services import Actor, is_access, record, record_read
from zhiyuan.cases.importing import import_file
from zhiyuan.cases.models import Case
from zhiyuan.courts.selectors import reference
from zhiyuan.governance import selectors
from zhiyuan.governance.campaigns import Campaign, compute_campaigns
from zhiyuan.governance.definitions import Window, compute_all
from zhiyuan.governance.exported import read_csv
from zhiyuan.governance.models import CampaignFact, DayRollup, DecisionFact
from zhiyuan.governance.refresh import is_fresh, refresh, state

pytestmark = pytest.mark.django_db

SCOPES = [
    ("黔01", True, "2025-01-01", "2025-12-31"),
    ("黔", True, "2025-01-01", "2025-12-31"),
    ("黔0102", False, "2025-01-01", "2025-12-31"),
    ("黔0103", False, "2024-07-01", "2025-06-30"),
    ("黔", True, "2025-12-31", "2025-12-31"),
    ("黔", True, "2024-12-31", "2025-01-01"),
    ("黔03", True, "2023-01-01", "2026-12-31"),
]


def _import(rows: list[dict[str, str]]) -> None:
    report = import_file(io.BytesIO(csv_bytes(rows)), filename="random.csv")
    assert not report.errors, report.as_dict()["errors"][:3]


@pytest.fixture
def trees(reference_data: None) -> None:
    """Random dispute trees (every type, method and edge date the indicators look at), imported."""
    _import(Generator(seed=61).rows(600))


def _report(court: str, subtree: bool, start: str, end: str, path: selectors.Path) -> dict[str, Any]:
    return selectors.report(
        court_code=court,
        subtree=subtree,
        date_from=dt.date.fromisoformat(start),
        date_to=dt.date.fromisoformat(end),
        path=path,
    )


@pytest.mark.parametrize(("court", "subtree", "start", "end"), SCOPES)
def test_rollup_report_equals_live(trees: None, court: str, subtree: bool, start: str, end: str) -> None:
    assert refresh().done
    rolled = _report(court, subtree, start, end, "rollup")
    assert rolled == _report(court, subtree, start, end, "live")
    assert _report(court, subtree, start, end, "auto") == rolled


def test_rollup_monthly_equals_live(trees: None) -> None:
    refresh()
    for court, subtree in (("黔", True), ("黔0111", False)):
        ids = selectors.courts_for(court, subtree)
        start, end = dt.date(2024, 11, 15), dt.date(2025, 12, 31)
        rolled = selectors.monthly(ids, start, end, path="rollup")
        assert rolled == selectors.monthly(ids, start, end, path="live")
        assert len(rolled) == 14
        assert sum(r["intake"] for r in rolled) > 20  # not vacuous


def test_data_is_rich_enough(trees: None) -> None:
    """Every rollup is exercised: the report's rates are neither empty nor trivial."""
    refresh()
    got = _report("黔", True, "2025-01-01", "2025-12-31", "rollup")
    for key in ("full_performance_rate", "tcp_rate", "recovery_rate", "judgment_to_enforcement_rate"):
        assert 0 < got["indicators"][key] < 1, key
    assert got["indicators"]["mediation_enforcement_rate"] is not None
    assert got["indicators"]["case_per_dispute"] > 1
    assert all(f["cases_closed"] > 0 for f in got["campaigns"].values()), got["campaigns"]
    assert DecisionFact.objects.filter(role="mediation").exists()
    assert CampaignFact.objects.filter(since__isnull=False).exists()  # the derived-kind campaign
    # the corrections for what came after a period's end are exercised by the periods of SCOPES
    start, end = dt.date(2024, 7, 1), dt.date(2025, 6, 30)
    closed = DecisionFact.objects.filter(closed_on__gte=start, closed_on__lte=end)
    assert closed.filter(role="final", enforced_on__gt=end).exists()
    assert closed.filter(role="final", type_code="民初", appealed_on__gt=end).exists()
    assert closed.filter(role="mediation", enforced_on__gt=end).exists()


def test_cli_auto_after_refresh_equals_the_definitions_on_the_export(trees: None, tmp_path: Any) -> None:
    out = io.StringIO()
    call_command("indicators", "refresh", stdout=out)
    assert json.loads(out.getvalue())["done"] is True
    assert is_fresh()
    path = tmp_path / "export.csv"
    call_command("cases", "export", str(path), stderr=io.StringIO())
    with path.open(encoding="utf-8") as stream:
        cases = read_csv(stream, reference().case_numbers)
    out = io.StringIO()
    args = ["--court", "黔01", "--subtree", "--from", "2025-01-01", "--to", "2025-12-31", "--json"]
    call_command("indicators", *args, "--path", "rollup", stdout=out)
    cli = json.loads(out.getvalue())
    codes = selectors.court_codes(selectors.courts_for("黔01", True))
    period = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert cli["indicators"] == compute_all(cases, codes, *period)
    assert cli["campaigns"] == compute_campaigns(Window(cases, codes, *period))


def test_auto_reads_live_when_the_data_changed(trees: None) -> None:
    refresh()
    before = _report("黔0102", False, "2025-01-01", "2025-12-31", "rollup")
    _import(
        [
            row(
                "（2025）黔0102执8888号",
                "2025-03-01",
                closed="2025-04-01",
                method="fully_performed",
                claim="500",
                recovered="500",
            )
        ]
    )
    assert not is_fresh()
    auto = _report("黔0102", False, "2025-01-01", "2025-12-31", "auto")
    assert auto == _report("黔0102", False, "2025-01-01", "2025-12-31", "live")
    assert auto["indicators"]["closed"] == before["indicators"]["closed"] + 1
    # the stale rollup still says what it said, until the next refresh
    assert _report("黔0102", False, "2025-01-01", "2025-12-31", "rollup") == before
    assert refresh().done
    assert _report("黔0102", False, "2025-01-01", "2025-12-31", "rollup") == auto


def test_refresh_is_idempotent(trees: None) -> None:
    first = refresh()
    assert first.done
    assert first.rows["dayrollup"] > 0
    assert refresh().done is False  # nothing changed
    forced = refresh(force=True)
    assert forced.done
    assert forced.rows == first.rows
    assert state() is not None
    assert state().stamp == first.stamp


def test_a_saved_case_refreshes_after_commit(trees: None, django_capture_on_commit_callbacks: Any) -> None:
    refresh()
    cache.clear()  # the debounce window
    case = Case.objects.filter(type_code="执", closed_on__isnull=True).first()
    assert case is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case.closed_on, case.closing_method = case.filed_on, "tcp"
        case.recovered_amount = None
        case.save()
    assert callbacks  # the hook asked for a refresh; the test task backend ran it at once
    assert is_fresh()
    year = f"{case.filed_on:%Y}"
    code = case.court.code
    rolled = _report(code, False, f"{year}-01-01", f"{year}-12-31", "rollup")
    assert rolled == _report(code, False, f"{year}-01-01", f"{year}-12-31", "live")


def test_a_dispute_with_two_roots_reads_case_per_dispute_live(trees: None) -> None:
    roots = list(Case.objects.filter(origin__isnull=True, court__code="黔0102").order_by("pk")[:2])
    Case.objects.filter(pk=roots[1].pk).update(dispute_id=roots[0].dispute_id)
    refresh()
    assert state().single_roots is False  # type: ignore[union-attr]
    for scope in SCOPES[:3]:
        assert _report(*scope, path="rollup") == _report(*scope, path="live")


def test_another_campaign_configuration_is_read_live(trees: None) -> None:
    refresh()
    other = (Campaign(id="big", name_zh="大额", name_en="Large", claim_min=Decimal("100000")),)
    ids = selectors.courts_for("黔", True)
    period = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    got = selectors.campaigns_for(ids, *period, other, path="rollup")
    assert got == selectors.campaigns_for(ids, *period, other, path="live")
    assert got["big"]["cases_closed"] > 0


def test_an_empty_database(reference_data: None) -> None:
    assert refresh().rows["dayrollup"] == 0
    assert DayRollup.objects.count() == 0
    rolled = _report("黔", True, "2025-01-01", "2025-12-31", "rollup")
    assert rolled == _report("黔", True, "2025-01-01", "2025-12-31", "live")
    assert rolled["indicators"]["intake"] == 0
    assert rolled["indicators"]["recovery_rate"] is None


def test_bad_path_is_a_usage_error(reference_data: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("indicators", "--court", "黔", "--path", "fast", stdout=io.StringIO())


def test_a_stale_read_asks_for_a_refresh_once(trees: None, django_capture_on_commit_callbacks: Any) -> None:
    """A bulk import writes without signals: the first read that finds the rollups stale reads live and
    asks for a refresh (run at once by the test task backend); within the debounce window it asks once."""
    refresh()
    _import([row("（2025）黔0102执7777号", "2025-05-01")])
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        live = _report("黔0102", False, "2025-01-01", "2025-12-31", "auto")
    assert callbacks
    assert is_fresh()
    assert _report("黔0102", False, "2025-01-01", "2025-12-31", "rollup") == live
    _import([row("（2025）黔0102执7778号", "2025-05-02")])
    with django_capture_on_commit_callbacks(execute=True):
        _report("黔0102", False, "2025-01-01", "2025-12-31", "auto")
    # debounced: one request per window; a real backend defers that refresh past the window, covering this
    assert not is_fresh()


def test_rollup_court_counts_equal_live(trees: None) -> None:
    assert refresh().done
    ids = selectors.courts_for("黔", True)
    for start, end in (
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
    ):
        rolled = selectors.court_counts(ids, start, end, path="rollup")
        assert rolled == selectors.court_counts(ids, start, end, path="live")
    assert sum(c["pending"] for c in rolled.values()) > 0  # not vacuous
    assert len(rolled) > 1


def test_reads_exports_and_sign_ins_leave_the_rollups_fresh_and_a_change_does_not(trees: None) -> None:
    """Audited accesses are not changes: a page read, an export or a sign-in must not send every command
    center back to live queries (and a refresh storm); an audited change still makes the rollups stale."""
    refresh()
    assert is_fresh()
    system = Actor.system("test")
    record_read(system, "list", via="api", filters={}, rows=3)
    record(system, "cases.export", object_type="cases.export", after={"rows": 1})
    record(system, "auth.login", object_type="accounts.user", object_id="1")
    record(system, "performance.notice.download", object_type="performance.notice", object_id="1")
    assert is_fresh()
    record(system, "cases.node", object_type="cases.case", object_id="1", after={"node": "x"})
    assert not is_fresh()
    assert is_access("audit.read")
    assert is_access("organizations.export")
    assert not is_access("cases.transition")
