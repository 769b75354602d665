"""Pages of the register (see zhiyuan.mediation.urls)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
