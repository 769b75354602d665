"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    """Enforcement cases as officers work them: triage (繁简分流) first."""

    name = "zhiyuan.enforcement"
    verbose_name = _("执行实施")

    def ready(self) -> None:
        """Triage every enforcement case as it is filed and give it its first tasks in the affairs center; show
        its track on the case page and the list."""
        from zhiyuan.cases import filing_hooks, list_columns, page_links, page_sections
        from zhiyuan.enforcement import listing, services, task_kinds, views

        filing_hooks.register("enforcement.triage", services.triage_on_filing)
        task_kinds.register()  # the affairs center's enforcement tasks (送达, 网络查控, …)
        page_sections.register("enforcement.triage", views.case_page_section)
        list_columns.register(listing.TRACK_COLUMN)

        from zhiyuan.cases import workflows
        from zhiyuan.enforcement.measures import names, work, workbench  # noqa: F401 - registers its panel
        from zhiyuan.enforcement.measures import network as receipts
        from zhiyuan.enforcement.measures import views as measures

        page_sections.register("enforcement.measures", measures.measures_section)
        page_sections.register("enforcement.property", measures.property_section)
        workflows.register(names.WORKFLOW)
        names.declare()
        work.register()  # the renewal batch of the affairs center
        receipts.register()  # the network's receipts become measures

        from zhiyuan.enforcement.inquiries import services as network
        from zhiyuan.enforcement.inquiries import views as network_views

        page_sections.register("enforcement.network", network_views.case_page_section)
        workflows.register(
            workflows.Workflow(
                "enforcement.network",
                "网络查控",
                "Asset inquiries",
                lambda case: False,
                lambda case: "",
                nodes=network.NODES,
            )
        )

        from zhiyuan.enforcement.hearings import services as hearings
        from zhiyuan.enforcement.hearings import timeline as hearing_timeline
        from zhiyuan.enforcement.hearings import views as hearing_views
        from zhiyuan.enforcement.hearings import workbench as hearing_panel  # noqa: F401 - registers it

        page_sections.register("enforcement.hearings", hearing_views.case_section)
        hearing_timeline.declare()
        workflows.register(
            workflows.Workflow(
                "enforcement.hearings",
                "执行听证",
                "Hearings",
                lambda case: False,
                lambda case: "",
                nodes=hearings.NODES,
            )
        )

        from zhiyuan.enforcement.criminal import services as criminal
        from zhiyuan.enforcement.criminal import views as criminal_views
        from zhiyuan.enforcement.criminal import workbench as criminal_menu  # noqa: F401 - its menu entry

        page_sections.register("enforcement.criminal", criminal_views.case_section)
        workflows.register(
            workflows.Workflow(
                "enforcement.criminal",
                "刑事裁判涉财产部分执行",
                "Property parts of criminal judgments",
                lambda case: False,
                lambda case: "",
                nodes=criminal.NODES,
            )
        )

        from zhiyuan.enforcement import network_hooks
        from zhiyuan.enforcement.termination import names as tcp
        from zhiyuan.enforcement.termination import resumption
        from zhiyuan.enforcement.termination import views as tcp_views
        from zhiyuan.enforcement.termination import workbench as tcp_workbench  # noqa: F401 - its panel

        page_sections.register("enforcement.termination", tcp_views.case_page_section)
        page_links.register("enforcement.termination", tcp_views.case_page_link)
        workflows.register(tcp.WORKFLOW)
        from zhiyuan.enforcement.refusal import services as refusal
        from zhiyuan.enforcement.refusal import views as refusal_views
        from zhiyuan.enforcement.refusal import workbench as refusal_panels  # noqa: F401 - its panels

        refusal.register_task_kind()
        page_sections.register("enforcement.refusal", refusal_views.case_section)
        workflows.register(
            workflows.Workflow(
                "enforcement.refusal",
                "打击拒执",
                "Refusal to execute",
                lambda case: False,
                lambda case: "",
                nodes=refusal.NODES,
            )
        )
        if resumption.on_answered not in network_hooks.INQUIRY_ANSWERED:
            network_hooks.INQUIRY_ANSWERED.append(resumption.on_answered)

        from zhiyuan.enforcement.bankruptcy import names as bankruptcy
        from zhiyuan.enforcement.bankruptcy import views as bankruptcy_views

        page_sections.register("enforcement.bankruptcy", bankruptcy_views.case_page_section)
        workflows.register(bankruptcy.WORKFLOW)
