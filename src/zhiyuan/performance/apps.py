"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """Voluntary performance: effective titles, the three-notice chain, pre-enforcement urging, the good-faith list."""

    name = "zhiyuan.performance"
    verbose_name = _("自动履行")

    def ready(self) -> None:
        """Offer the title's entry (or its performance page) on a case's page."""
        from zhiyuan.cases import page_links
        from zhiyuan.performance.views import case_page_link

        page_links.register("performance.title", case_page_link)
