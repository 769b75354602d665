"""The shell app: base templates, the home page and project-wide commands (``zhiyuan setup``)."""

from django.apps import AppConfig


class ZhiyuanConfig(AppConfig):
    """Registered so the shell's templates and management commands are found."""

    name = "zhiyuan"
    verbose_name = "执源"
