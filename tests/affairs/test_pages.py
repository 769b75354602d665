"""The affairs center's pages through Django's test client on the real database: the queue with its
counts and filters, claiming and working a task with its forms (CSRF, errors in Chinese), the case page's
tasks section, batches with the progress endpoint, the dead letters and their retry."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhiyuan.affairs import batches
from zhiyuan.affairs.models import Job, JobStatus, Task, TaskStatus
from zhiyuan.enforcement import task_kinds

from .conftest import client_of

pytestmark = pytest.mark.django_db


def _notice(case: Any) -> Task:
    return Task.objects.get(case=case, kind=task_kinds.NOTICE)


def test_the_queue_shows_counts_filters_and_claim_buttons(file_enforcement, people) -> None:
    case = file_enforcement()
    file_enforcement()
    client = client_of(people["staff"])
    response = client.get(reverse("affairs:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    service_row = re.search(r'<tr data-team="service">.*?</tr>', html, re.S)
    assert service_row is not None
    assert '<td class="open">2</td>' in service_row.group(0)
    assert "送达组" in html
    assert "查控组" in html
    assert "评估拍卖组" in html
    assert html.count('class="claim"') == 4
    assert case.case_number in html
    filtered = client.get(reverse("affairs:queue"), {"team": "inquiry"}).content.decode()
    assert filtered.count('class="claim"') == 2
    assert "送达执行通知书等" not in filtered.split('id="tasks"')[1]
    bad = client.get(reverse("affairs:queue"), {"team": "nonsense"})
    assert bad.status_code == 400
    assert "筛选条件有误" in bad.content.decode()


def test_who_may_open_the_queue(people) -> None:
    assert client_of(people["command"]).get(reverse("affairs:queue")).status_code == 403
    assert client_of(people["officer"]).get(reverse("affairs:queue")).status_code == 200
    anonymous = Client().get(reverse("affairs:queue"))
    assert anonymous.status_code == 302
    assert "/accounts/login" in anonymous["Location"]


def test_claim_complete_and_return_through_the_pages(file_enforcement, people) -> None:
    task = _notice(file_enforcement())
    client = client_of(people["staff"])
    back = reverse("affairs:queue") + "?team=service"
    response = client.post(reverse("affairs:task_action", args=[task.pk, "claim"]), {"next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    page = client.get(reverse("affairs:task", args=[task.pk])).content.decode()
    assert 'id="complete-form"' in page
    assert 'id="return-form"' in page
    missing = client.post(reverse("affairs:task_action", args=[task.pk, "return"]), {"reason": ""})
    assert missing.status_code == 400
    assert "退回任务须说明理由。" in missing.content.decode()
    bad = client.post(reverse("affairs:task_action", args=[task.pk, "complete"]), {"note": "x" * 501})
    assert bad.status_code == 400
    done = client.post(reverse("affairs:task_action", args=[task.pk, "complete"]), {"note": "已邮寄送达"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    page = client.get(reverse("affairs:task", args=[task.pk])).content.decode()
    assert "已邮寄送达" in page
    assert re.search(r'data-what="done">.*?吴事务', page, re.S)
    again = client.post(reverse("affairs:task_action", args=[task.pk, "complete"]), {"note": ""})
    assert again.status_code == 409
    assert "任务已完成，不能再办理。" in again.content.decode()


def test_the_task_page_has_no_button_to_itself(file_enforcement, people) -> None:
    task = _notice(file_enforcement())
    client = client_of(people["staff"])
    client.post(reverse("affairs:task_action", args=[task.pk, "claim"]))
    page = client.get(reverse("affairs:task", args=[task.pk])).content.decode()
    assert 'class="button work"' not in page
    assert "放回队列" in page
    queue = client.get(reverse("affairs:queue")).content.decode()
    assert f'class="button work" data-task="{task.pk}"' in queue


def test_the_batch_page_offers_only_permitted_actions(file_enforcement, people) -> None:
    from zhiyuan.affairs import registry

    guarded = [a for a in registry.batch_actions() if a.permission != "affairs:batch"]
    assert guarded  # enforcement's renewal needs enforcement:measure
    client = client_of(people["staff"])
    page = client.get(reverse("affairs:batches")).content.decode()
    assert f'value="{batches.COMPLETE_TASKS}"' in page
    for action in guarded:
        assert f'value="{action.code}"' not in page
        refused = client.get(reverse("affairs:batches"), {"action": action.code})
        assert refused.status_code == 400  # not a choice for this user


def test_refusals_show_in_words(file_enforcement, people) -> None:
    task = _notice(file_enforcement())
    client_of(people["staff2"]).post(reverse("affairs:task_action", args=[task.pk, "claim"]))
    taken = client_of(people["staff"]).post(reverse("affairs:task_action", args=[task.pk, "claim"]))
    assert taken.status_code == 409
    assert "任务已由郑事务领取。" in taken.content.decode()
    other = client_of(people["staff_zunyi"]).post(reverse("affairs:task_action", args=[task.pk, "claim"]))
    assert other.status_code == 404  # not in the court's scope: not found
    assert (
        client_of(people["staff"]).post(reverse("affairs:task_action", args=[task.pk, "fly"])).status_code
        == 404
    )


def test_posts_need_the_csrf_token(file_enforcement, people) -> None:
    task = _notice(file_enforcement())
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["staff"])
    assert client.post(reverse("affairs:task_action", args=[task.pk, "claim"])).status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_the_case_page_lists_the_cases_tasks(file_enforcement, people) -> None:
    case = file_enforcement()
    html = client_of(people["officer"]).get(reverse("cases:detail", args=[case.case_number])).content.decode()
    section = html[html.index('<section id="affairs-tasks"') :]
    section = section[: section.index("</section>")]
    assert "送达执行通知书等" in section
    assert "网络查控" in section
    assert "待领取" in section


def test_a_batch_from_the_page_with_its_progress(
    file_enforcement, people, django_capture_on_commit_callbacks
) -> None:
    tasks = [_notice(file_enforcement()) for _ in range(3)]
    client = client_of(people["staff"])
    assert client.get(reverse("affairs:batches")).status_code == 200
    params = {"action": batches.COMPLETE_TASKS, "kind": task_kinds.NOTICE, "note": "统一送达"}
    preview = client.get(reverse("affairs:batches"), params).content.decode()
    assert "符合条件的共 3 项。" in preview
    assert preview.count('name="ids"') == 3
    assert "<li>" not in preview.split('id="preview"')[1].split("</section>")[0]  # a table, no bullets
    no_note = client.get(reverse("affairs:batches"), {**params, "note": ""})
    assert no_note.status_code == 400
    assert "请填写统一的办理结果说明。" in no_note.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            reverse("affairs:batches"), {**params, "selected": "1", "ids": [tasks[0].pk, tasks[2].pk]}
        )
    assert started.status_code == 302
    batch_url = started["Location"]
    page = client.get(batch_url).content.decode()
    assert 'id="progress-bar"' in page
    assert "成功 2，失败 0，共 2" in page
    pk = int(batch_url.rstrip("/").rsplit("/", 1)[1])
    progress = client.get(reverse("affairs:batch_progress", args=[pk]), {"format": "json"}).json()
    assert progress == {"id": pk, "status": "done", "total": 2, "done": 2, "failed": 0, "percent": 100}
    fragment = client.get(reverse("affairs:batch_progress", args=[pk])).content.decode()
    assert fragment.count('data-status="done"') == 3  # the batch and both items, refreshed together
    assert 'id="batch-items"' in fragment
    assert Task.objects.get(pk=tasks[1].pk).status == TaskStatus.OPEN
    assert client_of(people["officer"]).get(reverse("affairs:batches")).status_code == 403


def test_the_dead_letters_and_their_retry(people, django_capture_on_commit_callbacks) -> None:
    from zhiyuan.affairs import jobs

    jobs.register_handler("tests.fixed", lambda: "fine")
    job = Job.objects.create(
        handler="tests.fixed",
        key="dead:1",
        status=JobStatus.DEAD,
        attempts=5,
        last_error="TimeoutError: gateway",
    )
    client = client_of(people["staff"])
    page = client.get(reverse("affairs:dead_letters")).content.decode()
    assert "TimeoutError: gateway" in page
    assert f'data-job="{job.pk}"' in page
    assert client_of(people["officer"]).get(reverse("affairs:dead_letters")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("affairs:retry_job", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    again = client.post(reverse("affairs:retry_job", args=[job.pk]))
    assert again.status_code == 409
    assert "只有失败的作业可以重试。" in again.content.decode()


def test_the_affairs_staff_workbench_lists_waiting_tasks(file_enforcement, people) -> None:
    case = file_enforcement()
    response = client_of(people["staff"]).get("/")
    panels = {p["panel"].key: p for p in response.context["panels"]}
    assert panels["affairs.queue"]["count"] == 2
    labels = [row["item"].label for row in panels["affairs.queue"]["items"]]
    assert f"{case.case_number} · 送达执行通知书等" in labels
    for row in panels["affairs.queue"]["items"]:
        assert client_of(people["staff"]).get(row["item"].url).status_code == 200


def test_the_pages_speak_english(file_enforcement, people) -> None:
    file_enforcement()
    client = client_of(people["staff"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("affairs:queue")).content.decode()
    assert "Service team" in html
    assert "Serve the enforcement notice and related documents" in html
    assert "Claim" in html


def test_a_closed_cases_tasks_are_never_overdue(file_enforcement, people) -> None:
    import datetime as dt

    from zhiyuan.affairs import selectors
    from zhiyuan.cases.models import Case

    case = file_enforcement(filed_on=dt.date(2025, 1, 6))
    task = _notice(case)
    assert selectors.is_overdue(task)
    assert selectors.tasks(people["staff"], selectors.Filters(overdue=True)).filter(pk=task.pk).exists()
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=dt.date(2025, 3, 1))
    task = Task.objects.select_related("case").get(pk=task.pk)
    assert not selectors.is_overdue(task)
    assert not selectors.tasks(people["staff"], selectors.Filters(overdue=True)).filter(pk=task.pk).exists()
    html = client_of(people["officer"]).get(reverse("cases:detail", args=[case.case_number])).content.decode()
    assert "已逾期" not in html


def test_the_handler_sees_the_returned_tasks_of_their_cases(file_enforcement, people) -> None:
    import datetime as dt

    from zhiyuan.affairs import services
    from zhiyuan.cases.models import Assignment

    case = file_enforcement()
    other = file_enforcement()
    for c in (case, other):
        Assignment.objects.create(
            case=c,
            user_id=people["officer" if c == case else "head"].pk,
            user_name="x",
            capacity="handler",
            assigned_by="刘庭长",
            assigned_on=dt.date(2026, 11, 2),
        )
    for c in (case, other):
        task = services.claim(people["staff"], _notice(c))
        services.return_task(people["staff"], task, "被执行人地址不详，无法送达")
    panels = {p["panel"].key: p for p in client_of(people["officer"]).get("/").context["panels"]}
    returned = panels["affairs.returned"]
    assert returned["count"] == 1
    [row] = returned["items"]
    assert row["item"].label == f"{case.case_number} · 送达执行通知书等"
    assert "地址不详" in row["item"].note
    assert client_of(people["officer"]).get(row["item"].url).status_code == 200


def _assign(case: Any, user: Any) -> None:
    import datetime as dt

    from zhiyuan.cases.models import Assignment

    Assignment.objects.create(
        case=case,
        user_id=user.pk,
        user_name=user.get_full_name(),
        capacity="handler",
        assigned_by="刘庭长",
        assigned_on=dt.date(2026, 11, 2),
    )


def _returned_panel(user: Any) -> dict[str, Any]:
    return {p["panel"].key: p for p in client_of(user).get("/").context["panels"]}["affairs.returned"]


def test_the_handler_resubmits_or_acknowledges_a_returned_task(file_enforcement, people) -> None:
    from zhiyuan.affairs import services

    first, second = file_enforcement(), file_enforcement()
    for c in (first, second):
        _assign(c, people["officer"])
        services.return_task(people["staff"], services.claim(people["staff"], _notice(c)), "地址不详")
    officer = client_of(people["officer"])
    page = officer.get(reverse("affairs:task", args=[_notice(first).pk])).content.decode()
    assert 'id="resubmit-form"' in page
    assert 'id="acknowledge-form"' in page
    # bad input: no note of what was put right
    r = officer.post(reverse("affairs:task_action", args=[_notice(first).pk, "resubmit"]), {"note": " "})
    assert r.status_code == 400
    assert "补正" in r.content.decode()
    assert _notice(first).status == TaskStatus.RETURNED
    r = officer.post(
        reverse("affairs:task_action", args=[_notice(first).pk, "resubmit"]), {"note": "已补充被执行人新住址"}
    )
    assert r.status_code == 302
    task = _notice(first)
    assert (task.status, task.claimed_by_id, task.closed_at) == (TaskStatus.OPEN, None, None)
    assert [e.what for e in task.events.all()][-2:] == ["return", "resubmit"]
    assert _returned_panel(people["officer"])["count"] == 1
    r = officer.post(reverse("affairs:task_action", args=[_notice(second).pk, "acknowledge"]))
    assert r.status_code == 302
    assert _notice(second).status == TaskStatus.RETURNED  # it stays returned, for the record
    assert _returned_panel(people["officer"])["count"] == 0
    # returned again after it was resubmitted: it shows again
    services.return_task(people["staff2"], services.claim(people["staff2"], _notice(first)), "仍无法送达")
    assert _returned_panel(people["officer"])["count"] == 1


def test_only_the_handler_or_a_division_head_answers_a_returned_task(
    file_enforcement, people, make_user
) -> None:
    from zhiyuan.affairs import services
    from zhiyuan.law.errors import Denied, LawError

    case = file_enforcement()
    _assign(case, people["officer"])
    other = make_user("officer2", roles=("enforcement_officer",), court="黔0102", full_name="赵执行")
    task = _notice(case)
    with pytest.raises(LawError) as err:
        services.acknowledge(people["officer"], task)  # not returned yet
    assert err.value.code == "task_not_returned"
    services.return_task(people["staff"], services.claim(people["staff"], task), "地址不详")
    task = _notice(case)
    with pytest.raises(Denied):
        services.resubmit(other, task, "我来补正")
    assert (
        'id="resubmit-form"'
        not in client_of(other).get(reverse("affairs:task", args=[task.pk])).content.decode()
    )
    services.resubmit(people["head"], task, "庭长核实后重新提交")
    assert _notice(case).status == TaskStatus.OPEN
