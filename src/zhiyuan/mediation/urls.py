"""诉调对接 pages, included by the shell at ``/mediation/``."""

from django.urls import URLPattern, URLResolver

app_name = "mediation"
urlpatterns: list[URLPattern | URLResolver] = []
