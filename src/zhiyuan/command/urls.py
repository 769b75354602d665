"""指挥中心 pages, included by the shell at ``/command/``."""

from django.urls import URLPattern, URLResolver

app_name = "command"
urlpatterns: list[URLPattern | URLResolver] = []
