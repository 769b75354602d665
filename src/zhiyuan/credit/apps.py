"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    """Credit sanctions: the dishonest-debtor list, its public query, consumption restriction."""

    name = "zhiyuan.credit"
    verbose_name = _("信用惩戒")

    def ready(self) -> None:
        """Show the credit section on an enforcement case's page; delete listings when a case closes by an
        Art 10 trigger; name the nodes the credit steps write to
        a case's log (a workflow that manages no case: it only names its nodes)."""
        from django.urls import reverse

        from zhiyuan.cases import move_hooks, page_sections, workflows
        from zhiyuan.credit import services, views

        page_sections.register("credit.sanctions", views.case_page_section)
        move_hooks.register("credit.delete_on_closing", services.delete_on_closing)
        workflows.register(
            workflows.Workflow(
                "credit",
                "信用惩戒",
                "Credit sanctions",
                manages=lambda case: False,
                url=lambda case: reverse("credit:case", args=[case.case_number]),
                nodes=NODES,
            )
        )


#: the nodes the credit steps write to a case's log
NODES = {
    "credit_proposed": "提请纳入失信名单",
    "credit_decided": "决定纳入失信名单",
    "credit_refused": "不予批准纳入失信名单",
    "credit_published": "公布失信信息",
    "credit_served": "送达失信决定书",
    "credit_deleted": "删除失信信息",
    "credit_correction_requested": "失信纠正申请",
    "credit_correction_decided": "失信纠正审查",
    "credit_restriction_proposed": "提请签发限制消费令",
    "credit_restricted": "签发限制消费令",
    "credit_restriction_refused": "不予签发限制消费令",
    "credit_restriction_lifted": "解除限制消费令",
    "credit_restored": "信用修复",
}
