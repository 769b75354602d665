"""What dispatch adds to the registries of the apps below it: the case-page section, the names of its
node-log entries, and the cross-court batch action."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhiyuan.affairs.registry import register_batch_action
from zhiyuan.cases import page_sections, workflows

NODES = {
    "dispatch_sent": "发出调度",
    "dispatch_accepted": "调度受理立案",
    "dispatch_received": "接受调度立案",
    "dispatch_returned": "调度退回",
    "dispatch_report": "函告执行情况",
    "dispatch_closed": "调度办结",
    "dispatch_overdue": "调度期限逾期",
    "order_issued": "交办督办",
    "order_overdue": "交办逾期升级督办",
}
_NODE_NAMES = [_("发出调度"), _("调度受理立案"), _("接受调度立案"), _("调度退回"), _("函告执行情况"), _("调度办结"),
               _("调度期限逾期"), _("交办督办"), _("交办逾期升级督办")]  # fmt: skip


def register_all() -> None:
    """Called from ``DispatchConfig.ready``."""
    from zhiyuan.dispatch import batch, views

    page_sections.register("dispatch.case", views.case_section)
    workflows.register(
        workflows.Workflow(
            "dispatch",
            "调度",
            "Dispatch",
            manages=lambda case: False,
            url=lambda case: reverse("dispatch:list") + f"?case={case.case_number}",
            nodes=NODES,
        )
    )
    register_batch_action(batch.ACTION)
