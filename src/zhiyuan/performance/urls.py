"""自动履行 pages, included by the shell at ``/performance/``."""

from django.urls import URLPattern, URLResolver

app_name = "performance"
urlpatterns: list[URLPattern | URLResolver] = []
