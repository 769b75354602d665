"""Pages of the workflow (see zhiyuan.mediation.urls): the list, intake, a mediation and its steps."""

from django.urls import URLPattern, URLResolver, path

import zhiyuan.inputs.pages  # noqa: F401  (registers the <id:…> path converter)
from zhiyuan.mediation import views
from zhiyuan.mediation.intake import views as intake_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mediation_list, name="list"),
    path("intake/", intake_views.intake_page, name="intake"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/<slug:step>/", views.act, name="act"),
]
