"""指挥中心 pages, included by the shell at ``/command/``."""

from django.urls import URLPattern, URLResolver, path

from zhiyuan.command import definition_views, people_views, property_views, views

app_name = "command"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("definitions/", definition_views.definitions_page, name="definitions"),
    path("courts/<str:code>/", views.court, name="court"),
    path("courts/<str:code>/cases/", views.cases, name="cases"),
    path("courts/<str:code>/situation.xlsx", views.situation_export, name="situation_export"),
    path("courts/<str:code>/people/", people_views.people_page, name="people"),
    path("courts/<str:code>/property/", property_views.property_page, name="property"),
    path("courts/<str:code>/property/list/", property_views.property_list, name="property_list"),
    path("people/<int:person_id>/", people_views.person_page, name="person"),
]
