"""The affairs center in a real browser: the affairs staff member claims a task from the queue, is told in
Chinese that returning needs a reason, completes it, then runs a batch over the court's inquiry tasks and
sees the progress bar full with each item's result."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_cases_pages import sign_in
from zhiyuan.accounts.demo import ensure_demo_users
from zhiyuan.affairs.models import Task, TaskStatus
from zhiyuan.cases import services as cases
from zhiyuan.cases.models import Case
from zhiyuan.cases.services import PartyIn
from zhiyuan.courts.services import load_reference_data
from zhiyuan.enforcement import task_kinds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filed() -> list[Case]:
    """Two new 执 cases at 黔0102 (each with its notice-service and inquiry tasks)."""
    load_reference_data()
    ensure_demo_users()
    return [
        cases.file_case(
            None,
            court_code="黔0102",
            type_code="执",
            filed_on=timezone.localdate(),
            claim_amount=Decimal("8000"),
            parties_in=[
                PartyIn("陈明", "plaintiff", "110101198506120039"),
                PartyIn("刘强", "defendant", "520102199105050022"),
            ],
        )
        for _ in range(2)
    ]


def test_claim_work_and_batch(live_server, page: Page, filed: list[Case]) -> None:
    sign_in(page, live_server.url, "affairs_staff")
    page.click("#nav-affairs")
    expect(page.locator('#queues tr[data-team="service"] .open')).to_have_text("2")
    notice = Task.objects.get(case=filed[0], kind=task_kinds.NOTICE)
    page.locator(f'button.claim[data-task="{notice.pk}"]').click()
    page.locator(f'a.work[data-task="{notice.pk}"]').click()
    page.locator("#return-form button[type=submit]").click()  # no reason: the browser asks first
    expect(page.locator("#task-status")).to_have_text("办理中")
    page.locator("#return-form textarea").fill(" ")
    page.locator("#return-form button[type=submit]").click()
    expect(page.locator("#task-error")).to_contain_text("退回任务须说明理由。")
    page.locator("#complete-form textarea").fill("已直接送达")
    page.locator("#complete-form button[type=submit]").click()
    expect(page.locator("#task-status")).to_have_text("已完成")
    expect(page.locator('#task-events tr[data-what="done"]')).to_contain_text("演示执行事务中心人员")

    page.goto(f"{live_server.url}/affairs/batches/")
    page.select_option("#id_action", "affairs.complete_tasks")
    page.select_option("#id_kind", task_kinds.INQUIRY)
    page.fill("#id_note", "查控完毕")
    page.click("#batch-preview")
    expect(page.locator("#preview-count")).to_contain_text("符合条件的共 2 项。")
    page.click("#batch-submit")
    expect(page.locator("#progress-text")).to_contain_text("成功 2，失败 0，共 2")
    assert page.locator("#progress-bar").get_attribute("value") == "2"
    expect(page.locator('#batch-items tr[data-status="done"]')).to_have_count(2)
    assert set(Task.objects.filter(kind=task_kinds.INQUIRY).values_list("status", flat=True)) == {
        TaskStatus.DONE
    }
