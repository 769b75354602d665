"""Schemathesis over the whole OpenAPI surface, with a token of every role: no operation answers 5xx.

Each generated request goes out once per role (one demo account per role, a token with all its
permissions) and once without credentials, so scoping, permission refusals and validation are all
exercised; the only property checked is the one a probe from outside would find: no server error.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.generation.meta import TestPhase


def _schema() -> Any:
    """The OpenAPI document as the API object builds it (no request, no database), served by the WSGI app."""
    from django.core.wsgi import get_wsgi_application

    from zhiyuan.api import api

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema())
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()

#: examples per operation; ``ZHIYUAN_API_PROBE_EXAMPLES`` raises it for a deeper run
EXAMPLES = int(os.environ.get("ZHIYUAN_API_PROBE_EXAMPLES", "6"))
#: each random example goes out with this many of the identities (anonymous and one token per role),
#: taken in turn, so six examples reach every role once or more without sending each example fifteen times
PER_EXAMPLE = 3
#: the coverage phase's boundary cases (some twenty per operation: each field at its limits and just past
#: them) go out once each, with the role tokens in turn: a boundary value is refused or accepted by the
#: request's validation, which runs for every signed-in caller before the operation's own permission check,
#: so one signed-in identity exercises it (anonymous callers are refused before validation, and the random
#: examples still reach them)
PER_COVERAGE_CASE = 1


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """The WSGI handler closes old connections when a request starts and finishes, which would close the
    test's own transaction on PostgreSQL; Django's test client unhooks the same handler."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def role_headers(db: None, reference_data: None) -> list[dict[str, str]]:
    """``Authorization`` headers: none, then one bearer token per demo role."""
    from zhiyuan.accounts import services
    from zhiyuan.accounts.demo import ensure_demo_users
    from zhiyuan.accounts.models import User

    ensure_demo_users()
    headers: list[dict[str, str]] = [{}]
    for user in User.objects.order_by("username"):
        if not user.permissions:
            continue
        _token, raw = services.issue_token(None, user, "probe", sorted(user.permissions))
        headers.append({"Authorization": f"Bearer {raw}"})
    return headers


_turns: dict[str, int] = {}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_no_operation_answers_a_server_error(case: Any, role_headers: list[dict[str, str]]) -> None:
    turn = _turns.get(case.operation.label, 0)
    _turns[case.operation.label] = turn + 1
    coverage = case.meta is not None and case.meta.phase.name == TestPhase.COVERAGE
    identities = role_headers[1:] if coverage else role_headers
    per_case = PER_COVERAGE_CASE if coverage else PER_EXAMPLE
    for step in range(per_case):
        headers = identities[(turn * per_case + step) % len(identities)]
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} as {headers.get('Authorization', 'anonymous')[:16]} "
            f"→ {response.status_code}: {response.text[:500]}\n{case.as_curl_command()}"
        )
