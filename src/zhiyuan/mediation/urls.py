"""诉调对接 pages, included by the shell at ``/mediation/``: the organization register and the mediation
workflow (intake, delegation, sessions, agreements)."""

from django.urls import URLPattern, URLResolver

from zhiyuan.mediation.register import urls as register_urls
from zhiyuan.mediation.workflow import urls as workflow_urls

app_name = "mediation"
urlpatterns: list[URLPattern | URLResolver] = [*register_urls.urlpatterns, *workflow_urls.urlpatterns]
