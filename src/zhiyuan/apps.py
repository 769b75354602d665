"""The shell app: base templates, the home page and project-wide commands (``zhiyuan setup``)."""

from django.apps import AppConfig


class ZhiyuanConfig(AppConfig):
    """Registered so the shell's templates and management commands are found."""

    name = "zhiyuan"
    verbose_name = "执源"

    def ready(self) -> None:
        """Register the production checks of ``zhiyuan check --deploy``."""
        from zhiyuan.operations import deploy_checks  # noqa: F401 - registers on import
