"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AffairsConfig(AppConfig):
    """The affairs center (执行事务中心, 集约): task queues, batches and durable jobs."""

    name = "zhiyuan.affairs"
    verbose_name = _("执行事务中心")

    def ready(self) -> None:
        """Show a case's tasks on its page; declare the built-in batch action and the job handlers; cancel
        a case's waiting tasks when it closes."""
        from zhiyuan.affairs import batches, services, views
        from zhiyuan.cases import move_hooks, page_sections

        page_sections.register("affairs.tasks", views.case_page_section)
        move_hooks.register("affairs.cancel_on_closing", services.cancel_on_closing)
        batches.register_builtin()
