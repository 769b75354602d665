"""诉调对接 pages, included by the shell at ``/mediation/``: the organization register and the mediation
workflow (intake, delegation, sessions, agreements)."""

from django.urls import URLPattern, URLResolver

from zhiyuan.mediation import register_urls, workflow_urls

app_name = "mediation"
urlpatterns: list[URLPattern | URLResolver] = [*register_urls.urlpatterns, *workflow_urls.urlpatterns]
