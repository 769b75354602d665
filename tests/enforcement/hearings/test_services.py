"""The hearing services: the Done-when flow (a third-party objection heard with a reviewer who is not the
officer, notices served in time, the record kept, the ruling made) and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.enforcement.hearings.conftest import FILED, at
from zhiyuan.audit.models import AuditEntry
from zhiyuan.cases.models import NodeLog
from zhiyuan.enforcement.hearings import services
from zhiyuan.enforcement.models import Hearing, HearingState
from zhiyuan.law.errors import Denied, LawError

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 20)
REQ = dt.date(2026, 11, 4)


def _schedule(crew, case, **kw):  # type: ignore[no-untyped-def]
    args = {
        "matter": "third_party_objection",
        "mode": "room",
        "place": "第一听证室",
        "starts_at": at(DAY),
        "minutes": 120,
        "presiding": crew["reviewer"],
        "requested_on": REQ,
        "public": True,
    }
    args.update(kw)
    return services.schedule(crew["reviewer"], case, **args)


def _serve_all(crew, h, on=dt.date(2026, 11, 10)):  # type: ignore[no-untyped-def]
    for p in h.participants.all():
        services.serve(crew["reviewer"], p, served_on=on, method="直接送达")


def test_third_party_objection_heard_and_ruled(crew, objection) -> None:
    h = _schedule(crew, objection, others=[services.OtherIn("王执行", "执行实施承办人")])
    assert h.linked_id == objection.origin_id
    assert sorted(p.name for p in h.participants.all()) == sorted(["王五", "张三", "李四", "王执行"])
    _serve_all(crew, h)
    statements = {p.pk: f"{p.name}的陈述" for p in h.participants.all()}
    h = services.hold(
        crew["reviewer"], h, record_text="审查人：赵审查。各方陈述如下……", statements=statements
    )
    assert h.state == HearingState.HELD
    assert h.held_on == DAY
    assert h.participants.get(name="王五").statement == "王五的陈述"
    h = services.decide(
        crew["reviewer"], h, outcome="sustained", reasons="案外人对该房产享有足以排除执行的权益。", on=DAY
    )
    h = services.close(crew["reviewer"], h, on=dt.date(2026, 11, 23))
    objection.refresh_from_db()
    assert h.state == HearingState.CLOSED
    assert objection.status == "closed"
    assert objection.closed_on == dt.date(2026, 11, 23)
    nodes = list(NodeLog.objects.filter(case=objection).values_list("node", flat=True))
    for node in ("hearing.schedule", "hearing.notice", "hearing.held", "hearing.outcome", "hearing.close"):
        assert node in nodes
    assert NodeLog.objects.filter(case=objection.origin, node="hearing.outcome").exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "enforcement.hearing.schedule",
        "enforcement.hearing.serve",
        "enforcement.hearing.hold",
    } <= actions


def test_the_officer_never_presides(crew, objection, former_officer) -> None:
    with pytest.raises(LawError) as err:
        _schedule(crew, objection, presiding=former_officer)
    assert err.value.code == "reviewer_is_officer"
    with pytest.raises(LawError) as err:
        _schedule(crew, objection, presiding=crew["officer"])
    assert err.value.code == "presiding_not_reviewer"
    with pytest.raises(LawError) as err:
        _schedule(crew, objection, presiding=crew["reviewer_zunyi"])
    assert err.value.code == "presiding_not_reviewer"
    assert not Hearing.objects.exists()


def test_double_booking_refused_and_back_to_back_allowed(crew, objection) -> None:
    _schedule(crew, objection)
    with pytest.raises(LawError) as err:
        _schedule(crew, objection, starts_at=at(DAY, 10))
    assert err.value.code == "reviewer_double_booked"
    _schedule(crew, objection, starts_at=at(DAY, 11))  # starts when the first ends
    _schedule(crew, objection, starts_at=at(DAY, 10), presiding=crew["reviewer2"])
    assert Hearing.objects.count() == 3


def test_a_cancelled_hearing_frees_the_slot(crew, objection) -> None:
    h = _schedule(crew, objection)
    services.cancel(crew["reviewer"], h, reason="异议人撤回申请")
    _schedule(crew, objection)
    with pytest.raises(LawError) as err:
        services.cancel(crew["reviewer"], h, reason="again")
    assert err.value.code == "hearing_state_invalid"


def test_notice_too_late_blocks_the_hearing(crew, objection) -> None:
    h = _schedule(crew, objection)
    people = list(h.participants.all())
    for p in people[:-1]:
        services.serve(crew["reviewer"], p, served_on=DAY - dt.timedelta(days=3))
    services.serve(crew["reviewer"], people[-1], served_on=DAY - dt.timedelta(days=2))
    with pytest.raises(LawError) as err:
        services.hold(crew["reviewer"], h, record_text="笔录")
    assert err.value.code == "participant_not_served_in_time"
    assert people[-1].name in err.value.message_zh
    h.refresh_from_db()
    assert h.state == HearingState.SCHEDULED
    assert h.record == ""


def test_reschedule_needs_new_service(crew, objection) -> None:
    h = _schedule(crew, objection)
    _serve_all(crew, h)
    h = services.reschedule(
        crew["reviewer"], h, starts_at=at(dt.date(2026, 11, 27)), minutes=60, reason="申请人请假"
    )
    assert h.reschedules[0]["reason"] == "申请人请假"
    assert not h.participants.filter(served_on__isnull=False).exists()
    with pytest.raises(LawError) as err:
        services.reschedule(crew["reviewer"], h, starts_at=at(DAY), minutes=60, reason="")
    assert err.value.code == "reason_required"


def test_only_the_presiding_reviewer_records(crew, objection) -> None:
    h = _schedule(crew, objection)
    _serve_all(crew, h)
    with pytest.raises(Denied) as err:
        services.hold(crew["reviewer2"], h, record_text="笔录")
    assert err.value.code == "not_presiding"
    with pytest.raises(Denied) as err:
        services.hold(crew["officer"], h, record_text="笔录")
    assert err.value.code == "permission_denied"


def test_wrong_role_and_other_court_refused(crew, objection) -> None:
    with pytest.raises(Denied) as err:
        services.schedule(
            crew["officer"],
            objection,
            matter="other",
            mode="room",
            place="室",
            starts_at=at(DAY),
            minutes=60,
            presiding=crew["reviewer"],
            requested_on=REQ,
        )
    assert err.value.code == "permission_denied"
    with pytest.raises(Denied) as err:
        services.schedule(
            crew["reviewer_zunyi"],
            objection,
            matter="other",
            mode="room",
            place="室",
            starts_at=at(DAY),
            minutes=60,
            presiding=crew["reviewer_zunyi"],
            requested_on=REQ,
        )
    assert err.value.code == "case_out_of_scope"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"matter": "divorce"}, "hearing_matter_unknown"),
        ({"mode": "boat"}, "hearing_mode_invalid"),
        ({"mode": "online", "place": "http://meet"}, "hearing_link_invalid"),
        ({"place": "  "}, "hearing_place_required"),
        ({"minutes": 5}, "hearing_duration_invalid"),
        ({"requested_on": FILED - dt.timedelta(days=30)}, "hearing_request_date_invalid"),
        ({"starts_at": at(REQ - dt.timedelta(days=1))}, "hearing_before_request"),
        ({"place": "室\x00"}, "text_control_character"),
        ({"presiding": "nobody"}, "presiding_unknown"),
    ],
)
def test_bad_input_refused(crew, objection, changes, code) -> None:
    with pytest.raises(LawError) as err:
        _schedule(crew, objection, **changes)
    assert err.value.code == code
    assert err.value.message_zh
    assert err.value.message_en
    assert not Hearing.objects.exists()


def test_a_hearing_on_the_enforcement_case_itself(crew, objection) -> None:
    h = _schedule(crew, objection.origin, matter="tcp_objection", presiding=crew["reviewer2"])
    assert h.linked_id == objection.origin_id
    _serve_all(crew, h)
    h = services.hold(crew["reviewer2"], h, record_text="笔录")
    h = services.decide(crew["reviewer2"], h, outcome="dismissed", reasons="理由", on=DAY)
    h = services.close(crew["reviewer2"], h, on=DAY)
    objection.origin.refresh_from_db()
    assert h.state == HearingState.CLOSED
    assert objection.origin.closed_on is None


def test_only_the_review_case_handler_rules(crew, objection) -> None:
    h = _schedule(crew, objection, presiding=crew["reviewer2"])
    _serve_all(crew, h)
    h = services.hold(crew["reviewer2"], h, record_text="笔录")
    h = services.decide(crew["reviewer2"], h, outcome="withdrawn", reasons="异议人撤回", on=DAY)
    with pytest.raises(Denied) as err:
        services.close(crew["reviewer2"], h, on=DAY)
    assert err.value.code == "not_case_handler"
    assert AuditEntry.objects.filter(action="auth.denied", actor_id=crew["reviewer2"].pk).exists()
    h.refresh_from_db()
    assert h.state == HearingState.DECIDED
    services.close(crew["reviewer"], h, on=DAY)
    objection.refresh_from_db()
    assert objection.closing_method == "withdrawal"
