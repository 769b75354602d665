"""Case pages, included by the shell at ``/cases/``.

Case numbers contain full-width brackets (（2025）黔0102执123号); the ``str`` converter takes them as they
come URL-encoded, and ``reverse`` encodes them."""

from django.urls import path

import zhiyuan.inputs.pages  # noqa: F401  (registers the <id:…> path converter)
from zhiyuan.cases import duty_views, graph_views, views

app_name = "cases"
urlpatterns = [
    path("", views.search, name="search"),
    path("disputes/<id:dispute_id>/", graph_views.dispute, name="dispute"),
    path("parties/<id:party_id>/", graph_views.party, name="party"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/transition/", views.transition, name="transition"),
    path("<str:number>/correction/", views.correct, name="correct"),
    path("<str:number>/handler/", duty_views.assign_handler, name="assign_handler"),
    path("<str:number>/approvals/", duty_views.request_approval, name="request_approval"),
    path(
        "<str:number>/approvals/<id:approval_id>/decision/",
        duty_views.decide_approval,
        name="decide_approval",
    ),
]
