"""django-otp's TOTP app under a Chinese name (its own module: an apps.py with two configurations would
leave Django to pick neither for ``zhiyuan.accounts``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecondFactorConfig(AppConfig):
    """django-otp's TOTP plugin under a Chinese name: the app and its device model are named in plain
    strings upstream (``Otp_Totp``, ``TOTP devices``), which no catalogue can translate."""

    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    verbose_name = _("动态口令")
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        device = self.get_model("TOTPDevice")
        device._meta.verbose_name = _("动态口令设备")
        device._meta.verbose_name_plural = _("动态口令设备")
