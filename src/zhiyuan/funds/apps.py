"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    """The case funds ledger: receipts, disbursements with graded approval, refunds, fees, reversals."""

    name = "zhiyuan.funds"
    verbose_name = _("案款")

    def ready(self) -> None:
        """Book the money deducted into a case (enforcement's money hook) and draw the funds section on the
        enforcement case page."""
        from django.urls import reverse

        import zhiyuan.enforcement.services as enforcement
        from zhiyuan.cases import page_sections, workflows
        from zhiyuan.funds import criminal, services, views, workbench  # noqa: F401 - registers its panels

        enforcement.on_money_deducted(services.book_deduction)
        enforcement.on_proceeds_paid(services.book_proceeds)  # a sale's price paid in: auction proceeds
        page_sections.register("funds.ledger", views.case_section)
        from zhiyuan.cases import page_links
        from zhiyuan.funds import criminal_views

        page_links.register("funds.criminal", criminal_views.page_link)
        workflows.register(  # a workflow that manages no case: it names the nodes the ledger writes
            workflows.Workflow(
                "funds",
                "案款",
                "Case funds",
                manages=lambda case: False,
                url=lambda case: reverse("funds:case", args=[case.case_number]),
                nodes={**services.NODES, **criminal.NODES},
            )
        )
