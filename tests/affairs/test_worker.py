"""The real worker process: a batch started in one process is run by ``zhiyuan db_worker`` (django-tasks'
database queue) in another — every item done or failed with its reason — and a job whose handler keeps
failing ends as a dead letter with django-tasks' record of its traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ZHIYUAN = str(Path(sys.executable).parent / "zhiyuan")

SEED = """
import datetime as dt, json
from decimal import Decimal
from django.db import transaction
from zhiyuan.accounts import services as accounts
from zhiyuan.affairs import batches, jobs, services
from zhiyuan.affairs.models import Task
from zhiyuan.cases import services as cases
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data
from zhiyuan.enforcement import task_kinds

load_reference_data()
def user(name, role):
    u = accounts.create_user(None, username=name, password="Zhiyuan#2026", court_code="黔0102", full_name=name)
    accounts.grant_role(None, u, role)
    u.refresh_from_db()
    return u
clerk, staff, other = user("clerk", "filing_clerk"), user("staff", "affairs_staff"), user("other", "affairs_staff")
for n in range(3):
    case = cases.file_case(clerk, court_code="黔0102", type_code="执", filed_on=dt.date(2026, 11, 2),
        claim_amount=Decimal("1000"), parties_in=[PartyIn("张三", "plaintiff", "11010519491231002X"),
        PartyIn("李四", "defendant", "520102199003070014")])
    if n == 1:
        services.claim(other, Task.objects.get(case=case, kind=task_kinds.NOTICE))
batch = batches.start_batch(staff, batches.COMPLETE_TASKS, {"kind": task_kinds.NOTICE, "note": "已送达"})
with transaction.atomic():
    job = jobs.Job.objects.create(handler="tests.missing", key="dead:1", max_attempts=1)
    jobs._submit(job, 1)
batch.refresh_from_db()
print(json.dumps({"batch": batch.pk, "job": job.pk, "before": [batch.status, batch.done]}))
"""

READ = """
import json
from django_tasks_db.models import DBTaskResult
from zhiyuan.affairs.models import Batch, BatchItem, Job
b = Batch.objects.get(pk={batch}); j = Job.objects.get(pk={job})
print(json.dumps({{"batch": [b.status, b.done, b.failed], "items": sorted(BatchItem.objects.filter(batch=b)
    .values_list("status", flat=True)), "job": [j.status, j.attempts, j.last_error],
    "traceback": DBTaskResult.objects.get(pk=j.result_id).traceback}}))
"""


def test_the_worker_process_runs_a_batch_and_a_dead_letter(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZHIYUAN_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    subprocess.run([ZHIYUAN, "migrate", "-v0"], env=env, check=True, capture_output=True)

    def shell(code: str) -> dict[str, object]:
        done = subprocess.run(
            [ZHIYUAN, "shell", "-c", code], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    ids = shell(SEED)
    assert ids.pop("before") == ["queued", 0]  # nothing ran in the process that started it
    worker = subprocess.run(
        [ZHIYUAN, "db_worker", "--batch", "--no-startup-delay", "--interval", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stderr
    out = shell(READ.format(**ids))
    assert out["batch"] == ["done", 2, 1]
    assert out["items"] == ["done", "done", "failed"]
    job = out["job"]
    assert isinstance(job, list)
    assert job[:2] == ["dead", 1]
    assert "no job handler 'tests.missing'" in job[2]
    assert "LookupError" in str(out["traceback"])
