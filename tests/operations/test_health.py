"""Health and readiness: the process answers; ready means database, scheduler and worker heartbeats and the
audit head, and a stale heartbeat is named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from zhiyuan.scheduling.models import Heartbeat
from zhiyuan.scheduling.services import beat

pytestmark = pytest.mark.django_db


def test_live_answers_without_signing_in(client: Client) -> None:
    r = client.get("/health/live")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_ready_needs_the_scheduler_and_the_worker(client: Client) -> None:
    r = client.get("/health/ready")
    assert r.status_code == 503
    checks = r.json()["checks"]
    assert checks["database"]["ok"]
    assert not checks["scheduler"]["ok"]
    assert not checks["worker"]["ok"]
    beat("scheduler")
    beat("worker")
    r = client.get("/health/ready")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["status"] == "ok"
    assert body["checks"]["audit"]["ok"]
    assert r["Cache-Control"].startswith("max-age=0")


def test_a_stale_heartbeat_is_named(client: Client) -> None:
    beat("scheduler")
    beat("worker")
    Heartbeat.objects.filter(name="worker").update(at=timezone.now() - dt.timedelta(minutes=30))
    r = client.get("/health/ready")
    assert r.status_code == 503
    checks = r.json()["checks"]
    assert checks["scheduler"]["ok"]
    assert not checks["worker"]["ok"]
    assert checks["worker"]["age_seconds"] >= 1800


def test_metrics_answer_the_monitoring_host_only(client: Client) -> None:
    client.get("/health/live")
    r = client.get("/metrics")
    assert r.status_code == 200
    text = r.content.decode()
    assert (
        'zhiyuan_http_request_duration_seconds_count{method="GET",route="/health/live",status="2xx"}' in text
    )
    for name in (
        "zhiyuan_job_queue_depth",
        "zhiyuan_job_failures",
        "zhiyuan_deadlines_overdue",
        "zhiyuan_audit_log_entries",
    ):
        assert f"\n{name}" in text
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 404


def test_every_response_carries_a_request_id(client: Client) -> None:
    assert len(client.get("/health/live")["X-Request-ID"]) == 32
    given = client.get("/health/live", HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert given["X-Request-ID"] == "proxy-abc-12345"
    odd = client.get("/health/live", HTTP_X_REQUEST_ID="<script>")
    assert odd["X-Request-ID"] != "<script>"
