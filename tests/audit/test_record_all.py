"""Appending many entries at once (``record_all``, for bulk writers such as the case import) makes the
same chain as appending them one by one: consecutive places, masked contents, verifiable, continued by
the next ``record``."""

from __future__ import annotations

import pytest

from zhiyuan.audit import verification
from zhiyuan.audit.models import AuditEntry, AuditHead
from zhiyuan.audit.services import Actor, entry_fields, record, record_all

pytestmark = pytest.mark.django_db

WHO = Actor(7, "clerk", roles="filing_clerk", court_code="黔0102")


def test_record_all_appends_a_verifiable_run_of_entries() -> None:
    record(WHO, "before.bulk")
    entries = [
        entry_fields(
            WHO,
            "cases.case.import_update",
            object_type="cases.case",
            object_id=str(i),
            before={"claim_amount": "1.00"},
            after={"claim_amount": f"{i}.00", "id_number": "11010519491231002X"},
        )
        for i in range(1, 4)
    ]
    assert "at" not in entries[0]
    assert "seq" not in entries[0]
    assert record_all(entries) == 3
    assert record_all([]) == 0
    record(WHO, "after.bulk")
    rows = list(AuditEntry.objects.order_by("seq"))
    assert [r.action for r in rows] == ["before.bulk", *["cases.case.import_update"] * 3, "after.bulk"]
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert len({r.at for r in rows[1:4]}) == 1  # one moment for the run
    assert rows[1].after["id_number"] != "11010519491231002X"  # masked as record masks it
    head = AuditHead.objects.get()
    assert (head.size, head.chain_hash) == (5, rows[-1].chain_hash)
    assert verification.verify().ok
