"""指挥中心 pages, included by the shell at ``/command/``."""

from django.urls import URLPattern, URLResolver, path

from zhiyuan.command import definition_views, views

app_name = "command"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("definitions/", definition_views.definitions_page, name="definitions"),
    path("courts/<str:code>/", views.court, name="court"),
    path("courts/<str:code>/cases/", views.cases, name="cases"),
]
