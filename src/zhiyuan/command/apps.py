"""App config."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommandConfig(AppConfig):
    """The command center: overview, people, cases and property, campaigns and monthly reports."""

    name = "zhiyuan.command"
    verbose_name = _("指挥中心")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zhiyuan.command.campaigns import selectors as campaigns
        from zhiyuan.command.campaigns.seeding import after_migrate
        from zhiyuan.command.reports import jobs
        from zhiyuan.governance.selectors import use_source

        # one definition of a campaign everywhere: the indicators read the saved campaigns
        use_source(campaigns.source)
        jobs.register()
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="command.campaigns.seed")
